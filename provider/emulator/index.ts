/**
 * `pulumi-feldera/emulator`: a real HTTP server that behaves like Feldera's pipeline-manager REST API
 * v0.337 (docs/feldera/README.md), for the demo, the tests and users' CI.
 *
 *   const emulator = await startEmulator({ timeScale: 0.05 });
 *   // … point FELDERA_HOST at emulator.url …
 *   await emulator.close();
 *
 * Asking for an outcome (sql/analyze.ts, compiler.ts):
 *  - `SYNTAX_ERROR` in program_code → SqlError at that token;  `SYSTEM_ERROR` → SystemError;
 *  - `RUST_ERROR` in udf_rust → RustError;  `SQL_WARNING` → a warning on a successful compile;
 *  - a statement not starting with CREATE/DECLARE/LATENESS, unbalanced parentheses, an unterminated
 *    string → SqlError with its position;  bad `WITH ('connectors' = …)` → ConnectorGenerationError;
 *  - `emulator.crash(name)`, `emulator.failNextProvisioning(name)`: runtime and provisioning failures;
 *  - `GET /stats` counts records on each input connector while Running; `emulator.stallInputs(name)`,
 *    `failInput(name, endpoint, message)`, `endInput(name)`, `setUnavailable(name)` change that;
 *  - `provisioning_timeout_secs` shorter than `delays.provisionMs` → AutomatonProvisioningTimeout;
 *  - a start after a run of a different program → AwaitingApproval (or per `bootstrap_policy`);
 *  - `version` < 0.313/0.324/0.251/… → that release's behaviour (model/versions.ts);  `edition: "open-source"`;
 *  - `faults`: 5xx/429/408 answers, dropped connections, delays;  `apiKeys`: bearer authentication.
 *
 * Default stage delays (DEFAULT_DELAYS, emulated ms, × timeScale): compile SQL 500, compile Rust 2000,
 * provision 1000, initialize 500, bootstrap 300, stop 500, clear storage 300, suspend 500.
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
