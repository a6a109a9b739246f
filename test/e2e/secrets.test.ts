/**
 * Secrets across the wire. The host answers Configure with acceptSecrets false, so the engine sends it
 * plain values and marks secret again every output whose input of the same name was secret; the
 * checkpoint stores secrets encrypted. The API key (a secret in the stack config) must surface nowhere:
 * every e2e test checks the checkpoint, the gRPC responses and the host's output for it (support.ts).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { secret } from "../../tools/engine-stand-in";
import { changes, expectNoLeak, expectOk, reported, SQL_V1, scaled, testStack } from "./support";

describe("secrets", () => {
  it(
    "sends a secret program to Feldera in plain, and keeps it encrypted in the state's inputs and outputs",
    async () => {
      const s = await testStack({ config: { secretProgram: "true" } });
      const up = expectOk(await s.engine.up());
      expect(s.emulator.snapshot(s.name)).toMatchObject({ program_code: SQL_V1 });
      expect(s.pipelines()[0]).toMatchObject({
        inputs: { programCode: secret(SQL_V1) },
        outputs: { programCode: secret(SQL_V1), deploymentStatus: "Running" },
      });
      const checkpoint = readFileSync(s.engine.state.path, "utf8");
      expect(checkpoint).not.toContain("big_orders"); // no output repeats the SQL under another name
      expect(up.outputs).toEqual({ statuses: { [s.name]: "Running" } });
      expect(changes(expectOk(await s.engine.up()))).toEqual([]);
    },
    scaled(60_000),
  );

  it(
    "keeps a wrong API key out of errors, the state and the host's output",
    async () => {
      const wrong = `${"fdr-wrong-"}${Date.now()}`;
      const s = await testStack({ config: { "feldera:apiKey": { secret: wrong } } });
      const up = await s.engine.up();
      expect(up.ok).toBe(false);
      expect(reported(up)).toMatch(/401|unauthori[sz]ed|API key/i);
      expect(up.diagnostics.join("\n")).not.toContain(wrong);
      expectNoLeak(s.engine, wrong);
    },
    scaled(60_000),
  );
});
