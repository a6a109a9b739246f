/**
 * Reproducible randomness: the same seed draws the same stage durations, so the provider and the
 * fixed-interval poller are measured over identical runs, and a re-run measures the same thing.
 */

export type Random = () => number;

/** mulberry32: a tiny, well-mixed 32-bit PRNG; returns values in [0, 1). */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A whole number of milliseconds drawn uniformly from [lo, hi]. */
export function uniformMs(random: Random, [lo, hi]: readonly [number, number]): number {
  return Math.round(lo + (hi - lo) * random());
}
