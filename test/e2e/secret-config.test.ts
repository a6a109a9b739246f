/**
 * Inputs at every depth, through the real runtime: test/e2e/programs/secret-config declares a secret
 * inside `runtimeConfig.env` and an object-store URL from another resource's output. The secret goes to
 * Feldera in plain (it is the pipeline's environment), and nowhere else in plain: the checkpoint holds
 * it encrypted, the declared `runtimeConfig` output stays secret at that key, and the outputs derived
 * from it (`effectiveRuntimeConfig`, the stack's outputs) never carry it.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REDACTED } from "../../provider/resource/outputs";
import { secret } from "../../tools/engine-stand-in";
import { changes, expectOk, SQL_V1, testStack } from "./support";

const PROGRAM = join(__dirname, "programs", "secret-config");

describe("a secret and another resource's output inside runtimeConfig", () => {
  it("deploys with both resolved, and keeps the secret encrypted in state and out of every output", async () => {
    const password = `kafka-pw-${Date.now()}`;
    const s = await testStack({
      programDir: PROGRAM,
      config: { programCode: SQL_V1, kafkaPassword: { secret: password } },
    });
    expect(changes(expectOk(await s.engine.preview()))).toEqual([
      "create feldera-secret-config-dev",
      "create checkpoints",
      "create secret-config",
    ]);
    const up = expectOk(await s.engine.up());

    const url = `s3://${s.name}-bucket/checkpoints`;
    expect(s.emulator.snapshot(s.name)).toMatchObject({
      runtime_config: {
        workers: 4,
        env: { KAFKA_PASSWORD: password, KAFKA_USER: "orders" },
        storage: { backend: { name: "object", config: { url } } },
      },
    });
    const [pipeline] = s.pipelines();
    const declared = { KAFKA_PASSWORD: secret(password), KAFKA_USER: "orders" };
    expect(pipeline?.inputs["runtimeConfig"]).toMatchObject({ env: declared });
    expect(pipeline?.outputs["runtimeConfig"]).toMatchObject({ env: declared });
    expect(pipeline?.outputs["effectiveRuntimeConfig"]).toMatchObject({
      env: { KAFKA_PASSWORD: REDACTED, KAFKA_USER: REDACTED },
      storage: { backend: { config: { url } } },
    });
    expect(readFileSync(s.engine.state.path, "utf8")).not.toContain(password);
    expect(JSON.stringify(up.outputs)).not.toContain(password);
    expect(up.outputs).toMatchObject({ storageUrl: url, status: "Running" });
    expect(s.engine.hostOutput.filter((l) => l.includes(password))).toEqual([]);

    expect(changes(expectOk(await s.engine.up()))).toEqual([]);
  }, 120_000);
});
