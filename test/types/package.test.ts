/**
 * The published types compile in a user's project, whatever its tsconfig: the package is packed
 * (`npm pack`, the files a registry would serve), unpacked into node_modules/pulumi-feldera of a fresh
 * project per tsconfig, its dependencies linked from this repository's node_modules (no registry), and
 * `tsc` checks a program that uses every export (fixtures/every-export.ts) plus the e2e program with a
 * secret inside runtimeConfig (test/e2e/programs/secret-config). Nothing zod or undici declares may be
 * loaded: the public declarations name only this package's types (and Pulumi's).
 */
import { execFile } from "node:child_process";
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportNames, ROOT, readPublicApi } from "./public-api";

const run = promisify(execFile);

/** `pulumi new typescript`'s tsconfig.json, as generated (Pulumi's templates repository, typescript/). */
const PULUMI_NEW = {
  strict: true,
  outDir: "bin",
  target: "es2020",
  module: "commonjs",
  moduleResolution: "node",
  sourceMap: true,
  experimentalDecorators: true,
  pretty: true,
  noFallthroughCasesInSwitch: true,
  noImplicitReturns: true,
  forceConsistentCasingInFileNames: true,
};
const STRICT = { strict: true, target: "ES2022", outDir: "bin" };

/** [name, package.json "type", compilerOptions]. No entry sets skipLibCheck unless it says so. */
const MATRIX: [string, "commonjs" | "module", Record<string, unknown>][] = [
  ["pulumi new (commonjs, moduleResolution node)", "commonjs", PULUMI_NEW],
  [
    "pulumi new + esModuleInterop + skipLibCheck",
    "commonjs",
    { ...PULUMI_NEW, esModuleInterop: true, skipLibCheck: true },
  ],
  [
    "ESM, module esnext, moduleResolution node",
    "module",
    { ...STRICT, module: "esnext", moduleResolution: "node" },
  ],
  ["node16, commonjs", "commonjs", { ...STRICT, module: "node16", moduleResolution: "node16" }],
  ["node16, ESM", "module", { ...STRICT, module: "node16", moduleResolution: "node16" }],
  [
    "nodenext, commonjs, esModuleInterop false",
    "commonjs",
    { ...STRICT, module: "nodenext", moduleResolution: "nodenext", esModuleInterop: false },
  ],
  [
    "nodenext, ESM, verbatimModuleSyntax",
    "module",
    { ...STRICT, module: "nodenext", moduleResolution: "nodenext", verbatimModuleSyntax: true },
  ],
  [
    "bundler, module esnext, isolatedModules",
    "module",
    { ...STRICT, module: "esnext", moduleResolution: "bundler", isolatedModules: true },
  ],
  [
    "bundler, module preserve, esModuleInterop + skipLibCheck",
    "commonjs",
    { ...STRICT, module: "preserve", moduleResolution: "bundler", esModuleInterop: true, skipLibCheck: true },
  ],
];

/** What a deployment project has installed beside pulumi-feldera (its dependencies and peers, @types/node). */
const LINKED = ["@pulumi/pulumi", "@pulumi/policy", "@types/node", "zod", "undici"];
const FIXTURE = join(__dirname, "fixtures", "every-export.ts");
const SECRET_PROGRAM = join(ROOT, "test", "e2e", "programs", "secret-config", "index.ts");

let work: string;
let tarball: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "feldera-types-"));
  const { stdout } = await run(
    "npm",
    ["pack", "--json", "--ignore-scripts", "--offline", "--pack-destination", work],
    {
      cwd: ROOT,
    },
  );
  tarball = join(work, (JSON.parse(stdout) as { filename: string }[])[0]!.filename);
}, 60_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A project with the packed package installed and the given tsconfig; returns its directory. */
async function project(
  name: string,
  type: string,
  compilerOptions: Record<string, unknown>,
): Promise<string> {
  const dir = join(work, name.replace(/[^a-z0-9]+/gi, "-"));
  const installed = join(dir, "node_modules", "pulumi-feldera");
  mkdirSync(installed, { recursive: true });
  await run("tar", ["-xzf", tarball, "-C", installed, "--strip-components=1"]);
  for (const dep of LINKED) {
    mkdirSync(dirname(join(dir, "node_modules", dep)), { recursive: true });
    symlinkSync(join(ROOT, "node_modules", dep), join(dir, "node_modules", dep), "dir");
  }
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "deployment", private: true, type }));
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify({ compilerOptions, files: ["index.ts", "secret-config.ts"] }),
  );
  copyFileSync(FIXTURE, join(dir, "index.ts"));
  copyFileSync(SECRET_PROGRAM, join(dir, "secret-config.ts"));
  return dir;
}

/** Two compilers at a time (each is CPU-bound; the tests share two cores): a queue per slot. */
const slots = [Promise.resolve(), Promise.resolve()];
let turn = 0;
function inSlot<T>(task: () => Promise<T>): Promise<T> {
  const slot = turn++ % slots.length;
  const result = slots[slot]!.then(task);
  slots[slot] = result.then(
    () => undefined,
    () => undefined,
  );
  return result;
}

/** `tsc --noEmit --listFiles`: its errors, and the declaration files it loaded. */
async function typecheck(dir: string): Promise<{ errors: string[]; files: string[] }> {
  const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
  const output = await run(
    process.execPath,
    [tsc, "-p", dir, "--noEmit", "--pretty", "false", "--listFiles"],
    {
      cwd: dir,
      maxBuffer: 64 * 1024 * 1024,
    },
  ).then(
    (r) => r.stdout + r.stderr,
    (e: { stdout?: string; stderr?: string }) => `${e.stdout ?? ""}${e.stderr ?? ""}`,
  );
  const lines = output.split("\n").filter((l) => l.trim() !== "");
  const isFile = (l: string) => l.startsWith("/") && !/\(\d+,\d+\): /.test(l);
  return { errors: lines.filter((l) => !isFile(l)), files: lines.filter(isFile) };
}

describe("the packed package in a fresh project", () => {
  it("is type-checked with a program that uses every export", () => {
    const fixture = readFileSync(FIXTURE, "utf8");
    const unused = exportNames(readPublicApi()).filter(
      (name) => !new RegExp(`\\b${name.replace(".", "\\.")}\\b`).test(fixture),
    );
    expect(unused).toEqual([]);
  }, 60_000);

  describe.concurrent("compiles with no error under each tsconfig", () => {
    it.each(MATRIX)(
      "%s",
      async (name, type, compilerOptions) => {
        const dir = await project(name, type, compilerOptions);
        const { errors, files } = await inSlot(() => typecheck(dir));
        expect(errors).toEqual([]);
        expect(files.some((f) => f.endsWith("pulumi-feldera/dist/provider/index.d.ts"))).toBe(true);
        // The client's dependencies are implementation: their declarations must not be needed.
        expect(files.filter((f) => /\/node_modules\/(zod|undici)\//.test(f))).toEqual([]);
      },
      // Generous: a test waits its turn for a compiler slot, and the machine may be shared.
      600_000,
    );
  });
});
