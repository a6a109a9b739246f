/**
 * `pulumi-feldera/emulator`: a real HTTP server that behaves like Feldera's pipeline-manager REST API
 * v0.337 (LIFECYCLE.md), for the demo, the tests and users' CI.
 *
 *   const emulator = await startEmulator({ timeScale: 0.05 });
 *   // … point FELDERA_HOST at emulator.url …
 *   await emulator.close();
 */

export { DEFAULT_DELAYS } from "./settings";
export { startEmulator } from "./start";
export type {
  ApiKeyRole,
  Emulator,
  EmulatorOptions,
  FaultAction,
  FaultRule,
  RequestLogEntry,
  StageDelays,
} from "./types";
