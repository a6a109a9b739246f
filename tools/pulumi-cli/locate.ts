/**
 * Where the real `pulumi` CLI is: `.pulumi-bin/` of this repository (scripts/install-pulumi), else `pulumi`
 * on PATH. `PULUMI_FELDERA_REQUIRE_CLI=1` (CI) turns "not found" into an error, so a suite that needs the
 * CLI fails there instead of skipping.
 */
import { accessSync, constants, readFileSync } from "node:fs";
import { delimiter, dirname, join, sep } from "node:path";

/** This repository's root, from the source (tools/pulumi-cli) or a compiled copy (dist/tools/pulumi-cli). */
export const REPOSITORY = __dirname.includes(`${sep}dist${sep}`)
  ? join(__dirname, "..", "..", "..")
  : join(__dirname, "..", "..");

export interface PulumiCli {
  /** The directory to put first on PATH: `pulumi`, its language host and the dynamic-provider plugin. */
  binDir: string;
  pulumi: string;
  /** What scripts/install-pulumi recorded (version, which language host, build time), when it made binDir. */
  build?: { version: string; languageHost: string; languageHostReason?: string; buildSeconds?: number };
}

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function findPulumiCli(): PulumiCli | undefined {
  const installed = join(REPOSITORY, ".pulumi-bin");
  if (executable(join(installed, "pulumi"))) {
    let build: PulumiCli["build"];
    try {
      build = JSON.parse(readFileSync(join(installed, "cli.json"), "utf8"));
    } catch {}
    return { binDir: installed, pulumi: join(installed, "pulumi"), ...(build ? { build } : {}) };
  }
  for (const dir of (process.env["PATH"] ?? "").split(delimiter)) {
    if (dir && executable(join(dir, "pulumi")))
      return { binDir: dirname(join(dir, "pulumi")), pulumi: join(dir, "pulumi") };
  }
  return undefined;
}

/** Why there is no CLI, in one sentence a test's skip can carry. */
export const NO_CLI =
  "the pulumi CLI is not installed: run scripts/install-pulumi (it builds it with Go) or install Pulumi and put it on PATH";

/** The CLI, or undefined with the skip reason; throws where the CLI is required (CI). */
export function pulumiCliOrSkip(): PulumiCli | undefined {
  const cli = findPulumiCli();
  if (!cli && process.env["PULUMI_FELDERA_REQUIRE_CLI"] === "1") {
    throw new Error(`PULUMI_FELDERA_REQUIRE_CLI=1 but ${NO_CLI}`);
  }
  return cli;
}
