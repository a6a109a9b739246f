/**
 * The request log (`Emulator.requests`): every request in arrival order with what was answered. With
 * `recordResponseBodies`, the response body as the client received it (parsed back from the bytes sent,
 * so the log is the wire, not an internal object that may change later).
 */
import type { RequestLogEntry } from "./types";

export class RequestLog {
  readonly entries: RequestLogEntry[] = [];

  constructor(private readonly recordBodies: boolean) {}

  begin(method: string, url: URL, rawBody: string | undefined, startedAt: number): RequestLogEntry {
    const entry: RequestLogEntry = {
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body: parseLoosely(rawBody),
      status: 0,
      startedAt,
      durationMs: 0,
    };
    this.entries.push(entry);
    return entry;
  }

  finish(
    entry: RequestLogEntry,
    status: number,
    payload: { contentType: string | undefined; text: string } | undefined,
  ): void {
    entry.status = status;
    entry.durationMs = Date.now() - entry.startedAt;
    if (payload?.contentType !== undefined) entry.responseContentType = payload.contentType;
    if (this.recordBodies && payload) {
      entry.responseBody = payload.contentType?.startsWith("application/json")
        ? JSON.parse(payload.text)
        : payload.text === ""
          ? undefined
          : payload.text;
    }
  }

  clear(): void {
    this.entries.length = 0;
  }
}

function parseLoosely(raw: string | undefined): unknown {
  if (raw === undefined || raw === "") return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}
