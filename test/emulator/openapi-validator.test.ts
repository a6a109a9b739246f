/**
 * The OpenAPI validator that every emulator test relies on must be able to fail: each case here feeds
 * it a response that breaks the spec in one way and expects a violation naming it.
 */
import { describe, expect, it } from "vitest";
import type { Emulator, RequestLogEntry } from "../../provider/emulator";
import { specViolations } from "../support/emulator";
import { specValidator, toJsonSchema, validateResponse } from "../support/openapi";

const ERROR = { message: "Unknown pipeline name 'x'", error_code: "UnknownPipelineName", details: {} };

describe("OpenAPI response validator", () => {
  it("rejects a pipeline without its required fields", () => {
    const errors = validateResponse("GET", "/v0/pipelines/p1", 200, "application/json", { id: "x" });
    expect(errors.join("\n")).toMatch(/must have required property 'name'/);
  });

  it("rejects a status value outside the enum", () => {
    const errors = validateResponse("GET", "/v0/pipelines/p1/events", 200, "application/json", [
      { deployment_resources_status: "Exploded" },
    ]);
    expect(errors.length).toBeGreaterThan(0);
  });

  it("rejects a malformed uuid and date-time (formats are checked)", () => {
    const errors = validateResponse("GET", "/v0/cluster_healthz", 200, "application/json", {
      all_healthy: true,
      api: { healthy: true, message: "", unchanged_since: "yesterday", checked_at: "2026-01-01T00:00:00Z" },
      compiler: {
        healthy: true,
        message: "",
        unchanged_since: "2026-01-01T00:00:00Z",
        checked_at: "2026-01-01T00:00:00Z",
      },
      runner: {
        healthy: true,
        message: "",
        unchanged_since: "2026-01-01T00:00:00Z",
        checked_at: "2026-01-01T00:00:00Z",
      },
    });
    expect(errors.join("\n")).toMatch(/unchanged_since must match format "date-time"/);
  });

  it("accepts null where the spec says nullable (allOf + nullable)", () => {
    const schema = toJsonSchema({ allOf: [{ $ref: "#/components/schemas/ErrorResponse" }], nullable: true });
    expect(schema).toEqual({
      anyOf: [{ allOf: [{ $ref: "feldera-openapi#/components/schemas/ErrorResponse" }] }, { type: "null" }],
    });
    expect(toJsonSchema({ type: "string", nullable: true, enum: ["a"] })).toEqual({
      type: ["string", "null"],
      enum: ["a", null],
    });
  });

  it("does not mistake a property named `nullable` for the keyword", () => {
    const converted = toJsonSchema({ type: "object", properties: { nullable: { type: "boolean" } } });
    expect(converted).toEqual({ type: "object", properties: { nullable: { type: "boolean" } } });
  });

  it("validates undocumented error statuses as ErrorResponse", () => {
    expect(validateResponse("GET", "/v0/pipelines/x", 503, "application/json", ERROR)).toEqual([]);
    const errors = validateResponse("GET", "/v0/pipelines/x", 503, "application/json", { message: "m" });
    expect(errors.join("\n")).toMatch(/required property 'error_code'/);
  });

  it("lets plain-text framework errors through", () => {
    expect(
      validateResponse("POST", "/v0/pipelines", 400, "text/plain; charset=utf-8", "Json deserialize error"),
    ).toEqual([]);
  });

  it("requires JSON where the spec declares a JSON body", () => {
    const errors = validateResponse("GET", "/v0/config", 200, "text/plain", "hello");
    expect(errors.join("\n")).toMatch(/expected application\/json/);
  });

  it("allows a JSON string on action endpoints whose spec declares no content", () => {
    expect(
      validateResponse("POST", "/v0/pipelines/x/start", 202, "application/json", "Pipeline is starting"),
    ).toEqual([]);
    const errors = validateResponse("POST", "/v0/pipelines/x/start", 202, "application/json", { ok: true });
    expect(errors.join("\n")).toMatch(/declares no body/);
  });

  it("flags a success status the operation does not document", () => {
    const errors = validateResponse("DELETE", "/v0/pipelines/x", 204, undefined, undefined);
    expect(errors.join("\n")).toMatch(/not documented/);
  });

  it("matches the most literal template and ignores paths outside the spec", () => {
    expect(specValidator().templateOf("/v0/pipelines/p/start")).toBe("/v0/pipelines/{pipeline_name}/start");
    expect(specValidator().templateOf("/v0/pipelines")).toBe("/v0/pipelines");
    expect(validateResponse("GET", "/healthz", 200, "application/json", { status: "healthy" })).toEqual([]);
  });

  it("reports violations from an emulator's request log, skipping injected faults", () => {
    const entry = (over: Partial<RequestLogEntry>): RequestLogEntry => ({
      method: "GET",
      path: "/v0/config",
      query: {},
      body: undefined,
      status: 200,
      startedAt: 0,
      durationMs: 0,
      responseContentType: "application/json",
      responseBody: { version: "0.337.0" },
      ...over,
    });
    const fake = {
      requests: [entry({}), entry({ status: 500, fault: "status:500", responseBody: "<html>" })],
    } as unknown as Emulator;
    const violations = specViolations(fake);
    expect(violations).toHaveLength(9); // the nine other required keys of Configuration
    expect(violations.join("\n")).toMatch(/required property 'edition'/);
  });
});
