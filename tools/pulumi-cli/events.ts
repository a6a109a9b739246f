/**
 * The engine's event log (`--event-log`: one JSON `apitype.EngineEvent` per line, written as the command
 * runs), read incrementally and reduced to what a scenario reads: steps beginning and ending, what plugins
 * and the program printed, and diagnostics. Debug diagnostics (the SDK's own tracing) are dropped.
 */
import { closeSync, openSync, readSync } from "node:fs";
import type { Props } from "../engine-stand-in/values";

export type CliEvent =
  | { kind: "step-start"; urn: string; op: string }
  | {
      kind: "step-done";
      urn: string;
      type: string;
      op: string;
      failed: boolean;
      oldInputs?: Props;
      oldOutputs?: Props;
      newInputs?: Props;
      outputs?: Props;
    }
  | { kind: "output"; urn?: string; severity: "info" | "info#err"; message: string }
  | { kind: "diagnostic"; urn?: string; severity: string; message: string };

interface StepMetadata {
  op: string;
  urn: string;
  type: string;
  old?: { inputs?: Props; outputs?: Props } | null;
  new?: { inputs?: Props; outputs?: Props } | null;
}

/** Default providers are the engine's bookkeeping; the CLI's display leaves them out too. */
const isProvider = (m: StepMetadata) => m.type.startsWith("pulumi:providers:");

export function parseEvent(line: string): CliEvent[] {
  const e = JSON.parse(line) as Record<string, { metadata?: StepMetadata } & Record<string, unknown>>;
  const pre = e["resourcePreEvent"]?.metadata;
  if (pre) return isProvider(pre) ? [] : [{ kind: "step-start", urn: pre.urn, op: pre.op }];
  const done = e["resOutputsEvent"]?.metadata ?? e["resOpFailedEvent"]?.metadata;
  if (done) {
    if (isProvider(done)) return [];
    return [
      {
        kind: "step-done",
        urn: done.urn,
        type: done.type,
        op: done.op,
        failed: Boolean(e["resOpFailedEvent"]),
        ...(done.old?.inputs ? { oldInputs: done.old.inputs } : {}),
        ...(done.old?.outputs ? { oldOutputs: done.old.outputs } : {}),
        ...(done.new?.inputs ? { newInputs: done.new.inputs } : {}),
        ...((done.new ?? done.old)?.outputs ? { outputs: (done.new ?? done.old)!.outputs! } : {}),
      },
    ];
  }
  const diag = e["diagnosticEvent"] as { urn?: string; severity: string; message: string } | undefined;
  if (diag && diag.severity !== "debug") {
    const message = diag.message.replace(/\n$/, "");
    const urn = diag.urn ? { urn: diag.urn } : {};
    if (diag.severity === "info" || diag.severity === "info#err")
      return [{ kind: "output", ...urn, severity: diag.severity, message }];
    return [{ kind: "diagnostic", ...urn, severity: diag.severity, message }];
  }
  return [];
}

export interface EventLog {
  file: string;
  offset: number;
  partial: string;
}

/** Hands every complete line written since the last call to `onLine`. */
export function readNewLines(log: EventLog, onLine: (line: string) => void): void {
  let fd: number;
  try {
    fd = openSync(log.file, "r");
  } catch {
    return;
  }
  try {
    const buffer = Buffer.alloc(1 << 16);
    for (;;) {
      const n = readSync(fd, buffer, 0, buffer.length, log.offset);
      if (n <= 0) break;
      log.offset += n;
      const lines = (log.partial + buffer.subarray(0, n).toString("utf8")).split("\n");
      log.partial = lines.pop() ?? "";
      for (const line of lines) if (line.trim() !== "") onLine(line);
    }
  } finally {
    closeSync(fd);
  }
}
