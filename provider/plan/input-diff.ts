/**
 * Pulumi's `diff`: previous outputs (which echo the inputs, and after a refresh carry the live values in
 * the same shape) against new inputs. No network: this runs on every preview of every pipeline.
 *
 * - Nothing ever forces replacement: a rename is a PATCH of `name`, and the resource id is the pipeline's
 *   uuid, which a rename keeps (docs/feldera/pipeline-object.md#fields).
 * - Values are compared by meaning, not by text: an omitted description equals `""`, `{workers: 8}`
 *   equals `{}` (the server's default), so a refactor of the program that declares the same pipeline
 *   previews as no change.
 * - Provider options (onRunningChange, compile/start timeouts, …) say how to make a change, not what to
 *   change: on their own they never cause an update; they take effect on the next one. The exception is
 *   what destroy uses, `timeouts.stop` and `timeouts.clear`: delete sees only the recorded outputs, so a
 *   new value must be recorded by an update (one that writes nothing to Feldera), or raising a timeout
 *   after a destroy timed out would change nothing.
 * - A value unknown during preview counts as a change, as the engine expects.
 */
import { containsUnknown } from "../model/check-inputs";
import { timeoutsFrom } from "../model/inputs";
import { jsonEqual } from "../model/json";
import { PIPELINE_FIELDS, type PipelineField } from "../model/pipeline-fields";

type Same = (a: unknown, b: unknown) => boolean;

/**
 * The inputs that describe the pipeline itself, each with what "the same" means for it: every field of
 * the table (its own equality), plus the declared status and the timeouts destroy reads.
 */
function pipelineProperties(table: readonly PipelineField[]): [string, Same][] {
  return [
    ...table.map((f): [string, Same] => [f.input, f.same]),
    ["desiredStatus", (a, b) => jsonEqual(a ?? "running", b ?? "running")],
    [
      "timeouts",
      (a, b) => {
        const [x, y] = [timeoutsFrom(a), timeoutsFrom(b)];
        return x.stop === y.stop && x.clear === y.clear;
      },
    ],
  ];
}

export interface InputDiff {
  changes: boolean;
  /** The changed input properties, for messages; the host forwards only `changes` (pulumi#3080). */
  changedProperties: string[];
  replaces: string[];
  deleteBeforeReplace: boolean;
}

export function diffInputs(
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
  table: readonly PipelineField[] = PIPELINE_FIELDS,
): InputDiff {
  const changedProperties = pipelineProperties(table)
    .filter(([key, same]) => {
      const n = news[key];
      if (containsUnknown(n)) return true;
      return !same(olds[key], n);
    })
    .map(([key]) => key);
  return {
    changes: changedProperties.length > 0,
    changedProperties,
    replaces: [],
    // Never a replacement of our own; but one forced by the user (`--replace`, `replaceOnChanges`) must
    // delete first: the new pipeline takes the same name, which Feldera allows only once.
    deleteBeforeReplace: true,
  };
}
