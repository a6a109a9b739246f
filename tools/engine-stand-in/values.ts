/**
 * Property values in wire form, as the SDK sends them and a checkpoint stores them: a secret is
 * `{[SIG]: SECRET_SIG, value}` (`ciphertext` instead of `value` on disk), an unknown is the UNKNOWN string
 * (@pulumi/pulumi `runtime/rpc.js`). The harness keeps every value in this form.
 */
export const SIG = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export type Props = Record<string, unknown>;

export function secret(value: unknown): Props {
  return { [SIG]: SECRET_SIG, value };
}

export function isSecret(v: unknown): v is { value: unknown } {
  return typeof v === "object" && v !== null && (v as Props)[SIG] === SECRET_SIG;
}

function isObject(v: unknown): v is Props {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Deep map; `leaf` sees every value first (secrets included) and may replace it (undefined: drop it). */
export function mapValue(v: unknown, leaf: (v: unknown) => unknown): unknown {
  const replaced = leaf(v);
  if (replaced !== v) return replaced;
  if (Array.isArray(v)) return v.map((x) => mapValue(x, leaf)).filter((x) => x !== undefined);
  if (!isObject(v)) return v;
  const entries = Object.entries(v).map(([k, x]) => [k, mapValue(x, leaf)] as const);
  return Object.fromEntries(entries.filter(([, x]) => x !== undefined));
}

/** `MarshalProperties(KeepSecrets: false)`: what a provider that does not accept secrets receives. */
export function removeSecrets<T>(v: T): T {
  return mapValue(v, (x) => (isSecret(x) ? removeSecrets(x.value) : x)) as T;
}

export function contains(v: unknown, test: (x: unknown) => boolean): boolean {
  if (test(v)) return true;
  if (Array.isArray(v)) return v.some((x) => contains(x, test));
  return isObject(v) && Object.values(v).some((x) => contains(x, test));
}

/**
 * `annotateSecrets(outs, ins)` (pkg/resource/plugin/provider_plugin.go): an output whose input of the
 * same name holds a secret is marked secret; objects are matched member by member.
 */
export function annotateSecrets(outs: Props, ins: Props): Props {
  const result: Props = { ...outs };
  for (const [k, inValue] of Object.entries(ins)) {
    if (!(k in result)) continue;
    const outValue = result[k];
    if (isObject(outValue) && !isSecret(outValue) && isObject(inValue) && !isSecret(inValue)) {
      result[k] = annotateSecrets(outValue, inValue);
    } else if (!isSecret(outValue) && contains(inValue, isSecret)) {
      result[k] = secret(outValue);
    }
  }
  return result;
}
