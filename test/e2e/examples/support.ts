/**
 * The example programs under the harness (tools/engine-stand-in) against the emulator, one file per example:
 * each stack is `testStack` of ../support.ts (a fresh emulator that requires a canary API key, the stack's
 * `feldera:host` and secret `feldera:apiKey`, a state dir, the leak check), here with an example's folder.
 */
import { cpSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, onTestFinished } from "vitest";
import type { ConfigValue, EngineEvent } from "../../../tools/engine-stand-in";
import { expectNoLeak, newEngine, ROOT, type StackEngine, type TestStack } from "../support";

export { ROOT };

export function example(name: string): string {
  return join(ROOT, "examples", name);
}

/**
 * A scratch copy of the project at `dir` (the repository root for the root project), edited by the test:
 * `files` are copied (folders recursively), packages resolve from the repository's node_modules, as in a
 * working copy with local changes. Removed when the test ends.
 */
export function editableCopy(dir: string, files: string[]): string {
  const copy = mkdtempSync(join(tmpdir(), "feldera-example-"));
  onTestFinished(() => rmSync(copy, { recursive: true, force: true }));
  for (const f of files) cpSync(join(dir, f), join(copy, f), { recursive: true });
  symlinkSync(join(ROOT, "node_modules"), join(copy, "node_modules"), "dir");
  return copy;
}

/**
 * Another stack of the same project, in the same backend (state dir), against the same emulator and with
 * the same key as `s`: `pulumi stack select <stack>` with `feldera:host` and `feldera:apiKey` set.
 * `checkLeaks()` runs ../support.ts's leak check on it.
 */
export function otherStack(
  s: TestStack,
  stack: string,
  config: Record<string, ConfigValue> = {},
  programDir = s.engine.options.programDir,
): StackEngine & { checkLeaks(): void } {
  const { onEvent: _, ...options } = s.engine.options;
  const engine = newEngine({
    ...options,
    programDir,
    stack,
    config: { ...options.config, ...config },
    onEvent: (e) => s.events.push(e),
  });
  return Object.assign(engine, { checkLeaks: () => expectNoLeak(engine, s.canary) });
}

/**
 * What the program reported failing with: its stderr (the stand-in) and the engine's error diagnostics (the
 * real CLI reports a program's unhandled error as "Running program … failed with an unhandled exception").
 */
export function programErrors(events: readonly EngineEvent[]): string {
  return events
    .flatMap((e) =>
      e.kind === "program-output" && e.stream === "stderr"
        ? [e.line]
        : e.kind === "diagnostic" && e.message.startsWith("error")
          ? [e.message]
          : [],
    )
    .join("\n");
}

/** The pipelines the emulator holds, by name, with the fields a test reads. */
export function live(s: TestStack, name: string): Record<string, unknown> {
  const p = s.emulator.snapshot(name);
  expect(p, `pipeline ${name} in the emulator`).toBeDefined();
  return p as Record<string, unknown>;
}
