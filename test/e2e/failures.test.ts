/**
 * Failures through the real host: SQL errors caught by check or by compilation, a failed start recorded
 * as an init error, the provider host killed during an update, and the CLI killed during a create. In
 * each case the next `pulumi up` converges with no second pipeline and nothing orphaned.
 */
import { describe, expect, it } from "vitest";
import { changes, expectOk, reported, SQL_V1, SQL_V2, scaled, type TestStack, testStack } from "./support";

const BAD_SQL = `${SQL_V1}CREATE VIEW broken AS SELECT SYNTAX_ERROR FROM orders;\n`;

/** Pipelines the server actually created (a refused duplicate POST does not count). */
const created = (s: TestStack) =>
  s.emulator.requests.filter(
    (r) => r.method === "POST" && r.path === "/v0/pipelines" && r.status >= 200 && r.status < 300,
  );

/** Resolves once the host has printed a line matching `pattern` (progress goes to its stderr). */
async function hostSays(s: TestStack, pattern: RegExp, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!s.engine.hostOutput.some((l) => pattern.test(l))) {
    if (Date.now() > deadline)
      throw new Error(`the host never printed ${pattern}:\n${s.engine.hostOutput.join("\n")}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("failures", () => {
  it(
    "fails the preview and the up at check on a SQL error, creating nothing; fixed, the up creates one pipeline",
    async () => {
      const s = await testStack({ config: { programCode: BAD_SQL } });
      for (const result of [await s.engine.preview(), await s.engine.up()]) {
        expect(result.ok).toBe(false);
        // The CLI reports a check failure as an error at the resource, with no step; the stand-in also
        // records a failed step (tools/engine-stand-in/README.md, differences).
        expect(reported(result)).toMatch(
          /resource 'orders': property programCode (value \{[\s\S]*\} )?has a problem: [\s\S]*does not compile/,
        );
      }
      expect(s.writesSince(0)).toEqual([]);
      expect(s.pipelines()).toEqual([]);
      s.set("programCode", SQL_V2);
      expect(changes(expectOk(await s.engine.up()))).toContain("create orders");
      expect(created(s)).toHaveLength(1);
    },
    scaled(60_000),
  );

  it(
    "records a pipeline whose SQL fails to compile during up with its init error, and the fix updates that pipeline",
    async () => {
      const s = await testStack({ config: { programCode: BAD_SQL, validateSqlOnPreview: "false" } });
      const failed = await s.engine.up();
      expect(failed.ok).toBe(false);
      expect(changes(failed)).toContain("create orders (failed)");
      const [recorded] = s.pipelines();
      const live = s.emulator.snapshot(s.name) as { id: string; program_status: string };
      expect(recorded).toMatchObject({ id: live.id, outputs: { programStatus: "SqlError" } });
      expect(recorded?.initErrors?.join("\n")).toMatch(/SYNTAX_ERROR/);
      expect(recorded?.outputs["__provider"]).toBe(recorded?.inputs["__provider"]);

      s.set("programCode", SQL_V2);
      expect(changes(expectOk(await s.engine.preview()))).toEqual(["update orders [diff: ~programCode]"]);
      const mark = s.mark();
      expectOk(await s.engine.up());
      expect(s.writesSince(mark)).toEqual([
        `PATCH /v0/pipelines/${s.name} {program_code}`,
        `POST /v0/pipelines/${s.name}/start?bootstrap_policy=allow&dismiss_error=false&initial=running`,
      ]);
      expect(s.pipelines()).toEqual([
        expect.objectContaining({
          id: live.id,
          outputs: expect.objectContaining({ deploymentStatus: "Running" }),
        }),
      ]);
      expect(s.pipelines()[0]?.initErrors).toBeUndefined();
      expect(created(s)).toHaveLength(1);
    },
    scaled(60_000),
  );

  it(
    "retries a resource left with init errors on the next up even though its inputs did not change",
    async () => {
      const s = await testStack({ config: { desiredStatus: "stopped" } });
      expectOk(await s.engine.up());
      s.emulator.failNextProvisioning(s.name);
      s.set("desiredStatus", "running");
      expect((await s.engine.up()).ok).toBe(false);
      expect(s.pipelines()[0]?.initErrors?.join("\n")).toMatch(/RunnerProvisionError|provision/i);
      const mark = s.mark();
      const retry = expectOk(await s.engine.up());
      expect(changes(retry)).toEqual(["update orders [diff: ~desiredStatus]"]); // the failed update kept the old inputs
      expect(s.writesSince(mark).some((w) => w.includes("/start?"))).toBe(true);
      expect(s.pipelines()[0]).toMatchObject({ outputs: { deploymentStatus: "Running" } });
      expect(s.pipelines()[0]?.initErrors).toBeUndefined();
    },
    scaled(60_000),
  );

  it(
    "converges with one restart's worth of writes when the host is killed while an update waits to compile",
    async () => {
      const s = await testStack();
      expectOk(await s.engine.up());
      s.emulator.setDelays({ compileRustMs: 150_000 }); // 3 s at the test time scale
      s.set("sqlFile", "orders-v2.sql");
      const mark = s.mark();
      const interrupted = s.engine.up();
      await hostSays(s, /waiting to compile/);
      s.engine.killHost();
      const result = await interrupted;
      expect(result.ok).toBe(false);
      expect(s.pipelines()[0]?.outputs["programCode"]).toBe(SQL_V1); // the update did not complete
      expect(s.engine.readState().pendingOperations).toEqual([]);

      expect(changes(expectOk(await s.engine.up()))).toEqual(["update orders [diff: ~programCode]"]);
      expect(s.writesSince(mark)).toEqual([
        `POST /v0/pipelines/${s.name}/stop?force=true`,
        `PATCH /v0/pipelines/${s.name} {program_code}`,
        `POST /v0/pipelines/${s.name}/start?bootstrap_policy=allow&dismiss_error=false&initial=running`,
      ]);
      expect(s.pipelines()[0]?.outputs).toMatchObject({ programCode: SQL_V2, deploymentStatus: "Running" });
    },
    scaled(60_000),
  );

  it(
    "leaves a pending update when the CLI is killed during an update; the next up warns, updates and clears it",
    async () => {
      const s = await testStack();
      expectOk(await s.engine.up());
      s.emulator.setDelays({ compileRustMs: 150_000 });
      s.set("sqlFile", "orders-v2.sql");
      const interrupted = s.engine.up();
      await hostSays(s, /waiting to compile/);
      s.engine.crash();
      await interrupted;
      expect(s.engine.readState().pendingOperations).toEqual([
        { type: "updating", resource: expect.objectContaining({ urn: expect.stringMatching(/::orders$/) }) },
      ]);
      // The killed CLI left its stack lock: `pulumi cancel` is the documented way out (a no-op for the stand-in).
      await s.engine.cancel();
      const again = expectOk(await s.engine.up());
      expect(again.diagnostics[0]).toMatch(/interrupted while updating/);
      expect(s.engine.readState().pendingOperations).toEqual([]);
      expect(s.pipelines()[0]?.outputs).toMatchObject({ programCode: SQL_V2, deploymentStatus: "Running" });
    },
    scaled(60_000),
  );

  it(
    "leaves a pending create when the CLI is killed during a create; adopt: true then converges without a second pipeline",
    async () => {
      const s = await testStack({ emulator: { delays: { compileRustMs: 150_000 } } });
      const interrupted = s.engine.up();
      await hostSays(s, /waiting to compile/);
      s.engine.crash();
      await interrupted;
      const urn = "urn:pulumi:dev::feldera-quickstart::pulumi-nodejs:dynamic/feldera:Pipeline::orders";
      expect(s.engine.readState().pendingOperations).toEqual([
        { type: "creating", resource: expect.objectContaining({ urn }) },
      ]);
      expect(s.pipelines()).toEqual([]);

      // The engine warns and creates again; the provider finds the name taken and says how to take it over.
      await s.engine.cancel();
      const again = await s.engine.up();
      expect(again.ok).toBe(false);
      expect(again.diagnostics[0]).toMatch(
        /1 pending operations from previous deployment\.\n {2}\* .*orders, interrupted while creating/,
      );
      expect(reported(again)).toMatch(/already exists.*adopt: true/s);

      s.set("adopt", "true");
      expectOk(await s.engine.up());
      expect(s.pipelines()[0]).toMatchObject({ outputs: { name: s.name, deploymentStatus: "Running" } });
      expect(created(s)).toHaveLength(1);
      // Pending creates need a person's decision: they stay until `pulumi refresh --clear-pending-creates`.
      expect(s.engine.readState().pendingOperations).toHaveLength(1);
      expectOk(await s.engine.refresh({ clearPendingCreates: true }));
      expect(s.engine.readState().pendingOperations).toEqual([]);
    },
    scaled(90_000),
  );
});
