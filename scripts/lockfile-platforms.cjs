#!/usr/bin/env node
/**
 * Keeps package-lock.json installable everywhere. The npm registry mirror of our build machines lacks the
 * non-Linux binaries of some packages (e.g. @biomejs/cli-darwin-arm64 answers 404), so an `npm install`
 * there leaves their entries out of the lockfile, and `npm ci` then refuses the lockfile as out of sync
 * on every machine. This adds the missing optional platform entries back (version, os, cpu, libc: all npm
 * needs to skip them on other platforms and fetch them on theirs). Run it after `npm install`; `.ci/run`
 * checks it (`--check`) before its clean install.
 */
const { readFileSync, writeFileSync } = require("node:fs");
const { join } = require("node:path");

const root = join(__dirname, "..");
const path = join(root, "package-lock.json");
const lock = JSON.parse(readFileSync(path, "utf8"));

/** Optional platform packages of installed packages that the lockfile does not list. */
function missing() {
  const out = [];
  for (const entry of Object.values(lock.packages)) {
    for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
      const at = `node_modules/${name}`;
      if (!lock.packages[at] && /^@biomejs\/cli-/.test(name)) out.push({ at, name, version, dev: entry.dev });
    }
  }
  return out;
}

function platformOf(name) {
  const [, os, cpu, libc] = /cli-(\w+?)-(arm64|x64)(?:-(musl))?$/.exec(name) ?? [];
  return { os, cpu, libc };
}

const add = missing();
if (process.argv.includes("--check")) {
  if (add.length) {
    process.stderr.write(
      `package-lock.json lacks ${add.map((a) => a.name).join(", ")}: run node scripts/lockfile-platforms.cjs\n`,
    );
    process.exit(1);
  }
  process.exit(0);
}
for (const { at, version, dev, name } of add) {
  const { os, cpu, libc } = platformOf(name);
  lock.packages[at] = {
    version,
    cpu: [cpu],
    ...(dev ? { dev: true } : {}),
    ...(libc ? { libc: [libc] } : {}),
    license: "MIT OR Apache-2.0",
    optional: true,
    os: [os],
    engines: { node: ">=14.21.3" },
  };
}
const sorted = Object.fromEntries(
  Object.entries(lock.packages).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
);
lock.packages = sorted;
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
process.stdout.write(add.length ? `added ${add.length} platform entries\n` : "lockfile complete\n");
