/**
 * Deterministic fault injection. Rules are checked in the order added; the first rule that decides to
 * apply wins. A rule counts the requests it matches (method and path): it lets the first `after`
 * through, then applies to the next `times` (default 1), or, with `probability`, to each later match
 * with that probability drawn from a PRNG seeded by `seed`, so a failing run can be replayed exactly.
 */
import { seededRandom } from "./random";
import type { FaultAction, FaultRule } from "./types";

interface RuleState {
  rule: FaultRule;
  seen: number;
  applied: number;
}

export class FaultInjector {
  private rules: RuleState[] = [];
  private readonly random: () => number;

  constructor(rules: readonly FaultRule[], seed: number) {
    this.random = seededRandom(seed); // one per emulator instance
    for (const rule of rules) this.add(rule);
  }

  add(rule: FaultRule): void {
    if (rule.probability !== undefined && !(rule.probability >= 0 && rule.probability <= 1)) {
      throw new RangeError(`fault probability must be within [0, 1], got ${rule.probability}`);
    }
    this.rules.push({ rule, seen: 0, applied: 0 });
  }

  clear(): void {
    this.rules = [];
  }

  /** The action for this request, if any rule fires. */
  next(method: string, path: string): FaultAction | undefined {
    for (const state of this.rules) {
      const { rule } = state;
      if (rule.method !== undefined && rule.method.toUpperCase() !== method) continue;
      if (!pathMatches(rule.path, path)) continue;
      state.seen++;
      if (state.seen <= (rule.after ?? 0)) continue;
      const budgetLeft = state.applied < (rule.times ?? (rule.probability === undefined ? 1 : Infinity));
      if (!budgetLeft) continue;
      if (rule.probability !== undefined && this.random() >= rule.probability) continue;
      state.applied++;
      return rule.action;
    }
    return undefined;
  }
}

function pathMatches(pattern: string | RegExp | undefined, path: string): boolean {
  if (pattern === undefined) return true;
  if (typeof pattern === "string") return pattern === path;
  pattern.lastIndex = 0;
  return pattern.test(path);
}

export function describeFault(action: FaultAction): string {
  if (action.kind === "status") return `status:${action.status}`;
  if (action.kind === "drop") return `drop:${action.when}`;
  return `delay:${action.ms}`;
}
