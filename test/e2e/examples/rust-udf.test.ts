/**
 * examples/rust-udf: a SQL program whose function `mask_card` is implemented in Rust (`udf.rs`, crates in
 * `udf.toml`). The emulator compiles the Rust part too (a `RUST_ERROR` in udf_rust fails it).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { changes, expectOk, scaled, testStack } from "../support";
import { editableCopy, example, live, otherStack } from "./support";

const DIR = example("rust-udf");
const read = (file: string) => readFileSync(join(DIR, file), "utf8");

describe("examples/rust-udf", () => {
  it(
    "runs the SQL with its Rust UDF as in the files, recompiles on a udf.rs edit, deletes it on destroy",
    async () => {
      const s = await testStack({ programDir: DIR });
      const up = expectOk(await s.engine.up());
      expect(changes(up)).toEqual(["create feldera-rust-udf-dev", "create masked-payments"]);
      expect(up.outputs).toEqual({ programStatus: "Success", deploymentStatus: "Running" });
      expect(s.writesSince(0)[0]).toBe(
        "POST /v0/pipelines {name,program_code,runtime_config,program_config,udf_rust,udf_toml}",
      );
      expect(live(s, "masked-payments")).toMatchObject({
        program_code: read("program.sql"),
        udf_rust: read("udf.rs"),
        udf_toml: read("udf.toml"),
        program_config: { profile: "optimized" },
        runtime_config: { workers: 4 },
        program_status: "Success",
        deployment_status: "Running",
      });

      // The same stack from a working copy whose udf.rs masks differently: only udfRust changes.
      const copy = editableCopy(DIR, [
        "Pulumi.yaml",
        "package.json",
        "index.ts",
        "program.sql",
        "udf.rs",
        "udf.toml",
      ]);
      const udf = read("udf.rs").replace("**** **** **** ", "xxxx-xxxx-xxxx-");
      writeFileSync(join(copy, "udf.rs"), udf);
      const edited = otherStack(s, "dev", {}, copy);
      expect(changes(expectOk(await edited.preview()))).toEqual(["update masked-payments [diff: ~udfRust]"]);
      const mark = s.mark();
      expectOk(await edited.up());
      expect(s.writesSince(mark)).toEqual([
        "POST /v0/pipelines/masked-payments/stop?force=true",
        "PATCH /v0/pipelines/masked-payments {udf_rust}",
        "POST /v0/pipelines/masked-payments/start?bootstrap_policy=allow&dismiss_error=false&initial=running",
      ]);
      expect(live(s, "masked-payments")).toMatchObject({ udf_rust: udf, deployment_status: "Running" });

      expectOk(await edited.destroy());
      expect(s.emulator.snapshot("masked-payments")).toBeUndefined();
      edited.checkLeaks();
    },
    scaled(30_000),
  );
});
