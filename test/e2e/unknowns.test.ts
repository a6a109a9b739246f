/**
 * Unknown values crossing the wire: an input computed from another resource's output is unknown in a
 * preview until that resource exists, and again while it changes (a preview does not call Update, so the
 * program sees the changing resource's inputs as its outputs, without the server's). The engine sends
 * the unknown to Check and Diff, which must accept it and report a change; `pulumi up` then sends the
 * known value. The program is test/e2e/programs/dependent.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { changes, expectOk, SQL_V1, SQL_V2, scaled, testStack } from "./support";

const DEPENDENT = join(__dirname, "programs", "dependent");

describe("an input computed from another pipeline's output", () => {
  it(
    "previews as unknown, is created with the known value, and previews as changing while its source changes",
    async () => {
      const s = await testStack({
        programDir: DEPENDENT,
        config: { upstreamSql: SQL_V1, downstreamSql: SQL_V1 },
      });
      expect(changes(expectOk(await s.engine.preview()))).toEqual([
        "create feldera-dependent-dev",
        "create upstream",
        "create downstream",
      ]);
      expectOk(await s.engine.up());
      const upstream = s.emulator.snapshot(s.name) as { id: string };
      const description = `reads what pipeline ${upstream.id} writes (0 tags)`;
      expect(s.emulator.snapshot(`${s.name}-downstream`)).toMatchObject({ description });

      s.set("upstreamSql", SQL_V2);
      expect(changes(expectOk(await s.engine.preview()))).toEqual([
        "update upstream [diff: ~programCode]",
        "update downstream [diff: ~description]",
      ]);
      const mark = s.mark();
      expect(changes(expectOk(await s.engine.up()))).toEqual(["update upstream [diff: ~programCode]"]);
      expect(s.writesSince(mark).filter((w) => w.includes("-downstream"))).toEqual([]);
    },
    scaled(60_000),
  );
});
