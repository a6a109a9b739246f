/**
 * An engine stand-in for tests and the demo: runs a Pulumi program under Pulumi's mocks and drives the
 * real dynamic-provider host over gRPC as the engine does. README.md says what it reproduces.
 */
export { type ConfigValue, Engine, type EngineEvent, type EngineOptions, type Result } from "./engine";
export { ProviderHost } from "./host";
export { renderSteps, type StepResult } from "./preview";
export { type CapturedResource, captureRegistrations, projectName, stackConfigFile } from "./program";
export { InitFailedError } from "./rpc";
export { type PendingOperation, type ResourceState, type Snapshot, StateFile } from "./state";
export { isSecret, type Props, SECRET_SIG, SIG, secret, UNKNOWN } from "./values";
