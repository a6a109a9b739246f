/**
 * What a user reads: one row per step, like the CLI's resource table, and the "Resources:" summary.
 *
 * The changed properties shown are the CLI's own diff of old and new inputs (pkg/backend/display/rows.go
 * `getDiffInfo`, `writeShortDiff`): a dynamic provider can give no detailed diff (the host drops it,
 * pulumi#3080), so the CLI compares `step.Old.Inputs` with `step.New.Inputs`, skipping internal `__` keys,
 * and prints `[diff: +added-deleted~updated]`.
 */
import { jsonEqual } from "../../provider/model/json";
import type { Props } from "./values";

/** The engine's step ops (`deploy.StepOp`) the harness takes; "read" and "discard" are a read resource's. */
export type StepOp = "create" | "update" | "same" | "delete" | "refresh" | "read" | "discard";

export interface StepResult {
  urn: string;
  type: string;
  name: string;
  op: StepOp;
  /** `[diff: ~programCode]`, or "" when no input changed. */
  diff: string;
  status: "ok" | "failed";
  error?: string;
}

const SYMBOLS: Record<StepOp, string> = {
  create: "+",
  update: "~",
  same: "=",
  delete: "-",
  refresh: "~",
  read: ">",
  discard: "<",
};
/** Not counted in the summary: "just an indication of the operations we were performing" (display/diff.go). */
const UNCOUNTED = new Set<StepOp>(["read", "discard"]);

export function diffKeys(olds: Props | undefined, news: Props | undefined): string {
  if (!olds || !news) return "";
  const keys = [...new Set([...Object.keys(olds), ...Object.keys(news)])].filter((k) => !k.startsWith("__"));
  const adds = keys.filter((k) => !(k in olds) && k in news);
  const deletes = keys.filter((k) => k in olds && !(k in news));
  const updates = keys.filter((k) => k in olds && k in news && !jsonEqual(olds[k], news[k]));
  const part = (symbol: string, ks: string[]) => (ks.length ? symbol + ks.sort().join(",") : "");
  const text = part("+", adds) + part("-", deletes) + part("~", updates);
  return text ? `[diff: ${text}]` : "";
}

/** The table the CLI prints: the stack row, then every step that changes something (or failed). */
export function renderSteps(steps: readonly StepResult[]): string[] {
  const shown = steps.filter((s) => s.type === "pulumi:pulumi:Stack" || s.op !== "same" || s.status !== "ok");
  const typeWidth = Math.max(4, ...shown.map((s) => s.type.length));
  const nameWidth = Math.max(4, ...shown.map((s) => s.name.length));
  const rows = shown.map((s) => {
    const info = [s.diff, s.status === "failed" ? `**${s.op} failed**` : ""].filter(Boolean).join(" ");
    return `${SYMBOLS[s.op]} ${s.type.padEnd(typeWidth)}  ${s.name.padEnd(nameWidth)}  ${s.op}${info ? ` ${info}` : ""}`;
  });
  const counts = new Map<string, number>();
  for (const s of steps)
    if (!s.type.startsWith("pulumi:providers:") && !UNCOUNTED.has(s.op))
      counts.set(s.op, (counts.get(s.op) ?? 0) + 1);
  const summary = [...counts].map(([op, n]) =>
    op === "same" ? `${n} unchanged` : `${SYMBOLS[op as StepOp]} ${n} to ${op}`,
  );
  return [...rows, `Resources: ${summary.join(", ")}`];
}
