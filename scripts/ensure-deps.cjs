#!/usr/bin/env node
/**
 * Makes `npm run demo` and `npm test` work on a fresh clone: installs the locked dependencies (`npm ci`)
 * when node_modules is missing or older than package-lock.json, and does nothing otherwise. Plain
 * JavaScript with no dependencies, because it runs before there are any.
 */
const { execSync } = require("node:child_process");
const { statSync } = require("node:fs");
const { join } = require("node:path");

const root = join(__dirname, "..");
const mtime = (p) => {
  try {
    return statSync(join(root, p)).mtimeMs;
  } catch {
    return undefined;
  }
};

const installed = mtime("node_modules/.package-lock.json");
const locked = mtime("package-lock.json");
if (installed === undefined || (locked !== undefined && locked > installed)) {
  process.stderr.write("Installing dependencies (npm ci)…\n");
  execSync("npm ci --no-audit --no-fund", { cwd: root, stdio: "inherit" });
}
