/**
 * A pipeline with a Rust user-defined function: `program.sql` declares `mask_card`, `udf.rs` implements
 * it, `udf.toml` lists extra crates. A change to either file recompiles the program (Rust builds take
 * longer than SQL: raise `timeouts.compile` if your server's first build is slow).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as feldera from "pulumi-feldera";

const read = (file: string) => fs.readFileSync(path.join(__dirname, file), "utf8");

const payments = new feldera.Pipeline("masked-payments", {
  programCode: read("program.sql"),
  udfRust: read("udf.rs"),
  udfToml: read("udf.toml"),
  programConfig: { profile: "optimized" },
  runtimeConfig: { workers: 4 },
  timeouts: { compile: 3600 },
});

export const programStatus = payments.programStatus;
export const deploymentStatus = payments.deploymentStatus;
