/**
 * The targets, each a number held against a limit. A target whose value could not be measured
 * (NaN: e.g. the section did not run) is reported as not met, never silently as met.
 */

export interface Target {
  name: string;
  value: number;
  limit: number;
  /** How the value must compare with the limit. */
  comparison: "<=" | ">=";
  unit: string;
  met: boolean;
  /** What the value was computed from, in one line. */
  basis?: string;
}

export function atMost(name: string, value: number, limit: number, unit: string, basis?: string): Target {
  return { name, value, limit, comparison: "<=", unit, met: Number.isFinite(value) && value <= limit, basis };
}

export function atLeast(name: string, value: number, limit: number, unit: string, basis?: string): Target {
  return { name, value, limit, comparison: ">=", unit, met: Number.isFinite(value) && value >= limit, basis };
}

export function allMet(targets: readonly Target[]): boolean {
  return targets.every((t) => t.met);
}
