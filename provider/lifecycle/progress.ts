/**
 * Progress of a wait, as lines a person reads in `pulumi up` output. The dynamic-provider host is not
 * connected to the engine's log service (pulumi.log is invisible there, pulumi#6065), but it passes its
 * stderr through, so the default sink is stderr; tests and the demo inject their own.
 *
 * Quiet for the first second (most waits end sooner and need no narration), then a line whenever the
 * status changes and a heartbeat while it does not (after 10 s, 20 s, 40 s, … at most every minute), and
 * "… after N s" at the end only if something was said before.
 */
export type ProgressSink = (line: string) => void;

export const stderrSink: ProgressSink = (line) => {
  process.stderr.write(`${line}\n`);
};

const QUIET_MS = 1000;
const FIRST_HEARTBEAT_MS = 10_000;
const MAX_HEARTBEAT_MS = 60_000;

export interface Progress {
  update(status: string, now: number): void;
  finish(now: number): void;
}

export function startProgress(
  pipeline: string,
  waitingFor: string,
  startedAt: number,
  sink: ProgressSink = stderrSink,
): Progress {
  let said = "";
  let spoke = false;
  let heartbeatAt = startedAt + FIRST_HEARTBEAT_MS;
  let heartbeatEvery = FIRST_HEARTBEAT_MS;
  const elapsed = (now: number) => `${((now - startedAt) / 1000).toFixed(1)}s`;
  return {
    update(status, now) {
      if (now - startedAt < QUIET_MS) return;
      const changed = status !== said;
      if (!changed && now < heartbeatAt) return;
      if (!changed) {
        heartbeatEvery = Math.min(heartbeatEvery * 2, MAX_HEARTBEAT_MS);
      }
      heartbeatAt = now + heartbeatEvery;
      said = status;
      spoke = true;
      sink(`feldera: pipeline '${pipeline}': waiting to ${waitingFor}: ${status} (${elapsed(now)} elapsed)`);
    },
    finish(now) {
      if (spoke) sink(`feldera: pipeline '${pipeline}': done waiting to ${waitingFor} after ${elapsed(now)}`);
    },
  };
}
