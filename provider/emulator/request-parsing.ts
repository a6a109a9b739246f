/**
 * The extractor layer of actix-web in front of Feldera's handlers (docs/feldera/errors-and-retries.md#error-body): a request whose body or query
 * does not deserialise never reaches the handler and gets a plain-text 400 instead of an ErrorResponse.
 * Messages follow actix ("Json deserialize error: …", "Query deserialize error: …") with serde's wording
 * ("missing field `name`", "invalid type: null, expected a string"), minus serde's line/column suffix.
 */
import { type Reply, text } from "./reply";

/** actix's default JSON limit: 2 MiB (docs/feldera/errors-and-retries.md#error-body). */
export const JSON_LIMIT_BYTES = 2 * 1024 * 1024;

type FieldType = "string" | "strings" | "bool" | "any";
export interface FieldSpec {
  type: FieldType;
  /** Missing → "missing field". */
  required?: boolean;
  /** `null` accepted (an `Option`); otherwise `null` is an invalid type. */
  nullable?: boolean;
}
export interface BodySpec {
  struct: string;
  fields: Record<string, FieldSpec>;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; reply: Reply };

const badRequest = (message: string): Parsed<never> => ({ ok: false, reply: text(400, message) });

/** `application/json` or any `…+json` subtype, as actix's JsonConfig accepts by default. */
export function isJsonContentType(contentType: string | undefined): boolean {
  const mime = contentType?.split(";")[0]?.trim().toLowerCase() ?? "";
  const [type, subtype] = mime.split("/");
  return type === "application" && (subtype === "json" || (subtype?.endsWith("+json") ?? false));
}

export function parseJsonBody(
  raw: string,
  contentType: string | undefined,
  spec: BodySpec,
): Parsed<Record<string, unknown>> {
  if (!isJsonContentType(contentType)) return badRequest("Content type error");
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (e) {
    const reason = raw.trim() === "" ? "EOF while parsing a value" : (e as Error).message;
    return badRequest(`Json deserialize error: ${reason}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return badRequest(
      `Json deserialize error: invalid type: ${describe(value)}, expected struct ${spec.struct}`,
    );
  }
  const body = value as Record<string, unknown>;
  // serde reports the first bad field in document order, then the first missing field in struct order.
  for (const [key, v] of Object.entries(body)) {
    const field = spec.fields[key];
    if (!field || field.type === "any" || (v === null && field.nullable)) continue;
    const problem = typeProblem(v, field.type);
    if (problem) return badRequest(`Json deserialize error: ${problem}`);
  }
  for (const [key, field] of Object.entries(spec.fields)) {
    if (field.required && !(key in body))
      return badRequest(`Json deserialize error: missing field \`${key}\``);
  }
  return { ok: true, value: body };
}

function typeProblem(v: unknown, type: FieldType): string | undefined {
  if (type === "string" && typeof v !== "string") return `invalid type: ${describe(v)}, expected a string`;
  if (type === "bool" && typeof v !== "boolean") return `invalid type: ${describe(v)}, expected a boolean`;
  if (type === "strings") {
    if (!Array.isArray(v)) return `invalid type: ${describe(v)}, expected a sequence`;
    const bad = v.find((x) => typeof x !== "string");
    if (bad !== undefined) return `invalid type: ${describe(bad)}, expected a string`;
  }
  return undefined;
}

/** serde's `Unexpected` wording. */
function describe(v: unknown): string {
  if (v === null) return "null";
  if (typeof v === "boolean") return `boolean \`${v}\``;
  if (typeof v === "number") return Number.isInteger(v) ? `integer \`${v}\`` : `floating point \`${v}\``;
  if (typeof v === "string") return `string ${JSON.stringify(v)}`;
  return Array.isArray(v) ? "sequence" : "map";
}

export type QueryParam = { kind: "bool" } | { kind: "enum"; values: readonly string[] } | { kind: "string" };

/** Known parameters are typed; unknown ones are ignored, as serde ignores unknown fields (docs/feldera/versions.md). */
export function parseQuery(
  query: URLSearchParams,
  spec: Record<string, QueryParam>,
): Parsed<Record<string, string | boolean>> {
  const values: Record<string, string | boolean> = {};
  for (const [name, param] of Object.entries(spec)) {
    const raw = query.get(name);
    if (raw === null) continue;
    if (param.kind === "bool") {
      if (raw !== "true" && raw !== "false") {
        return badRequest("Query deserialize error: provided string was not `true` or `false`");
      }
      values[name] = raw === "true";
    } else if (param.kind === "enum" && !param.values.includes(raw)) {
      const expected = param.values.map((v) => `\`${v}\``).join(", ");
      return badRequest(`Query deserialize error: unknown variant \`${raw}\`, expected one of ${expected}`);
    } else {
      values[name] = raw;
    }
  }
  return { ok: true, value: values };
}
