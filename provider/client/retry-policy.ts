/**
 * How long and how often to retry a transient failure (openapi.json `info.description`, docs/feldera/errors-and-retries.md#transient,
 * docs/feldera/errors-and-retries.md#retry-policy). Two bounds, both enforced: a number of retries, and a total deadline, because "outages last for
 * a duration, not a number of requests" (Feldera's Python RetryConfig). Backoff is exponential with full
 * jitter so that many resources retrying at once (one `pulumi up` touches many pipelines) spread out.
 *
 * Everything time-related is injected (`sleep`, `random`, `now`) so tests run the whole schedule in
 * milliseconds and can assert the delays asked for.
 */
import { setTimeout as delay } from "node:timers/promises";
import { FelderaConfigError } from "./errors";

export interface RetryPolicy {
  /** Retries after the first attempt (0 = never retry). */
  maxRetries: number;
  /** Total wall-clock budget for one operation, across all its attempts and waits. */
  deadlineMs: number;
  /** Backoff ceiling before the first retry; doubles per retry. */
  baseDelayMs: number;
  /** Upper bound of one backoff ceiling. */
  maxDelayMs: number;
  /** Upper bound of a server-requested `Retry-After` wait. */
  retryAfterCapMs: number;
  /** Uniform in [0, 1): the jitter source. */
  random: () => number;
  /** Resolves after `ms`; rejects when `signal` aborts. */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Milliseconds on any monotonic-enough clock; only differences are used. */
  now: () => number;
}

/**
 * Defaults, with units. 5 retries (the official clients use 3; a Pulumi deployment is unattended, so a
 * little more patience costs nothing), within 60 s in total, backoff ceilings 1 s, 2 s, 4 s, 8 s, 16 s
 * (capped at 20 s), and a server's Retry-After honoured up to 60 s (Feldera sends 5 s with every 503).
 */
export const DEFAULT_RETRY = {
  maxRetries: 5,
  deadlineMs: 60_000, // 60 s
  baseDelayMs: 1_000, // 1 s
  maxDelayMs: 20_000, // 20 s
  retryAfterCapMs: 60_000, // 60 s
} as const satisfies Partial<RetryPolicy>;

/** The defaults, over `overrides`, validated. A fresh object per call: nothing module-level is shared. */
export function resolveRetryPolicy(overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  const policy: RetryPolicy = {
    ...DEFAULT_RETRY,
    random: Math.random,
    sleep: (ms, signal) => delay(ms, undefined, signal ? { signal } : undefined),
    now: Date.now,
    ...dropUndefined(overrides),
  };
  requireInteger(policy.maxRetries, "maxRetries", 0);
  for (const key of ["deadlineMs", "baseDelayMs", "maxDelayMs", "retryAfterCapMs"] as const) {
    requireNumber(policy[key], key);
  }
  if (policy.maxDelayMs < policy.baseDelayMs) {
    throw new FelderaConfigError(
      `retry.maxDelayMs (${policy.maxDelayMs}) is smaller than retry.baseDelayMs (${policy.baseDelayMs}): ` +
        `raise maxDelayMs or lower baseDelayMs`,
      { setting: "retry.maxDelayMs" },
    );
  }
  for (const key of ["random", "sleep", "now"] as const) {
    if (typeof policy[key] !== "function") {
      throw new FelderaConfigError(`retry.${key} must be a function`, { setting: `retry.${key}` });
    }
  }
  return policy;
}

/** Full jitter: uniform in [0, min(maxDelay, base · 2^retryIndex)). `retryIndex` counts from 0. */
export function backoffMs(policy: RetryPolicy, retryIndex: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retryIndex);
  return Math.floor(policy.random() * ceiling);
}

/**
 * `Retry-After` in milliseconds: delta-seconds (`5`) or an HTTP-date, relative to `nowMs` (the wall
 * clock, since the date is absolute). Undefined when absent or unparseable; never negative.
 */
export function parseRetryAfter(value: string | string[] | undefined, nowMs: number): number | undefined {
  const raw = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!raw) return undefined;
  if (/^\d+(\.\d+)?$/.test(raw)) return Math.round(Number(raw) * 1000);
  // An HTTP-date names its day and month; without letters, Date.parse would read "-3" as a year.
  if (!/[a-z]/i.test(raw)) return undefined;
  const at = Date.parse(raw);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

function dropUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function requireNumber(value: unknown, key: string): void {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new FelderaConfigError(
      `retry.${key} must be a finite number of milliseconds ≥ 0, got ${String(value)}`,
      {
        setting: `retry.${key}`,
      },
    );
  }
}

function requireInteger(value: unknown, key: string, min: number): void {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min) {
    throw new FelderaConfigError(`retry.${key} must be an integer ≥ ${min}, got ${String(value)}`, {
      setting: `retry.${key}`,
    });
  }
}
