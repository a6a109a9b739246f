/**
 * What a server of a given platform version does (LIFECYCLE.md §9). Every legacy branch in the emulator
 * reads one of these flags, so "which version introduced X" lives in this table and nowhere else.
 */

export type SemVer = readonly [number, number, number];

const SEMVER = /^v?(\d+)\.(\d+)\.(\d+)(?:[-+].*)?$/;

export function parseVersion(version: string): SemVer | undefined {
  const m = SEMVER.exec(version);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

export function atLeast(v: SemVer, min: SemVer): boolean {
  for (let i = 0; i < 3; i++) {
    if (v[i]! !== min[i]!) return v[i]! > min[i]!;
  }
  return true;
}

/** The status rework (§9): nothing older shares the status model this emulator implements. */
export const OLDEST_EMULATED: SemVer = [0, 148, 0];

/** Each flag with the first release that has it (§9). */
const SINCE = {
  /** `/update_runtime`. */
  updateRuntime: [0, 161, 0],
  /** `/approve`, `bootstrap_policy` (param and field), runtime `AwaitingApproval`. */
  bootstrapPolicy: [0, 164, 0],
  /** `selector=status_with_connectors`. */
  statusWithConnectors: [0, 178, 0],
  /** `deployment_resources_status_details`. */
  resourcesStatusDetails: [0, 220, 0],
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
  /** `program_config.use_platform_compiler`. */
  usePlatformCompiler: [0, 310, 0],
  /**
   * `tags`; description and tags become client metadata (not core, 300-char limit, never storage-bound);
   * a no-op PATCH/PUT is allowed while running.
   */
  clientMetadata: [0, 313, 0],
  /** `POST /v0/validate_program`, `POST /v0/pipelines/{name}/diff`, `concurrent_bootstrap`. */
  programValidation: [0, 324, 0],
} as const satisfies Record<string, SemVer>;

export type FeatureName = keyof typeof SINCE;
export type Features = { readonly [K in FeatureName]: boolean };

export function featuresOf(version: SemVer): Features {
  const entries = Object.entries(SINCE).map(([name, min]) => [name, atLeast(version, min)]);
  return Object.fromEntries(entries) as Features;
}
