/**
 * Settings a declaration may use that only newer Feldera servers know (docs/feldera/versions.md). An older server
 * drops a config key it does not know without a word (docs/feldera/update-rules.md#request-bodies), so a declared `clock_timezone_offset` or
 * `use_platform_compiler` would simply not be applied: the pipeline would run without what was declared,
 * and every later preview would show the same diff again. Detected here so the planner can refuse before
 * any write, naming the setting and the release that introduced it. Which settings are gated is each
 * field's `gates` in pipeline-fields.ts.
 */
import { PIPELINE_FIELDS, type PipelineField } from "./pipeline-fields";
import { type Behaviours, SINCE } from "./versions";

export interface UnsupportedSetting {
  /** As the declaration spells it, e.g. `runtimeConfig.clock_timezone_offset`. */
  setting: string;
  /** The first release that knows it, e.g. `v0.326.0`. */
  since: string;
}

/** The declared settings a server with `behaviours` does not know. */
export function settingsUnknownTo(
  behaviours: Behaviours,
  declaration: object,
  fields: readonly PipelineField[] = PIPELINE_FIELDS,
): UnsupportedSetting[] {
  return fields.flatMap((f) => {
    const value = ((declaration as Record<string, unknown>)[f.input] ?? {}) as Record<string, unknown>;
    return (f.gates ?? [])
      .filter(({ since, declared }) => !behaviours[since] && declared(value))
      .map(({ setting, since }) => ({
        setting: `${f.input}.${setting}`,
        since: `v${SINCE[since].join(".")}`,
      }));
  });
}
