/**
 * What each request in the emulator's log was, for counting. Writes change state (every non-GET except
 * `/v0/validate_program`, which compiles SQL and stores nothing); reads are split by cost: a status poll
 * (`?selector=status`, a few hundred bytes) against a full read (`selector=all` or no selector: the whole
 * program and configs, a megabyte for a 1 MB program).
 */
import type { RequestLogEntry } from "../provider/emulator";

export type RequestKind = "write" | "validate" | "status" | "full" | "list" | "config" | "other";

export const REQUEST_KINDS: readonly RequestKind[] = [
  "write",
  "validate",
  "status",
  "full",
  "list",
  "config",
  "other",
];

type Entry = Pick<RequestLogEntry, "method" | "path" | "query" | "body">;

const PIPELINE_PATH = /^\/v0\/pipelines\/([^/]+)(\/.*)?$/;

export function kindOf(r: Entry): RequestKind {
  if (r.method !== "GET") return r.path === "/v0/validate_program" ? "validate" : "write";
  if (r.path === "/v0/config") return "config";
  if (r.path === "/v0/pipelines") return "list";
  const m = PIPELINE_PATH.exec(r.path);
  if (m && !m[2]) return r.query["selector"] === "status" ? "status" : "full";
  return "other";
}

/** The pipeline a request is about, if any (a create names it in its body). */
export function pipelineOf(r: Entry): string | undefined {
  const m = PIPELINE_PATH.exec(r.path);
  if (m) return decodeURIComponent(m[1]!);
  if (r.method === "POST" && r.path === "/v0/pipelines" && r.body && typeof r.body === "object") {
    const name = (r.body as { name?: unknown }).name;
    return typeof name === "string" ? name : undefined;
  }
  return undefined;
}

export type KindCounts = Record<RequestKind, number>;

export function countKinds(requests: readonly Entry[]): KindCounts {
  const counts = Object.fromEntries(REQUEST_KINDS.map((k) => [k, 0])) as KindCounts;
  for (const r of requests) counts[kindOf(r)]++;
  return counts;
}

/** "METHOD path[?sorted query]" with the pipeline name replaced, for showing a request sequence. */
export function describeRequest(r: Entry): string {
  const q = Object.entries(r.query)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
  const path = r.path.replace(
    PIPELINE_PATH,
    (_, _name: string, rest?: string) => `/v0/pipelines/{name}${rest ?? ""}`,
  );
  return `${r.method} ${path}${q ? `?${q}` : ""}`;
}
