/**
 * What this provider has learnt about how long Feldera takes, so that a wait can poll where the end is
 * likely instead of at a fixed rhythm.
 *
 * A stack deploys many pipelines of one kind against one server: their compilations, provisionings and
 * stops take similar times. For every stage a wait passes through (e.g. `compile:CompilingRust`,
 * `deploy:Provisioning`) we record the time from entering that stage to reaching the wait's target, both
 * measured with the server's own `*_since` timestamps, so network latency and clock skew do not distort
 * them. A wait in a known stage then knows the window in which it will most likely end.
 *
 * The server's clock need not be ours: `offsetMs` (our clock minus the server's) is estimated from
 * observations: a stage that we see has begun no later than the moment we see it, so the smallest
 * `received - since` over recent observations bounds the offset from above, tightly once a poll lands
 * shortly after a transition (which the dense polling near transitions makes common).
 *
 * One instance lives per configured provider (one `pulumi up`); nothing is kept at module scope.
 */

const MAX_SAMPLES = 32;

export interface StageWindow {
  /** Shortest and longest observed time from entering the stage to the wait's target, in ms. */
  min: number;
  max: number;
  samples: number;
}

export class StageTimings {
  private readonly remaining = new Map<string, number[]>();
  private readonly offsets: number[] = [];

  /** A completed wait passed through `stage`, which began `ms` before the target was reached. */
  recordRemaining(stage: string, ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) return;
    const list = this.remaining.get(stage) ?? [];
    list.push(ms);
    if (list.length > MAX_SAMPLES) list.shift();
    this.remaining.set(stage, list);
  }

  /** The window for `stage`, once it has been seen at least twice (one sample is an anecdote). */
  window(stage: string): StageWindow | undefined {
    const list = this.remaining.get(stage);
    if (!list || list.length < 2) return undefined;
    return { min: Math.min(...list), max: Math.max(...list), samples: list.length };
  }

  /** We received, at local time `receivedAt`, a status whose stage began at server time `since`. */
  observeOffset(receivedAt: number, since: number): void {
    this.offsets.push(receivedAt - since);
    if (this.offsets.length > MAX_SAMPLES) this.offsets.shift();
  }

  /** Our clock minus the server's, in ms (0 until anything was observed). */
  get offsetMs(): number {
    return this.offsets.length ? Math.min(...this.offsets) : 0;
  }
}
