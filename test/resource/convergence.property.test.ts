/**
 * Property: whatever pipeline is live and whatever is declared next, one update converges the live
 * pipeline on the declaration, every PATCH holds exactly the top-level fields that differed, and an
 * update that follows it changes nothing. Random pairs of declarations against the emulator.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jsonEqual } from "../../provider/model/json";
import { normalizeRuntimeConfig } from "../../provider/model/runtime-config";
import type { Pipeline } from "../../provider/model/wire";
import { uniqueName, useTestEmulator } from "../support/emulator";
import { testProvider, writes } from "../support/provider";

const PROGRAMS = [
  "CREATE TABLE orders (id INT NOT NULL PRIMARY KEY, amount DECIMAL(10, 2));\n",
  "CREATE TABLE orders (id INT NOT NULL PRIMARY KEY, amount DECIMAL(10, 2));\nCREATE VIEW big AS SELECT * FROM orders WHERE amount > 100;\n",
];

const declaration = fc.record(
  {
    programCode: fc.constantFrom(...PROGRAMS),
    description: fc.constantFrom("", "orders", "orders by customer"),
    tags: fc.constantFrom([], ["owner=data"], ["owner=data", "tier=gold"]),
    runtimeConfig: fc.constantFrom(
      {},
      { workers: 4 },
      { tracing: true },
      { workers: 2, cpu_profiler: false },
    ),
    programConfig: fc.constantFrom({}, { profile: "dev" }),
    desiredStatus: fc.constantFrom("running", "paused", "stopped"),
  },
  { requiredKeys: ["programCode", "desiredStatus"] },
);

/** The top-level fields of a live pipeline that differ from a declaration (omitted = server default). */
function differingFields(live: Pipeline, d: Record<string, unknown>): string[] {
  const rc = (v: unknown) => {
    const r = normalizeRuntimeConfig(v ?? {});
    return r.ok ? r.value : v;
  };
  const out: string[] = [];
  if (live.program_code !== d["programCode"]) out.push("program_code");
  if ((live.description ?? "") !== (d["description"] ?? "")) out.push("description");
  if (!jsonEqual(live.tags ?? [], d["tags"] ?? [])) out.push("tags");
  if (!jsonEqual(rc(live.runtime_config), rc(d["runtimeConfig"]))) out.push("runtime_config");
  const profile = (live.program_config as { profile?: unknown } | null | undefined)?.profile ?? null;
  if (profile !== ((d["programConfig"] as { profile?: string } | undefined)?.profile ?? null))
    out.push("program_config");
  return out.sort();
}

describe("convergence", () => {
  const env = useTestEmulator();

  it("converges from any declared pipeline to any other with minimal PATCHes, and then stays put", async () => {
    await fc.assert(
      fc.asyncProperty(declaration, declaration, async (first, second) => {
        const { emulator } = env;
        const provider = testProvider(emulator.url);
        const name = uniqueName("prop");
        const base = { name, __provider: "p", onStorageConflict: "clear" };
        const { id, outs } = await provider.create({ ...base, ...first });
        const before = emulator.snapshot(name) as Pipeline;
        const from = emulator.requests.length;

        const { outs: after } = await provider.update(id, outs, { ...base, ...second });

        const live = emulator.snapshot(name) as Pipeline;
        expect(differingFields(live, second)).toEqual([]);
        const status = { running: "Running", paused: "Paused", stopped: "Stopped" }[second.desiredStatus];
        expect(live.deployment_status).toBe(status);
        const patches = emulator.requests.slice(from).filter((r) => r.method === "PATCH");
        const expected = differingFields(before, second);
        expect(patches.length).toBe(expected.length > 0 ? 1 : 0);
        for (const p of patches) expect(Object.keys(p.body as object).sort()).toEqual(expected);

        const settled = emulator.requests.length;
        await provider.update(id, after, { ...base, ...second });
        expect(writes(emulator.requests.slice(settled))).toEqual([]);
        await provider.delete(id, after);
      }),
      { numRuns: 20, seed: 20261124, endOnFailure: true },
    );
  }, 120_000);
});
