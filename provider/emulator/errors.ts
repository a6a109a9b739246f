/**
 * The error table (docs/feldera/errors-and-retries.md#error-codes), in the manner of Feldera's `db/error.rs`: one line per
 * `error_code` with its HTTP status and message, messages copied from the server so clients that show
 * them read the same text. `details` is the error's parameters; parameterless errors carry `{}` as on
 * every per-pipeline endpoint (docs/feldera/errors-and-retries.md#error-body).
 */

/** ErrorResponse as on the wire (docs/feldera/errors-and-retries.md#error-body). */
export interface ErrorBody {
  message: string;
  error_code: string;
  details: unknown;
}

/** Resource/storage statuses print snake_case in messages (their Rust `Display`), PascalCase in details. */
const snake = (v: string) => v.replace(/([a-z])([A-Z])/g, "$1_$2").toLowerCase();

const ERRORS = {
  // db/error.rs — validation (docs/feldera/update-rules.md#validation)
  EmptyName: [400, () => "Name cannot be be empty"],
  TooLongName: [
    400,
    (d: { name: string; length: number; maximum: number }) =>
      `Name '${d.name}' is longer (${d.length}) than maximum allowed (${d.maximum})`,
  ],
  NameDoesNotMatchPattern: [
    400,
    (d: { name: string; pattern: string; pattern_description: string }) =>
      `Name '${d.name}' should ${d.pattern_description} (pattern: '${d.pattern}')`,
  ],
  TooLongDescription: [
    400,
    (d: { length: number; maximum: number }) =>
      `Description is longer (${d.length}) than maximum allowed (${d.maximum})`,
  ],
  TooManyTags: [
    400,
    (d: { count: number; maximum: number }) =>
      `Pipeline has more tags (${d.count}) than the maximum allowed (${d.maximum})`,
  ],
  InvalidTag: [400, (d: { tag: string; reason: string }) => `Tag '${d.tag}' is invalid: ${d.reason}`],
  InvalidRuntimeConfig: [
    400,
    (d: { value: unknown; error: Record<string, string> }) =>
      `JSON for 'runtime_config' field:\n${pretty(d.value)}\n\n... is not valid due to: ${validationError(d.error)}`,
  ],
  InvalidProgramConfig: [
    400,
    (d: { value: unknown; error: Record<string, string> }) =>
      `JSON for 'program_config' field:\n${pretty(d.value)}\n\n... is not valid due to: ${validationError(d.error)}`,
  ],
  DuplicateName: [409, () => "An entity with this name already exists"],
  // db/error.rs — pipeline lifecycle (docs/feldera/update-rules.md, docs/feldera/deployment-and-stop.md#start, docs/feldera/deployment-and-stop.md#dismiss-error, docs/feldera/storage.md)
  UnknownPipelineName: [404, (d: { pipeline_name: string }) => `Unknown pipeline name '${d.pipeline_name}'`],
  CannotRenameNonExistingPipeline: [
    400,
    () =>
      "The pipeline name in the request body does not match the one provided in the URL path. This is not allowed when no pipeline with the name provided in the URL path exists.",
  ],
  UpdateRestrictedToStopped: [
    400,
    () => "Pipeline can only be updated while stopped. Stop it first by invoking '/stop'.",
  ],
  EditRestrictedToClearedStorage: [
    400,
    (d: { not_allowed: string[] }) =>
      `The following pipeline edits are not allowed while storage is not cleared: ${d.not_allowed.join(", ")}`,
  ],
  DeleteRestrictedToFullyStopped: [
    400,
    () =>
      "Cannot delete a pipeline which is not fully stopped. Stop the pipeline first fully by invoking the '/stop' endpoint.",
  ],
  DeleteRestrictedToClearedStorage: [
    400,
    () => "Cannot delete pipeline unless its storage is cleared. Clear storage first using `/clear`.",
  ],
  IllegalPipelineAction: [
    400,
    (d: { status: string; current_desired_status: string; new_desired_status: string; hint: string }) =>
      `Deployment resources status (current: '${d.status}', desired: '${d.current_desired_status}') cannot have desired changed to '${d.new_desired_status}'. ${d.hint}`,
  ],
  CannotStartWithUndismissedError: [
    400,
    () =>
      "Cannot process `/start?dismiss_error=false` if the `deployment_error` is set. You can dismiss the error by calling `/start?dismiss_error=true`, or alternatively first call `/dismiss_error`, after which `/start?dismiss_error=false` is again possible.",
  ],
  CannotStartWhileClearingStorage: [
    400,
    () =>
      "Cannot process `/start` if the `storage_status` is `Clearing`. Wait for the storage to become cleared before trying again.",
  ],
  CannotStartWithCompilationError: [
    400,
    () =>
      "Cannot process `/start` if the `program_status` is `SqlError`, `RustError` or `SystemError`. Make changes to fix the error, which will trigger recompilation.",
  ],
  InitialImmutableUnlessStopped: [
    400,
    () =>
      "Initial desired runtime status cannot be changed unless the pipeline is desired to become Stopped.",
  ],
  BootstrapPolicyImmutableUnlessStopped: [
    400,
    () => "Bootstrap policy cannot be changed unless the pipeline is desired to become Stopped.",
  ],
  InitialStandbyNotAllowed: [
    400,
    () =>
      "Initial desired runtime status can only be set to Standby if: (1) `runtime_config.storage.backend.name` is set to `file`, and (2) `runtime_config.storage.backend.config.sync` is configured.",
  ],
  DismissErrorRestrictedToFullyStopped: [
    400,
    () =>
      "The pipeline must have both status `Stopped` and desired status `Stopped` to dismiss the `deployment_error` if it is set.",
  ],
  StorageStatusImmutableUnlessStopped: [
    400,
    (d: {
      resources_status: string;
      resources_desired_status: string;
      current_status: string;
      new_status: string;
    }) =>
      `Cannot transition storage status from '${snake(d.current_status)}' to '${snake(d.new_status)}' with resources status '${snake(d.resources_status)}' and desired status '${snake(d.resources_desired_status)}'. Storage status cannot be changed unless the pipeline is fully stopped.`,
  ],
  StartFailedDueToFailedCompilation: [
    400,
    (_: { compiler_error: string }) =>
      "Not possible to start the pipeline because the program failed to compile",
  ],
  InsufficientPermissions: [
    403,
    (d: { required: string; actual: string }) =>
      `Insufficient permissions: this action requires the '${d.required}' role, but the caller has '${d.actual}'`,
  ],
  LockTookTooLong: [
    503,
    () => "The lock required for this operation took too long to acquire. Try this operation again later.",
  ],
  PostgresError: [500, (d: { error: string }) => `Unexpected Postgres error: '${d.error}'`],
  // api/error.rs (docs/feldera/deployment-and-stop.md#start, docs/feldera/platform.md)
  UnsupportedPipelineAction: [
    405,
    (d: { action: string; reason: string }) => `Unsupported pipeline action '${d.action}': ${d.reason}`,
  ],
  InvalidBootstrapConfig: [400, (d: { reason: string }) => `Invalid bootstrap configuration: ${d.reason}`],
  ProgramNotCompiled: [
    404,
    (d: { pipeline_name: string }) =>
      `Pipeline '${d.pipeline_name}' has not been compiled yet. Please compile the pipeline first.`,
  ],
  InvalidRuntimeVersion: [400, (d: { error: string }) => `Invalid runtime version: ${d.error}`],
  InvalidNewProgramSql: [
    400,
    (d: { error: string }) => `The proposed new SQL program has compilation errors: ${d.error}`,
  ],
  NewProgramCompilationFailed: [
    500,
    (d: { error: string }) =>
      `The proposed new program could not be compiled because of an internal error (for example, the compiler service failed or a runtime version could not be downloaded): ${d.error}`,
  ],
  // common_error.rs (docs/feldera/deployment-and-stop.md#stop, docs/feldera/deployment-and-stop.md#runtime-actions)
  EnterpriseFeature: [
    501,
    (d: { feature: string }) =>
      `Cannot use enterprise-only feature (${d.feature}) in Feldera community edition.`,
  ],
  // runner/error.rs (docs/feldera/deployment-and-stop.md#resources-status, docs/feldera/deployment-and-stop.md#runtime-actions)
  PipelineInteractionNotDeployed: [
    503,
    (d: { pipeline_name: string; status: string; desired_status: string }) =>
      `Unable to interact with pipeline because the deployment status (${snake(d.status)}) indicates it is not (yet) fully provisioned${pipelineSuffix(d.pipeline_name)}`,
  ],
  PipelineUnavailable: [
    503,
    (d: { pipeline_name: string }) =>
      `Unable to interact with pipeline because its status is currently 'unavailable'${pipelineSuffix(d.pipeline_name)}`,
  ],
  AutomatonProvisioningTimeout: [
    500,
    (d: { timeout: { secs: number; nanos: number } }) =>
      `Pipeline could not be provisioned within the timeout of ${d.timeout.secs}s. Possible reasons:\n\n1) It takes too long to bring up the pipeline (e.g., cloud resources) compared to the timeout.\n   If so, try increasing \`provisioning_timeout_secs\` in the Pipeline settings.\n\n2) Your cloud environment could not provision some required resources like volumes or containers.\n   The pipeline logs might provide more insight if this is the case.\n`,
  ],
  RunnerProvisionError: [500, (d: { error: string }) => `Pipeline provision failed: ${d.error}`],
  // The pipeline process's own errors, returned verbatim by forwarded actions (adapters/server/error.rs).
  InvalidTransition: [
    400,
    (d: [string, string]) => `Cannot execute ${d[0]} transition starting from ${d[1]}`,
  ],
  InvalidActivateStatus: [
    400,
    (d: string) => `Invalid activation status ${d} (only running and paused are valid)`,
  ],
  BootstrapRejected: [500, () => "Bootstrapping of the modified pipeline was rejected by the user."],
  // Unit variants of the pipeline's untagged error enum: their `details` serialise as `null`.
  Initializing: [503, (_: null) => "Operation failed because the pipeline has not finished initializing."],
  Suspended: [503, (_: null) => "Operation failed because the pipeline has been suspended."],
} as const satisfies Record<string, readonly [number, (d: never) => string]>;

export type ErrorCode = keyof typeof ERRORS;
type DetailsOf<C extends ErrorCode> = Parameters<(typeof ERRORS)[C][1]>[0];

/** `details` for a code, `{}` when the error has no parameters. */
export type ErrorDetailsArg<C extends ErrorCode> = DetailsOf<C> extends undefined ? [] : [DetailsOf<C>];

export interface FelderaFailure {
  status: number;
  body: ErrorBody;
}

export function failure<C extends ErrorCode>(code: C, ...args: ErrorDetailsArg<C>): FelderaFailure {
  const [status, message] = ERRORS[code] as readonly [number, (d: unknown) => string];
  const details = args.length > 0 ? args[0] : {};
  return { status, body: { message: message(details), error_code: code, details } };
}

/** Just the body, for `deployment_error` (docs/feldera/deployment-and-stop.md#bookkeeping). */
export function errorBody<C extends ErrorCode>(code: C, ...args: ErrorDetailsArg<C>): ErrorBody {
  return failure(code, ...args).body;
}

function pretty(value: unknown): string {
  return JSON.stringify(value, null, 2) ?? "null";
}

/** `ValidationError`'s Display (db/types/utils.rs). */
function validationError(error: Record<string, string>): string {
  const [kind, text] = Object.entries(error)[0] ?? ["", ""];
  if (kind === "DeserializationFailed") return `could not deserialize due to: ${text}`;
  if (kind === "EnterpriseFeature") return `enterprise feature: ${text}`;
  if (kind === "InvalidPipelineEnv") return `invalid pipeline environment: ${text}`;
  return text;
}

function pipelineSuffix(name: string): string {
  return ` pipeline-id=N/A pipeline-name="${name === "" ? "N/A" : name}"`;
}
