/**
 * Reproducible randomness: the same seed draws the same stage durations, so the provider and the
 * fixed-interval poller are measured over identical runs, and a re-run measures the same thing.
 */

import type { Random } from "../provider/emulator/random";

export { type Random, seededRandom } from "../provider/emulator/random";

/** A whole number of milliseconds drawn uniformly from [lo, hi]. */
export function uniformMs(random: Random, [lo, hi]: readonly [number, number]): number {
  return Math.round(lo + (hi - lo) * random());
}
