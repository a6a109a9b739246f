/**
 * A Pipeline resource as a policy sees it.
 *
 * Matching is by type token: `args.isType(Pipeline)` cannot work for a dynamic resource, whose class
 * carries no Pulumi type of its own. The token exists since @pulumi/pulumi 3.52 (the dynamic Resource's
 * module/type arguments; older SDKs register every dynamic resource as `pulumi-nodejs:dynamic:Resource`),
 * hence the peer dependency's floor. `props` are the declared inputs (the Feldera `name` is always
 * there: the Pipeline class defaults it to the resource name), after a create also the outputs
 * (`pipelineId`, `effectiveRuntimeConfig`, …). The engine strips `__provider` before analysis
 * (`SkipInternalKeys`), but a host that does not is harmless: nothing here reads it.
 *
 * Unknown values: during a preview, @pulumi/policy wraps `props` in a proxy that throws when a value
 * computed from another resource is read, and turns the throw into an advisory "can't run during
 * preview" diagnostic for the whole policy. Reading through `snapshot` instead records such values as
 * the engine's unknown marker, so a rule can say precisely which field it could not judge, skip only
 * that, and still check the rest.
 */
import { UNKNOWN_VALUE } from "../model/check-inputs";
import { PIPELINE_TYPE } from "../model/pipeline-type";

export { PIPELINE_TYPE };

export interface PipelineView {
  /** The Pulumi resource name. */
  resourceName: string;
  /** The Feldera pipeline name when known, else the resource name: what messages call the pipeline. */
  name: string;
  /** A plain copy of the props; values not known during preview are `UNKNOWN_VALUE`. */
  props: Record<string, unknown>;
}

export function isPipeline(resource: { type: string }): boolean {
  return resource.type === PIPELINE_TYPE;
}

export function pipelineView(resource: { name: string; props: Record<string, unknown> }): PipelineView {
  const props = snapshot(resource.props) as Record<string, unknown>;
  const name =
    typeof props["name"] === "string" && props["name"] !== UNKNOWN_VALUE ? props["name"] : undefined;
  return { resourceName: resource.name, name: name ?? resource.name, props };
}

/**
 * A deep, plain copy of deserialized resource properties. Any throw while reading a member is the
 * unknown-checking proxy refusing an unknown value (plain deserialized data has no getters that throw),
 * so it is recorded as unknown rather than matched against @pulumi/policy's `UnknownValueError` class,
 * which a second copy of that package would not recognise.
 */
export function snapshot(value: unknown): unknown {
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (let i = 0; i < value.length; i++) out.push(readMember(value, i));
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[key] = readMember(value as Record<string, unknown>, key);
  return out;
}

function readMember(container: Record<string | number, unknown> | unknown[], key: string | number): unknown {
  try {
    return snapshot((container as Record<string | number, unknown>)[key]);
  } catch {
    return UNKNOWN_VALUE;
  }
}

/** The value at a dotted path inside a plain object; `undefined` when a step is missing. */
export function valueAt(root: unknown, path: readonly string[]): unknown {
  let v: unknown = root;
  for (const step of path) {
    if (v === UNKNOWN_VALUE) return UNKNOWN_VALUE;
    if (typeof v !== "object" || v === null || Array.isArray(v)) return undefined;
    v = (v as Record<string, unknown>)[step];
  }
  return v;
}
