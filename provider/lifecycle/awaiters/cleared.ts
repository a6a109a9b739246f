/**
 * Storage cleared: done when `storage_status` is `Cleared` (docs/feldera/storage.md). Clearing cannot be cancelled and the
 * runner retries it silently forever on failure, so the only bound is `timeouts.clear`.
 */
import type { Condition } from "../wait";

export function cleared(): Condition {
  return {
    waitingFor: "clear its storage",
    timeoutInput: "timeouts.clear",
    // The server clears at its own pace, similar for similar pipelines: earlier clears predict this one.
    predictable: true,
    classify(s) {
      if (s.storage_status === "Cleared") return { kind: "done" };
      return { kind: "pending", status: `storage ${s.storage_status ?? "unknown"}` };
    },
  };
}
