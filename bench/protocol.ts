/**
 * Messages between the bench (parent: engine stand-in and emulator) and the provider process (child: the
 * built provider, as the dynamic-provider host would load it). One request, one reply, matched by `id`.
 */

export type ProviderMethod = "check" | "diff" | "create" | "update" | "delete";

export type ChildRequest =
  | { id: number; op: "call"; method: ProviderMethod; args: unknown[] }
  /** The fixed-interval poller (Python SDK waits): create, wait compiled, start, wait Running. */
  | { id: number; op: "sdk-create-start"; name: string; programCode: string }
  /** The fixed-interval poller: stop (force), wait, clear, wait, delete. */
  | { id: number; op: "sdk-destroy"; name: string }
  | { id: number; op: "memory" };

export type ChildReply =
  | { id: number; ok: true; value: unknown; finishedAt: number }
  | { id: number; ok: false; error: { message: string; code?: string }; finishedAt: number };

/** Sent once the provider is loaded and configured. */
export interface ReadyMessage {
  ready: true;
  memory: MemoryReport;
}

export interface MemoryReport {
  /** Resident set size now, bytes. */
  rss: number;
  /** Peak resident set size of the process so far (`resourceUsage().maxRSS`), bytes. */
  maxRss: number;
  heapUsed: number;
  /** CPU time used by the process so far (user + system), ms. */
  cpuMs: number;
}
