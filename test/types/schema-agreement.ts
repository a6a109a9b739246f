/**
 * The public input types (provider/types) are hand-written, for documentation and readable errors; the
 * zod schemas (provider/model) are what `check` validates with. This file keeps them one source of truth:
 * `npm run typecheck` fails, naming the property, when they stop agreeing.
 *
 * Agreement is checked after removing `pulumi.Input` at every depth (the schemas see resolved values):
 * mutual assignability, which catches a differing type or optionality, and mutual assignability with
 * every property made required, which catches a property one side lacks (an absent optional property
 * is assignable to anything).
 */
import type * as pulumi from "@pulumi/pulumi";
import type { DesiredStatus as ModelDesiredStatus, PipelineInputs } from "../../provider/model/inputs";
import type { ProgramConfigInput } from "../../provider/model/program-config";
import type { RuntimeConfigInput } from "../../provider/model/runtime-config";
import type { BootstrapPolicy as ModelBootstrapPolicy } from "../../provider/model/status";
import type {
  BootstrapPolicy,
  DesiredStatus,
  HealthGate,
  PipelineArgs,
  PipelineTimeouts,
} from "../../provider/types/pipeline-args";
import type { ProgramConfig } from "../../provider/types/program-config";
import type { RuntimeConfig } from "../../provider/types/runtime-config";

/** The value a program's input resolves to: no Output or Promise at any depth. */
type Resolved<T> =
  T extends pulumi.OutputInstance<infer U>
    ? Resolved<U>
    : T extends Promise<infer U>
      ? Resolved<U>
      : T extends readonly (infer E)[]
        ? Resolved<E>[]
        : T extends object
          ? { [K in keyof T]: Resolved<T[K]> }
          : T;

/** Every property required, at every depth. */
type AllRequired<T> = T extends readonly (infer E)[]
  ? AllRequired<E>[]
  : T extends object
    ? { [K in keyof T]-?: AllRequired<T[K]> }
    : T;

/** Each call compiles only if `A` and `B` agree; an error names the first property that does not. */
function agree<A, B>(_: {
  aToB: (a: A) => B;
  bToA: (b: B) => A;
  requiredAToB: (a: AllRequired<A>) => AllRequired<B>;
  requiredBToA: (b: AllRequired<B>) => AllRequired<A>;
}): void {}
const both = <T>(v: T) => v;
const proof = { aToB: both, bToA: both, requiredAToB: both, requiredBToA: both };

type SchemaArgs = Omit<PipelineInputs, "name"> & { name?: PipelineInputs["name"] };

agree<Resolved<RuntimeConfig>, RuntimeConfigInput>(proof);
agree<Resolved<ProgramConfig>, ProgramConfigInput>(proof);
agree<Resolved<HealthGate>, NonNullable<PipelineInputs["healthGate"]>>(proof);
agree<Resolved<PipelineTimeouts>, NonNullable<PipelineInputs["timeouts"]>>(proof);
agree<Resolved<PipelineArgs>, SchemaArgs>(proof);
agree<DesiredStatus, ModelDesiredStatus>(proof);
agree<BootstrapPolicy, ModelBootstrapPolicy>(proof);

// The check itself can fail: an interface missing an optional field, or with one the schema lacks.
// @ts-expect-error the schema's `logging` is missing from the interface
agree<Resolved<Omit<RuntimeConfig, "logging">>, RuntimeConfigInput>(proof);
// @ts-expect-error the interface's `loging` is not in the schema
agree<Resolved<RuntimeConfig & { loging?: string }>, RuntimeConfigInput>(proof);
