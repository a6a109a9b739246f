/**
 * Checks a request the client sent against openapi.json (v0.337): the path and method exist, every query
 * parameter is declared and valid, required ones are present, and the JSON body matches the schema.
 */
import Ajv from "ajv";
import addFormats from "ajv-formats";
import spec from "../../fixtures/feldera-openapi-v0.337.json";
import type { SeenRequest } from "./scripted-server";

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: Record<string, unknown>;
}

interface OperationSpec {
  operationId: string;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema: Record<string, unknown> }> };
}

const paths = spec.paths as unknown as Record<string, Record<string, OperationSpec>>;

function newAjv(): Ajv {
  // OpenAPI 3.0 schemas: `nullable`, `example` and friends are not JSON Schema keywords.
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(toJsonSchema({ components: spec.components }) as Record<string, unknown>, "openapi");
  return ajv;
}

/** The spec's operation for a method and a concrete path, with the path's template. */
export function findOperation(
  method: string,
  path: string,
): (OperationSpec & { template: string }) | undefined {
  for (const [template, ops] of Object.entries(paths)) {
    const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, "[^/]+")}$`);
    const op = ops[method.toLowerCase()];
    if (pattern.test(path) && op) return { ...op, template };
  }
  return undefined;
}

export function operationIds(): string[] {
  return Object.values(paths).flatMap((ops) => Object.values(ops).map((o) => o.operationId));
}

/** Problems with `req` as the spec sees them (empty when it conforms). */
export function specProblems(req: SeenRequest, basePath = ""): string[] {
  const url = new URL(req.url, "http://x");
  const path = url.pathname.slice(basePath.length);
  const op = findOperation(req.method, path);
  if (!op) return [`${req.method} ${path} is not in openapi.json`];
  const problems: string[] = [];
  const ajv = newAjv();
  const declared = new Map((op.parameters ?? []).filter((p) => p.in === "query").map((p) => [p.name, p]));
  for (const [name, value] of url.searchParams) {
    const param = declared.get(name);
    if (!param) {
      problems.push(`query parameter ${name} is not declared for ${op.operationId}`);
      continue;
    }
    const schema = resolveRefs(param.schema ?? {});
    const typed =
      schema["type"] === "boolean" ? (value === "true" ? true : value === "false" ? false : value) : value;
    if (!ajv.validate(schema, typed)) problems.push(`query ${name}=${value}: ${ajv.errorsText()}`);
  }
  for (const p of declared.values()) {
    if (p.required && !url.searchParams.has(p.name))
      problems.push(`required query parameter ${p.name} is missing`);
  }
  const body = op.requestBody?.content["application/json"];
  if (body) {
    if (req.body === "") {
      if (op.requestBody?.required) problems.push(`${op.operationId} requires a body`);
    } else if (!ajv.validate(resolveRefs(body.schema), JSON.parse(req.body))) {
      problems.push(`body: ${ajv.errorsText()}`);
    }
  } else if (req.body !== "") {
    problems.push(`${op.operationId} takes no body`);
  }
  return problems;
}

/** `#/components/…` → `openapi#/components/…`, so refs resolve against the registered spec. */
function resolveRefs(schema: Record<string, unknown>): Record<string, unknown> {
  const json = JSON.stringify(toJsonSchema(schema)).replaceAll('"#/components/', '"openapi#/components/');
  return JSON.parse(json) as Record<string, unknown>;
}

/** OpenAPI 3.0 `nullable: true` (also beside `allOf`) as JSON Schema: `anyOf: [schema, {type: "null"}]`. */
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (typeof node !== "object" || node === null) return node;
  const { nullable, ...rest } = node as Record<string, unknown>;
  const converted = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, toJsonSchema(v)]));
  return nullable === true ? { anyOf: [converted, { type: "null" }] } : converted;
}
