/**
 * The counters of one running pipeline process, as the emulator keeps them between `/stats` requests:
 * per input and output endpoint, and for the process as a whole. A pipeline holds one while Provisioned
 * (pipeline-state.ts); stats.ts advances them and stats-report.ts renders them as Feldera's
 * ControllerStatus (docs/feldera/stats.md#report).
 */

export interface ConnectorErrorEntry {
  timestamp: string;
  index: number;
  message: string;
  tag: string | null;
}

export interface InputEndpoint {
  name: string;
  stream: string;
  clock: boolean;
  /** Records per emulated second while receiving. */
  rate: number;
  bytesPerRecord: number;
  /** A finite source reaches end of input after this many records. */
  limit: number | null;
  pausedByConfig: boolean;
  /** Wall-clock ms spent receiving, up to `ProcessStats.settledAt`. */
  receivingMs: number;
  /** Test control `endInput`. */
  endedByControl: boolean;
  fatalError: string | null;
  numTransportErrors: number;
  /** Recent transport errors (the controller keeps the latest ones; we keep them all). */
  transportErrors: ConnectorErrorEntry[];
  health: { status: "Healthy" | "Unhealthy"; description: string | null } | null;
}

export interface OutputEndpoint {
  name: string;
  stream: string;
}

export interface ProcessStats {
  startedAtMs: number;
  incarnationUuid: string;
  inputs: InputEndpoint[];
  outputs: OutputEndpoint[];
  /** Wall-clock ms the circuit has been running (stepping), up to `settledAt`. */
  runningMs: number;
  settledAt: number;
  /** The conditions in force since `settledAt`. */
  running: boolean;
  stalled: boolean;
}
