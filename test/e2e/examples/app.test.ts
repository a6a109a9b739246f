/**
 * examples/app: one Pipeline per `sql/*.sql`, sized by `workers` and started or paused by `desiredStatus`.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { changes, expectOk, scaled, testStack } from "../support";
import { example, live } from "./support";

const APP = example("app");
const FILES = readdirSync(join(APP, "sql"))
  .filter((f) => f.endsWith(".sql"))
  .sort();
const NAMES = FILES.map((f) => f.slice(0, -".sql".length));

describe("examples/app", () => {
  it(
    "creates one running pipeline per SQL file, then pauses every one with a pause and nothing else",
    async () => {
      const s = await testStack({ programDir: APP, config: { workers: "2" } });
      const up = expectOk(await s.engine.up());
      // The stack's provider first; the pipelines are created concurrently, so in any order.
      const [first, ...creates] = changes(up);
      expect(first).toBe("create feldera-app-dev");
      expect(creates.sort()).toEqual(NAMES.map((n) => `create ${n}`));
      expect(up.outputs["statuses"]).toEqual(Object.fromEntries(NAMES.map((n) => [n, "Running"])));
      for (const [i, name] of NAMES.entries()) {
        expect(live(s, name)).toMatchObject({
          program_code: readFileSync(join(APP, "sql", FILES[i]!), "utf8"),
          description: `${name} (from sql/${FILES[i]})`,
          deployment_status: "Running",
          runtime_config: { workers: 2, resources: { memory_mb_max: 4096 } },
        });
      }

      s.set("desiredStatus", "paused");
      const preview = expectOk(await s.engine.preview());
      expect(changes(preview).sort()).toEqual(NAMES.map((n) => `update ${n} [diff: ~desiredStatus]`));
      const mark = s.mark();
      const paused = expectOk(await s.engine.up());
      expect(paused.outputs["statuses"]).toEqual(Object.fromEntries(NAMES.map((n) => [n, "Paused"])));
      expect(s.writesSince(mark).sort()).toEqual(NAMES.map((n) => `POST /v0/pipelines/${n}/pause`));
      for (const name of NAMES) expect(live(s, name)).toMatchObject({ deployment_status: "Paused" });

      expectOk(await s.engine.destroy());
      expect(NAMES.map((n) => s.emulator.snapshot(n))).toEqual(NAMES.map(() => undefined));
    },
    scaled(30_000),
  );
});
