/**
 * The lifecycle of the quickstart stack through the real Pulumi machinery: the program (the CommonJS
 * TypeScript example, consuming pulumi-feldera by name) runs under Pulumi's runtime with the mock
 * monitor, the engine stand-in drives the real dynamic-provider host, and the emulator's request log
 * shows what each preview and `pulumi up` made Feldera do. esm.test.ts runs the ES module program.
 */
import { describe, expect, it } from "vitest";
import { renderSteps } from "../../tools/engine-stand-in";
import { changes, expectOk, SQL_V1, scaled, testStack } from "./support";

describe("the quickstart stack", () => {
  it(
    "previews a new stack as creates, sending Feldera nothing and writing no state",
    async () => {
      const s = await testStack();
      const preview = expectOk(await s.engine.preview());
      expect(changes(preview)).toEqual(["create feldera-quickstart-dev", "create orders"]);
      expect(s.writesSince(0)).toEqual([]);
      expect(s.engine.readState().resources).toEqual([]);
      expect(preview.outputs["statuses"]).toBe("04da6b54-80e4-46f7-96ec-b56ff0331ba9"); // unknown until up
    },
    scaled(60_000),
  );

  it(
    "creates the pipeline on up, records it under its uuid, and exports its status",
    async () => {
      const s = await testStack();
      const up = expectOk(await s.engine.up());
      expect(changes(up)).toContain("create orders");
      expect(s.writesSince(0)).toEqual([
        "POST /v0/pipelines {name,program_code}",
        `POST /v0/pipelines/${s.name}/start?bootstrap_policy=allow&dismiss_error=false&initial=running`,
      ]);
      const [pipeline] = s.pipelines();
      const live = s.emulator.snapshot(s.name) as { id: string; program_code: string };
      expect(pipeline?.id).toBe(live.id);
      expect(pipeline?.outputs).toMatchObject({
        name: s.name,
        programCode: SQL_V1,
        deploymentStatus: "Running",
      });
      expect(pipeline?.outputs["__provider"]).toBe(pipeline?.inputs["__provider"]);
      expect(up.outputs).toEqual({ statuses: { [s.name]: "Running" } });
    },
    scaled(60_000),
  );

  it(
    "previews and applies nothing when nothing changed",
    async () => {
      const s = await testStack();
      expectOk(await s.engine.up());
      const mark = s.mark();
      expect(changes(expectOk(await s.engine.preview()))).toEqual([]);
      expect(changes(expectOk(await s.engine.up()))).toEqual([]);
      expect(s.writesSince(mark)).toEqual([]);
    },
    scaled(60_000),
  );

  it(
    "previews a SQL edit as an update of programCode only, and restarts the pipeline exactly once",
    async () => {
      const s = await testStack();
      expectOk(await s.engine.up());
      s.set("sqlFile", "orders-v2.sql");
      const preview = expectOk(await s.engine.preview());
      expect(changes(preview)).toEqual(["update orders [diff: ~programCode]"]);
      expect(renderSteps(preview.steps).at(-1)).toBe("Resources: 1 unchanged, ~ 1 to update");
      const mark = s.mark();
      expectOk(await s.engine.up());
      expect(s.writesSince(mark)).toEqual([
        `POST /v0/pipelines/${s.name}/stop?force=true`,
        `PATCH /v0/pipelines/${s.name} {program_code}`,
        `POST /v0/pipelines/${s.name}/start?bootstrap_policy=allow&dismiss_error=false&initial=running`,
      ]);
      expect(s.pipelines()[0]?.outputs).toMatchObject({ programVersion: 2, deploymentStatus: "Running" });
    },
    scaled(60_000),
  );

  it(
    "changes only the description with one PATCH, without a restart",
    async () => {
      const s = await testStack();
      expectOk(await s.engine.up());
      s.set("description", "orders, and the large ones");
      expect(changes(expectOk(await s.engine.preview()))).toEqual(["update orders [diff: +description]"]);
      const mark = s.mark();
      expectOk(await s.engine.up());
      expect(s.writesSince(mark)).toEqual([`PATCH /v0/pipelines/${s.name} {description}`]);
    },
    scaled(60_000),
  );

  it(
    "renames the pipeline in place once storage may be cleared: same resource, same uuid",
    async () => {
      const s = await testStack({ config: { onStorageConflict: "clear" } });
      expectOk(await s.engine.up());
      const id = s.pipelines()[0]?.id;
      const renamed = `${s.name}-renamed`;
      s.set("pipelineName", renamed);
      expect(changes(expectOk(await s.engine.preview()))).toEqual(["update orders [diff: ~name]"]);
      const mark = s.mark();
      expectOk(await s.engine.up());
      expect(s.writesSince(mark)).toEqual([
        `POST /v0/pipelines/${s.name}/stop?force=true`,
        `POST /v0/pipelines/${s.name}/clear`,
        `PATCH /v0/pipelines/${s.name} {name}`,
        `POST /v0/pipelines/${renamed}/start?bootstrap_policy=allow&dismiss_error=false&initial=running`,
      ]);
      expect(s.pipelines()[0]).toMatchObject({ id, outputs: { name: renamed, pipelineId: id } });
      expect(s.emulator.snapshot(s.name)).toBeUndefined();
    },
    scaled(60_000),
  );

  it(
    "moves through running, paused, stopped and running again with one action each",
    async () => {
      const s = await testStack();
      expectOk(await s.engine.up());
      const actions: string[] = [];
      for (const [status, diff] of [
        ["paused", "+"],
        ["stopped", "~"],
        ["running", "~"],
      ] as const) {
        s.set("desiredStatus", status);
        expect(changes(expectOk(await s.engine.preview()))).toEqual([
          `update orders [diff: ${diff}desiredStatus]`,
        ]);
        const mark = s.mark();
        expectOk(await s.engine.up());
        actions.push(
          ...s.writesSince(mark).map((w) => w.split("?")[0]!.replace(`/v0/pipelines/${s.name}/`, "")),
        );
      }
      expect(actions).toEqual(["POST pause", "POST stop", "POST start"]);
      expect(s.pipelines()[0]?.outputs).toMatchObject({ deploymentStatus: "Running" });
    },
    scaled(90_000),
  );

  it(
    "destroys the stack: the pipeline is stopped, cleared and deleted, and the state is empty",
    async () => {
      const s = await testStack();
      expectOk(await s.engine.up());
      const destroy = expectOk(await s.engine.destroy());
      expect(changes(destroy)).toEqual(["delete orders", "delete feldera-quickstart-dev"]);
      expect(s.emulator.snapshot(s.name)).toBeUndefined();
      expect(s.engine.readState()).toEqual({ resources: [], pendingOperations: [] });
    },
    scaled(60_000),
  );
});
