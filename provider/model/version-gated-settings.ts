/**
 * Settings a declaration may use that only newer Feldera servers know (docs/feldera/versions.md). An older server
 * drops a config key it does not know without a word (docs/feldera/update-rules.md#request-bodies), so a declared `clock_timezone_offset` or
 * `use_platform_compiler` would simply not be applied: the pipeline would run without what was declared,
 * and every later preview would show the same diff again. Detected here so the planner can refuse before
 * any write, naming the setting and the release that introduced it.
 */
import { type Behaviour, type Behaviours, SINCE } from "./versions";

type Config = Record<string, unknown>;

const GATED: readonly {
  setting: string;
  since: Behaviour;
  declared: (runtime: Config, program: Config) => boolean;
}[] = [
  {
    setting: "runtimeConfig.clock_timezone_offset",
    since: "clockTimezoneOffset",
    declared: (runtime) => runtime["clock_timezone_offset"] != null,
  },
  {
    // `false` is the default: absent on an older server means exactly that.
    setting: "programConfig.use_platform_compiler",
    since: "usePlatformCompiler",
    declared: (_, program) => program["use_platform_compiler"] === true,
  },
  {
    setting: 'programConfig.profile "optimized_symbols"',
    since: "optimizedSymbols",
    declared: (_, program) => program["profile"] === "optimized_symbols",
  },
];

export interface UnsupportedSetting {
  /** As the declaration spells it, e.g. `runtimeConfig.clock_timezone_offset`. */
  setting: string;
  /** The first release that knows it, e.g. `v0.326.0`. */
  since: string;
}

/** The declared settings a server with `behaviours` does not know. */
export function settingsUnknownTo(
  behaviours: Behaviours,
  runtimeConfig: object | undefined,
  programConfig: object | undefined,
): UnsupportedSetting[] {
  const runtime = (runtimeConfig ?? {}) as Config;
  const program = (programConfig ?? {}) as Config;
  return GATED.filter(({ since, declared }) => !behaviours[since] && declared(runtime, program)).map(
    ({ setting, since }) => ({ setting, since: `v${SINCE[since].join(".")}` }),
  );
}
