/**
 * Every example type-checks on its own, as a user's copy would: `tsc -p examples/<x>/tsconfig.json
 * --noEmit`, where `pulumi-feldera` resolves through node_modules/pulumi-feldera (the repository) to the
 * built declarations in dist/ (`npm test` builds them first). The harness runs the examples with type
 * checking off (tools/engine-stand-in/README.md), so this is where their types are checked.
 */
import { execFile } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./support";

const TSC = join(ROOT, "node_modules", ".bin", "tsc");
const EXAMPLES = readdirSync(join(ROOT, "examples")).filter((x) =>
  existsSync(join(ROOT, "examples", x, "tsconfig.json")),
);

/** Two compilers at a time: each is CPU-bound, and the tests run on two cores. */
let running = 0;
const waiting: (() => void)[] = [];
async function tsc(project: string): Promise<{ code: number; output: string }> {
  if (running >= 2) await new Promise<void>((resolve) => waiting.push(resolve));
  running += 1;
  try {
    return await new Promise((resolve) =>
      execFile(TSC, ["-p", project, "--noEmit"], { cwd: ROOT }, (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, output: stdout + stderr }),
      ),
    );
  } finally {
    running -= 1;
    waiting.shift()?.();
  }
}

describe.concurrent("every example type-checks with its own tsconfig.json", () => {
  it("has the built declarations the examples import (npm test builds them)", () => {
    expect(existsSync(join(ROOT, "dist", "provider", "index.d.ts")), "dist/: run `npm run build`").toBe(true);
    expect(EXAMPLES.length).toBeGreaterThanOrEqual(7);
  });

  it.each(EXAMPLES)(
    "examples/%s",
    async (example) => {
      const { code, output } = await tsc(join("examples", example, "tsconfig.json"));
      expect(output).toBe("");
      expect(code).toBe(0);
    },
    60_000,
  );
});
