/**
 * Destroy as a plan. Feldera deletes only a fully stopped pipeline with Cleared storage (docs/feldera/update-rules.md#delete), and any
 * pipeline that ever started has storage InUse (even without storage configured, docs/feldera/storage.md), so destroy is
 * stop(force) → wait Stopped → clear → wait Cleared → DELETE, skipping what is already true.
 *
 * Deleting a pipeline deletes its checkpoints: Feldera has no way to delete one and keep its storage.
 * Use Pulumi's `retainOnDelete` (or `protect`) to keep a pipeline when removing it from a stack.
 */
import type { PipelineStatus } from "../model/wire";
import { classifyPhase, forcedStopUnderway } from "./phase";
import type { Step } from "./steps";

export function planDelete(live: PipelineStatus): Step[] {
  const phase = classifyPhase(live);
  const remove: Step = { kind: "delete" };
  const clear: Step[] = [{ kind: "clear-storage", fields: [] }, { kind: "await-cleared" }];
  if (phase === "stopped") return live.storage_status === "Cleared" ? [remove] : [...clear, remove];
  if (phase === "clearing") return [{ kind: "await-cleared" }, remove];
  // Not stopped yet: by the time it is, it may have provisioned and put storage in use. `/clear` on Cleared
  // storage is a no-op (docs/feldera/storage.md), so clearing unconditionally costs one request and never a wrong delete.
  const stop: Step[] =
    phase === "stopping" && forcedStopUnderway(live)
      ? [{ kind: "await-stopped" }]
      : [{ kind: "stop" }, { kind: "await-stopped" }];
  return [...stop, ...clear, remove];
}
