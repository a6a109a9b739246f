/**
 * Small statistics for the benchmark: percentiles, summaries, ratios, and the makespan of a set of jobs on
 * a fixed number of parallel slots (how the inherent time of a Pulumi-like parallel schedule is computed).
 * Pure: no clock, no I/O.
 */

export interface Summary {
  n: number;
  min: number;
  p50: number;
  p95: number;
  max: number;
  mean: number;
}

/**
 * The `p`-th percentile (0–100) by linear interpolation between closest ranks (numpy's default), so the
 * p50 of an even count is the mean of the two middle values. NaN for no values.
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  if (p < 0 || p > 100) throw new RangeError(`percentile must be within 0–100, got ${p}`);
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  const a = sorted[lo]!;
  const b = sorted[hi]!;
  return a + (b - a) * (rank - lo);
}

export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) {
    return { n: 0, min: Number.NaN, p50: Number.NaN, p95: Number.NaN, max: Number.NaN, mean: Number.NaN };
  }
  return {
    n: values.length,
    min: Math.min(...values),
    p50: percentile(values, 50),
    p95: percentile(values, 95),
    max: Math.max(...values),
    mean: values.reduce((s, v) => s + v, 0) / values.length,
  };
}

/** `value / reference`; NaN when the reference is not positive (a ratio to nothing means nothing). */
export function ratio(value: number, reference: number): number {
  return reference > 0 ? value / reference : Number.NaN;
}

export function sum(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0);
}

/**
 * The time `durations` take on `slots` parallel slots when each job, in the given order, starts as soon as
 * any slot is free: how the Pulumi engine schedules resource operations under `--parallel`. With the
 * server's own time per operation as durations, this is the least wall time any client could achieve
 * with that parallelism (a client with zero overhead).
 */
export function listScheduleMakespan(durations: readonly number[], slots: number): number {
  if (!Number.isInteger(slots) || slots < 1) throw new RangeError(`slots must be a positive integer`);
  const free = new Array<number>(Math.min(slots, Math.max(durations.length, 1))).fill(0);
  for (const d of durations) {
    let earliest = 0;
    for (let i = 1; i < free.length; i++) if (free[i]! < free[earliest]!) earliest = i;
    free[earliest] = free[earliest]! + Math.max(0, d);
  }
  return Math.max(0, ...free);
}
