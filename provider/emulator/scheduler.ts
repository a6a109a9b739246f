/**
 * Timers for the emulator's background work (compiler, runner, storage). One timer per pending
 * transition, keyed by what it is for (`<pipeline id>/program`, `…/deployment`, `…/storage`): scheduling
 * a key again replaces the pending timer, so a superseded transition (an edit mid-compile, a stop during
 * provisioning) simply never fires. 500 pipelines therefore cost at most a few timers each, never a
 * polling loop.
 *
 * Delays are emulated milliseconds multiplied by `timeScale`. Timers are `unref`'d and all cleared by
 * `close()`, so a closed emulator never keeps the process alive.
 */

export class Scheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private closed = false;

  constructor(private readonly timeScale: () => number) {}

  /** Runs `fn` after `delayMs` emulated milliseconds, replacing any timer pending under `key`. */
  schedule(key: string, delayMs: number, fn: () => void): void {
    if (this.closed) return;
    this.cancel(key);
    const timer = setTimeout(
      () => {
        this.timers.delete(key);
        fn();
      },
      Math.max(0, delayMs * this.timeScale()),
    );
    timer.unref();
    this.timers.set(key, timer);
  }

  /** Wall-clock repetition (not scaled), for the optional runner detail refresh (docs/feldera/pipeline-object.md#counters). */
  every(key: string, intervalMs: number, fn: () => void): void {
    if (this.closed) return;
    this.cancel(key);
    const timer = setInterval(fn, intervalMs);
    timer.unref();
    this.timers.set(key, timer);
  }

  cancel(key: string): void {
    const timer = this.timers.get(key);
    if (timer !== undefined) {
      clearTimeout(timer);
      this.timers.delete(key);
    }
  }

  isPending(key: string): boolean {
    return this.timers.has(key);
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
