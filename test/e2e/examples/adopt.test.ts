/**
 * examples/adopt: pipelines that already exist in Feldera, named with the SQL each should run in the
 * config object `pipelines`, brought under Pulumi by `adopt: true` with the fewest changes.
 */
import { describe, expect, it } from "vitest";
import { waitForPipeline } from "../../support/emulator";
import { changes, expectOk, SQL_V1, SQL_V2, scaled, testStack } from "../support";
import { example, live } from "./support";

describe("examples/adopt", () => {
  it(
    "adopts two pipelines made outside Pulumi without creating either, changing only what differs",
    async () => {
      const pipelines = { "legacy-orders": SQL_V1, "legacy-revenue": SQL_V2 };
      const s = await testStack({
        programDir: example("adopt"),
        config: { pipelines: JSON.stringify(pipelines) },
      });
      // Made by hand: legacy-orders runs the declared SQL; legacy-revenue, stopped, runs an older one.
      await s.api.post("/v0/pipelines", { body: { name: "legacy-orders", program_code: SQL_V1 } });
      await s.api.post("/v0/pipelines", { body: { name: "legacy-revenue", program_code: SQL_V1 } });
      await s.api.post("/v0/pipelines/legacy-orders/start");
      await waitForPipeline(s.api, "legacy-orders", (p) => p.deployment_status === "Running");
      const ids = Object.keys(pipelines).map((name) => live(s, name)["id"]);

      const mark = s.mark();
      const up = expectOk(await s.engine.up());
      // Sorted: the two adoptions run concurrently, so they finish in any order.
      expect(changes(up).sort()).toEqual([
        "create feldera-adopt-dev",
        "create legacy-orders",
        "create legacy-revenue",
      ]);
      expect(s.writesSince(mark)).toEqual([
        "PATCH /v0/pipelines/legacy-revenue {program_code}",
        "POST /v0/pipelines/legacy-revenue/start?bootstrap_policy=allow&dismiss_error=false&initial=running",
      ]);
      expect(up.outputs["adoptedIds"]).toEqual(ids);
      expect(s.pipelines().map((p) => p.id)).toEqual(ids);
      expect(live(s, "legacy-revenue")).toMatchObject({ program_code: SQL_V2, deployment_status: "Running" });

      const again = s.mark();
      expect(changes(expectOk(await s.engine.preview()))).toEqual([]);
      expect(s.writesSince(again)).toEqual([]);
    },
    scaled(30_000),
  );
});
