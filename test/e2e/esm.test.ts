/**
 * The same stack as an ES module program (`examples/quickstart-esm`, `"type": "module"`): Pulumi loads it
 * through ts-node's ESM loader and imports pulumi-feldera, a CommonJS package, by name. What differs from
 * the CommonJS program is how the program is loaded and how `Pipeline`'s provider is serialized from an
 * ES module; what the host then requires from the program's directory is the same package, so one story
 * covers it: preview, up, a no-op up, a SQL edit, destroy.
 */
import { describe, expect, it } from "vitest";
import { changes, expectOk, scaled, testStack } from "./support";

describe("the quickstart stack as an ES module program", () => {
  it(
    "previews, creates, leaves alone, updates once and destroys, as the CommonJS program does",
    async () => {
      const s = await testStack({ program: "esm" });
      expect(changes(expectOk(await s.engine.preview()))).toEqual([
        "create feldera-quickstart-esm-dev",
        "create orders",
      ]);
      expect(s.writesSince(0)).toEqual([]);

      const up = expectOk(await s.engine.up());
      expect(up.outputs).toEqual({ statuses: { [s.name]: "Running" } });
      expect(s.pipelines()[0]?.outputs["__provider"]).toContain(
        'require("pulumi-feldera/dynamic-provider-v1")',
      );

      let mark = s.mark();
      expect(changes(expectOk(await s.engine.up()))).toEqual([]);
      expect(s.writesSince(mark)).toEqual([]);

      s.set("sqlFile", "orders-v2.sql");
      expect(changes(expectOk(await s.engine.preview()))).toEqual(["update orders [diff: ~programCode]"]);
      mark = s.mark();
      expectOk(await s.engine.up());
      expect(s.writesSince(mark)).toEqual([
        `POST /v0/pipelines/${s.name}/stop?force=true`,
        `PATCH /v0/pipelines/${s.name} {program_code}`,
        `POST /v0/pipelines/${s.name}/start?bootstrap_policy=allow&dismiss_error=false&initial=running`,
      ]);

      expect(changes(expectOk(await s.engine.destroy()))).toEqual([
        "delete orders",
        "delete feldera-quickstart-esm-dev",
      ]);
      expect(s.emulator.snapshot(s.name)).toBeUndefined();
    },
    scaled(90_000),
  );
});
