/**
 * examples/multi-env, the repository's root project (`Pulumi.yaml`, stacks `Pulumi.<stack>.yaml`): the
 * same pipelines per environment, settings checked by a zod schema, and prod promoting only what staging
 * runs healthily, read through a StackReference to the staging stack of the same backend.
 */
import { createHash } from "node:crypto";
import { appendFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { changes, expectOk, reported, scaled, type TestStack, testStack } from "../support";
import { editableCopy, live, otherStack, programErrors, ROOT } from "./support";

const SQL_DIR = join(ROOT, "examples", "multi-env", "sql");
const PROGRAMS = ["orders", "fraud"];
/** promotion.ts's `programHash`: what each stack exports as `healthyPrograms`. */
const HEALTHY = Object.fromEntries(
  PROGRAMS.map((n) => [
    n,
    createHash("sha256")
      .update(readFileSync(join(SQL_DIR, `${n}.sql`), "utf8"))
      .digest("hex")
      .slice(0, 16),
  ]),
);
const STAGING = "organization/feldera-pipelines/staging";

/** The creates of an up or a preview, whatever order the pipelines finished in. */
const created = (result: Parameters<typeof changes>[0]) => changes(result).sort();

function devStack(): Promise<TestStack> {
  return testStack({ programDir: ROOT });
}

describe("examples/multi-env", () => {
  it(
    "dev: sized by Pulumi.dev.yaml; a bad setting fails the preview with its key; prod needs a staging stack",
    async () => {
      const s = await devStack();
      const up = expectOk(await s.engine.up());
      expect(created(up)).toEqual(["create feldera-pipelines-dev", "create fraud", "create orders"]);
      expect(up.outputs).toMatchObject({
        pipelineNames: ["orders-dev", "fraud-dev"],
        statuses: { orders: "Running", fraud: "Running" },
        healthyPrograms: HEALTHY,
      });
      for (const name of PROGRAMS) {
        expect(live(s, `${name}-dev`)).toMatchObject({
          description: `${name} (dev)`,
          program_code: readFileSync(join(SQL_DIR, `${name}.sql`), "utf8"),
          program_config: { profile: "dev" },
          runtime_config: { workers: 2, fault_tolerance: { model: "none" } },
          deployment_status: "Running",
        });
      }

      s.set("feldera-pipelines:workers", "eight");
      const mark = s.mark();
      const bad = await s.engine.preview();
      expect(bad.ok).toBe(false);
      expect(programErrors(s.events)).toContain(
        "invalid stack configuration:\n  feldera-pipelines:workers: must be a whole number",
      );
      expect(s.writesSince(mark)).toEqual([]);

      // prod promotes from staging, which this backend does not have: the read fails as the engine's does.
      const prod = otherStack(s, "prod");
      const refused = await prod.preview();
      expect(refused.ok).toBe(false);
      // Both engines report the failed read; the stand-in also records it as a failed `read` step.
      expect(reported(refused)).toContain(`unknown stack "${STAGING}"`);
      for (const step of refused.steps.filter((x) => x.status === "failed"))
        expect(step).toMatchObject({ type: "pulumi:pulumi:StackReference", op: "read" });
      expect(s.writesSince(mark)).toEqual([]);
    },
    scaled(30_000),
  );

  it(
    "prod previews what staging runs healthily, and refuses a program staging has not run",
    async () => {
      const s = await devStack();
      const staging = otherStack(s, "staging", { "feldera-pipelines:healthGateSeconds": "1" });
      const up = expectOk(await staging.up());
      expect(up.outputs).toMatchObject({
        pipelineNames: ["orders-staging", "fraud-staging"],
        healthyPrograms: HEALTHY,
      });
      expect(live(s, "orders-staging")).toMatchObject({
        program_config: { profile: "optimized" },
        runtime_config: {
          workers: 4,
          fault_tolerance: { model: "at_least_once" },
          storage: { backend: { name: "default" } },
          resources: { memory_mb_max: 8192 },
        },
      });

      const mark = s.mark();
      const prod = otherStack(s, "prod");
      const preview = expectOk(await prod.preview());
      expect(
        preview.steps
          .filter((x) => x.op === "read")
          .map((x) => x.name)
          .sort(),
      ).toEqual(["promote-fraud", "promote-orders"]);
      expect(created(preview)).toEqual([
        "create feldera-pipelines-prod",
        "create fraud",
        "create orders",
        "read promote-fraud",
        "read promote-orders",
      ]);

      // A working copy where orders.sql has a view staging never ran: prod refuses it before Feldera.
      const copy = editableCopy(ROOT, ["Pulumi.yaml", "Pulumi.prod.yaml", "examples/multi-env"]);
      appendFileSync(
        join(copy, "examples", "multi-env", "sql", "orders.sql"),
        "\nCREATE MATERIALIZED VIEW order_count AS SELECT COUNT(*) AS n FROM orders;\n",
      );
      const changed = await otherStack(s, "prod", {}, copy).preview();
      expect(changed.ok).toBe(false);
      expect(programErrors(s.events)).toMatch(
        new RegExp(
          `refusing to deploy pipeline 'orders': its program \\([0-9a-f]{16}\\) is not running healthily in ${STAGING} \\(${HEALTHY["orders"]}\\)`,
        ),
      );
      expect(s.writesSince(mark)).toEqual([]);
      staging.checkLeaks();
      prod.checkLeaks();
    },
    scaled(30_000),
  );
});
