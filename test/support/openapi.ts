/**
 * Validates HTTP responses against Feldera's OpenAPI spec (test/fixtures/feldera-openapi-v0.337.json)
 * with ajv, after turning OpenAPI 3.0's dialect into JSON Schema ajv understands:
 *  - `nullable: true` beside `type` → `type: [T, "null"]` (and `null` added to an `enum`);
 *  - `nullable: true` beside `allOf`/`oneOf`/`$ref` → `anyOf: [<schema>, {type: "null"}]`;
 *  - `nullable: true` alone (an untyped value) → any value;
 *  - `discriminator` and `example` dropped (they constrain nothing ajv needs to check);
 *  - formats `int32`, `int64`, `uint64`, `double`, `binary` registered beside ajv-formats' `uuid` and
 *    `date-time`.
 *
 * `validateResponse(method, path, status, contentType, body)` takes a concrete path, finds the spec's
 * template for it, and returns the list of violations (empty = conforms):
 *  - a status the spec documents with a JSON schema → the body must be JSON and match it;
 *  - a documented status without content → the body must be empty, except that a JSON string is
 *    allowed (Feldera answers `/start`, `/stop`, `/clear`, … with e.g. `"Pipeline is starting"`);
 *  - an undocumented 4xx/5xx with a JSON body → must be an `ErrorResponse`;
 *  - any 4xx/5xx that is not JSON is the framework's plain text (docs/feldera/errors-and-retries.md#error-body) and passes, even where
 *    the spec documents an ErrorResponse (the real server does the same);
 *  - an undocumented 2xx/3xx → a violation;
 *  - a path the spec does not have (`/healthz`, unknown routes) → nothing to check.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv, { type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";

type Json = unknown;
type Schema = Record<string, unknown>;

export const SPEC_PATH = join(__dirname, "..", "fixtures", "feldera-openapi-v0.337.json");
const DOC_ID = "feldera-openapi";

interface Operation {
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}
interface Spec {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

const COMPOSITE = ["allOf", "anyOf", "oneOf"];

/** OpenAPI 3.0 schema → JSON Schema (see the header). Walks only schema positions, never `properties` maps. */
export function toJsonSchema(schema: Json): Json {
  if (typeof schema !== "object" || schema === null || Array.isArray(schema)) return schema;
  const s = schema as Schema;
  const out: Schema = {};
  for (const [key, value] of Object.entries(s)) {
    if (key === "nullable" || key === "discriminator" || key === "example") continue;
    if (key === "properties") {
      out[key] = Object.fromEntries(Object.entries(value as Schema).map(([k, v]) => [k, toJsonSchema(v)]));
    } else if (key === "items" || key === "additionalProperties" || key === "not") {
      out[key] = toJsonSchema(value);
    } else if (COMPOSITE.includes(key)) {
      out[key] = (value as Json[]).map(toJsonSchema);
    } else if (key === "$ref") {
      out[key] = (value as string).replace(/^#\//, `${DOC_ID}#/`);
    } else {
      out[key] = value;
    }
  }
  if (s["nullable"] !== true) return out;
  const composite = COMPOSITE.some((k) => k in out) || "$ref" in out;
  if (!composite && typeof out["type"] === "string") {
    out["type"] = [out["type"], "null"];
    if (Array.isArray(out["enum"])) out["enum"] = [...out["enum"], null];
    return out;
  }
  if (!composite && out["type"] === undefined) return out;
  const { description, default: _default, ...rest } = out;
  return { anyOf: [rest, { type: "null" }], ...(description === undefined ? {} : { description }) };
}

export class OpenApiValidator {
  private readonly ajv: Ajv;
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly templates: { template: string; parts: string[]; literals: number }[];

  constructor(private readonly spec: Spec) {
    this.ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(this.ajv);
    const isInt = (min: number, max: number) => (n: number) => Number.isInteger(n) && n >= min && n <= max;
    this.ajv.addFormat("int32", { type: "number", validate: isInt(-(2 ** 31), 2 ** 31 - 1) });
    this.ajv.addFormat("int64", {
      type: "number",
      validate: isInt(-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
    });
    this.ajv.addFormat("uint64", { type: "number", validate: isInt(0, Number.MAX_SAFE_INTEGER) });
    this.ajv.addFormat("double", { type: "number", validate: (n: number) => Number.isFinite(n) });
    this.ajv.addFormat("binary", true);
    const schemas = Object.fromEntries(
      Object.entries(spec.components.schemas).map(([name, schema]) => [name, toJsonSchema(schema)]),
    );
    this.ajv.addSchema({ $id: DOC_ID, components: { schemas } });
    this.templates = Object.keys(spec.paths).map((template) => {
      const parts = template.split("/");
      return { template, parts, literals: parts.filter((p) => !p.startsWith("{")).length };
    });
  }

  /** The spec's path template for a concrete path, preferring the most literal segments. */
  templateOf(path: string): string | undefined {
    const segments = path.split("?")[0]!.split("/");
    const matches = this.templates.filter(
      ({ parts }) =>
        parts.length === segments.length &&
        parts.every((p, i) => (p.startsWith("{") ? segments[i] !== "" : p === segments[i])),
    );
    return matches.sort((a, b) => b.literals - a.literals)[0]?.template;
  }

  validateResponse(
    method: string,
    path: string,
    status: number,
    contentType: string | undefined,
    body: Json,
  ): string[] {
    const template = this.templateOf(path);
    const operation = template && this.spec.paths[template]?.[method.toLowerCase()];
    if (!template || !operation) return [];
    const where = `${method.toUpperCase()} ${template} → ${status}`;
    const isJson = contentType?.toLowerCase().startsWith("application/json") ?? false;
    const response = operation.responses[String(status)];
    if (template === "/config/authentication" && status === 200 && isEmptyObject(body)) {
      return []; // "…or is empty if no auth is configured" (the spec's own description)
    }
    // actix answers malformed requests with plain text even where the spec documents an ErrorResponse (docs/feldera/errors-and-retries.md#error-body).
    if (status >= 400 && !isJson) return [];
    if (response) {
      const schema = response.content?.["application/json"]?.schema;
      if (!response.content) {
        if (body === undefined || body === "") return [];
        if (isJson && typeof body === "string") return [];
        return [`${where}: the spec declares no body, got ${preview(body)}`];
      }
      if (!schema) return [];
      if (!isJson) return [`${where}: expected application/json, got ${contentType ?? "no content type"}`];
      return this.check(where, `${template} ${method} ${status}`, schema, body);
    }
    if (status >= 400) {
      return this.check(where, "ErrorResponse", { $ref: "#/components/schemas/ErrorResponse" }, body);
    }
    return [`${where}: status ${status} is not documented for this operation`];
  }

  private check(where: string, key: string, schema: Schema, body: Json): string[] {
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile(toJsonSchema(schema) as Schema);
      this.compiled.set(key, validate);
    }
    if (validate(body)) return [];
    return (validate.errors ?? []).map((e) =>
      `${where}: ${e.instancePath || "(body)"} ${e.message ?? ""}`.trim(),
    );
  }
}

function isEmptyObject(v: Json): boolean {
  return typeof v === "object" && v !== null && !Array.isArray(v) && Object.keys(v).length === 0;
}

function preview(body: Json): string {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  return text.length > 120 ? `${text.slice(0, 120)}…` : text;
}

let shared: OpenApiValidator | undefined;

/** The validator for the checked-in spec, built once per test file (compiling the spec takes a moment). */
export function specValidator(): OpenApiValidator {
  shared ??= new OpenApiValidator(JSON.parse(readFileSync(SPEC_PATH, "utf8")) as Spec);
  return shared;
}

export function validateResponse(
  method: string,
  path: string,
  status: number,
  contentType: string | undefined,
  body: Json,
): string[] {
  return specValidator().validateResponse(method, path, status, contentType, body);
}
