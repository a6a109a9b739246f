/**
 * The state between runs: refresh after changes made outside Pulumi, adoption of a pipeline that already
 * exists, and a checkpoint written by an earlier build, whose serialized provider (`__provider`, stored in
 * each resource's inputs and outputs) is what refresh and destroy run.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CliEngine } from "../../tools/pulumi-cli/cli-engine";
import { until, waitForPipeline } from "../support/emulator";
import { changes, expectOk, ROOT, reported, SQL_V1, type StackEngine, scaled, testStack } from "./support";

/** The serialized provider of an earlier build (the fixture's leading comment lines are its note). */
const EARLIER_PROVIDER = readFileSync(join(ROOT, "test", "fixtures", "provider-0.1.0.js"), "utf8").replace(
  /^(\/\/.*\n)+/,
  "",
);

/** Rewrites the checkpoint as if `__provider` had been serialized by another build. */
function storeProvider(engine: StackEngine, text: string): void {
  if (engine instanceof CliEngine) {
    engine.editState((resources) => {
      for (const r of resources) {
        if (!String(r["type"]).endsWith("feldera:Pipeline")) continue;
        (r["inputs"] as Record<string, unknown>)["__provider"] = text;
        (r["outputs"] as Record<string, unknown>)["__provider"] = text;
      }
    });
    return;
  }
  const snapshot = engine.readState();
  for (const r of snapshot.resources) {
    if (!r.type.endsWith("feldera:Pipeline")) continue;
    r.inputs["__provider"] = text;
    r.outputs["__provider"] = text;
  }
  engine.state.write(snapshot);
}

describe("refresh", () => {
  it(
    "records an out-of-band edit, previews its revert, and reverts it on up",
    async () => {
      const s = await testStack({ config: { description: "declared" } });
      expectOk(await s.engine.up());
      await s.api.patch(`/v0/pipelines/${s.name}`, { body: { description: "edited by hand" } });

      const refresh = expectOk(await s.engine.refresh());
      expect(changes(refresh)).toEqual(["update orders [diff: ~description]"]);
      expect(s.pipelines()[0]).toMatchObject({
        inputs: { description: "declared" },
        outputs: { description: "edited by hand" },
      });
      // Inputs did not change, so the CLI shows the update without property names (pulumi#3080).
      expect(changes(expectOk(await s.engine.preview()))).toEqual(["update orders"]);
      const mark = s.mark();
      expectOk(await s.engine.up());
      expect(s.writesSince(mark)).toEqual([`PATCH /v0/pipelines/${s.name} {description}`]);
      expect(s.emulator.snapshot(s.name)).toMatchObject({ description: "declared" });
    },
    scaled(60_000),
  );

  it(
    "drops a pipeline deleted outside Pulumi from the state, and the next up creates it again",
    async () => {
      const s = await testStack();
      expectOk(await s.engine.up());
      await s.api.post(`/v0/pipelines/${s.name}/stop`, { query: { force: true } });
      await waitForPipeline(s.api, s.name, until.fullyStopped);
      await s.api.post(`/v0/pipelines/${s.name}/clear`);
      await waitForPipeline(s.api, s.name, until.storage("Cleared"));
      expect((await s.api.delete(`/v0/pipelines/${s.name}`)).status).toBe(200);

      expect(changes(expectOk(await s.engine.refresh()))).toEqual(["delete orders"]);
      expect(s.pipelines()).toEqual([]);
      expect(changes(expectOk(await s.engine.up()))).toEqual(["create orders"]);
      expect(s.emulator.snapshot(s.name)).toMatchObject({ deployment_status: "Running" });
    },
    scaled(60_000),
  );
});

describe("adoption", () => {
  it(
    "refuses an existing pipeline without adopt, then adopts it with adopt: true without creating another",
    async () => {
      const s = await testStack();
      await s.api.post("/v0/pipelines", { body: { name: s.name, program_code: SQL_V1 } });
      const existing = s.emulator.snapshot(s.name) as { id: string };

      const refused = await s.engine.up();
      expect(refused.ok).toBe(false);
      expect(reported(refused)).toMatch(
        /already exists in Feldera and is not managed by this stack.*adopt: true/s,
      );
      expect(s.pipelines()).toEqual([]);

      s.set("adopt", "true");
      const mark = s.mark();
      expect(changes(expectOk(await s.engine.up()))).toContain("create orders");
      expect(s.writesSince(mark)).toEqual([
        `POST /v0/pipelines/${s.name}/start?bootstrap_policy=allow&dismiss_error=false&initial=running`,
      ]);
      expect(s.pipelines()[0]).toMatchObject({ id: existing.id, outputs: { pipelineId: existing.id } });
    },
    scaled(60_000),
  );
});

describe("a checkpoint written by an earlier build", () => {
  it(
    "refreshes and destroys with the serialized provider stored in the state",
    async () => {
      const s = await testStack();
      expectOk(await s.engine.up());
      storeProvider(s.engine, EARLIER_PROVIDER);
      await s.api.patch(`/v0/pipelines/${s.name}`, { body: { description: "edited by hand" } });
      expect(changes(expectOk(await s.engine.refresh()))).toEqual(["update orders [diff: +description]"]);
      expect(s.pipelines()[0]?.outputs["__provider"]).toBe(EARLIER_PROVIDER);
      expectOk(await s.engine.destroy());
      expect(s.emulator.snapshot(s.name)).toBeUndefined();
    },
    scaled(60_000),
  );

  it(
    "runs the state's copy for refresh and destroy, the program's for check, diff and update (control: a copy that cannot load)",
    async () => {
      const s = await testStack();
      expectOk(await s.engine.up());
      const current = s.pipelines()[0]?.inputs["__provider"];
      storeProvider(s.engine, EARLIER_PROVIDER.replaceAll("dynamic-provider-v1", "dynamic-provider-v0"));

      // Nothing changed: check and diff ran the program's copy; a Same step keeps the old outputs.
      expect(changes(expectOk(await s.engine.up()))).toEqual([]);
      for (const result of [await s.engine.refresh(), await s.engine.destroy()]) {
        expect(result.ok).toBe(false);
        expect(reported(result)).toMatch(/subpath .\.\/dynamic-provider-v0. is not defined/);
      }
      // An update runs the program's copy and stores it with the new outputs.
      s.set("description", "updated");
      expectOk(await s.engine.up());
      expect(s.pipelines()[0]?.outputs["__provider"]).toBe(current);
      expectOk(await s.engine.destroy());
    },
    scaled(90_000),
  );
});
