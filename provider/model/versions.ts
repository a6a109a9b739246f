/**
 * Feldera platform versions and the first release of each behaviour a client or an emulator must know
 * about (docs/feldera/versions.md). The only place that knows "which version introduced X": the emulator derives
 * its legacy behaviour from it, the client its feature detection.
 */

export type Version = readonly [major: number, minor: number, patch: number];

/** `0.337.0`, `v0.300.1`, `0.337.0+enterprise.abc`, `0.337.0-rc.1` → [0, 337, 0]; anything else undefined. */
export function parseVersion(version: string): Version | undefined {
  const m = /^\s*v?(\d+)\.(\d+)\.(\d+)(?:[-+.].*)?\s*$/.exec(version);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

export function versionAtLeast(v: Version, min: Version): boolean {
  for (let i = 0; i < 3; i++) if (v[i]! !== min[i]!) return v[i]! > min[i]!;
  return true;
}

/** Each behaviour with the first release that has it (docs/feldera/versions.md). */
export const SINCE = {
  /** The status rework: resources/runtime statuses, `/start?initial=`, `/resume`. The oldest supported. */
  statusRework: [0, 148, 0],
  /** `/update_runtime`. */
  updateRuntime: [0, 161, 0],
  /** `/approve`, `bootstrap_policy` (param and field), runtime `AwaitingApproval`. */
  bootstrapPolicy: [0, 164, 0],
  /** `program_config.profile: optimized_symbols`. */
  optimizedSymbols: [0, 171, 0],
  /** `selector=status_with_connectors`. */
  statusWithConnectors: [0, 178, 0],
  /** `deployment_resources_status_details`. */
  resourcesStatusDetails: [0, 220, 0],
  /** `runtime_config.hosts` becomes storage-bound. */
  hostsStorageBound: [0, 227, 0],
  /** `/dismiss_error`, `/start?dismiss_error=`, and /start's error/clearing preconditions. */
  dismissError: [0, 251, 0],
  /** `storage_status_details`. */
  storageStatusDetails: [0, 289, 0],
  /** `/start` refuses a different bootstrap config unless stopped (`BootstrapPolicyImmutableUnlessStopped`). */
  bootstrapPolicyImmutable: [0, 289, 0],
  /** `silent_bootstrap` (param and field). */
  silentBootstrap: [0, 300, 0],
  /** `CannotStartWithCompilationError`. */
  startCompileErrorCheck: [0, 303, 0],
  /** `runtime_config.resources.namespace` becomes storage-bound. */
  namespaceStorageBound: [0, 303, 0],
  /** `runtime_config.resources.storage_class` becomes storage-bound. */
  storageClassStorageBound: [0, 305, 0],
  /** `program_config.use_platform_compiler`. */
  usePlatformCompiler: [0, 310, 0],
  /**
   * `tags`; description and tags become client metadata (not core, 300-char limit, never storage-bound);
   * a no-op PATCH/PUT is allowed while running.
   */
  clientMetadata: [0, 313, 0],
  /** `POST /v0/validate_program`, `POST /v0/pipelines/{name}/diff`, `concurrent_bootstrap`. */
  programValidation: [0, 324, 0],
  /** `runtime_config.clock_timezone_offset` (storage-bound from the start). */
  clockTimezoneOffset: [0, 326, 0],
} as const satisfies Record<string, Version>;

export type Behaviour = keyof typeof SINCE;
export type Behaviours = { readonly [K in Behaviour]: boolean };

/** Which behaviours a server of this version has. */
export function behavioursOf(version: Version): Behaviours {
  const entries = Object.entries(SINCE).map(([name, min]) => [name, versionAtLeast(version, min)]);
  return Object.fromEntries(entries) as Behaviours;
}

/** A server whose version cannot be parsed (a development build) is taken to be current: it has them all. */
export const EVERY_BEHAVIOUR: Behaviours = Object.fromEntries(
  Object.keys(SINCE).map((name) => [name, true]),
) as Behaviours;
