/**
 * The harness's own conventions, without a host: what a program registers, the engine's secret
 * re-marking, the CLI's short diff, URNs and the encrypted checkpoint. The e2e scenarios (test/e2e)
 * exercise them through the real host.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { captureRegistrations, secret } from "../../tools/engine-stand-in";
import { parseStackName, readStackReference } from "../../tools/engine-stand-in/builtins";
import { diffKeys } from "../../tools/engine-stand-in/preview";
import { makeUrn } from "../../tools/engine-stand-in/program";
import { StateFile } from "../../tools/engine-stand-in/state";
import { annotateSecrets, removeSecrets, UNKNOWN } from "../../tools/engine-stand-in/values";

const QUICKSTART = join(__dirname, "..", "..", "examples", "quickstart");

describe("captureRegistrations", () => {
  it("returns the stack and each pipeline as registered, with the serialized provider and secrets marked", async () => {
    const config = { "feldera-quickstart:count": "2", "feldera-quickstart:secretProgram": "true" };
    const [stack, ...pipelines] = await captureRegistrations(QUICKSTART, { config });
    expect(stack).toMatchObject({
      type: "pulumi:pulumi:Stack",
      urn: "urn:pulumi:dev::feldera-quickstart::pulumi:pulumi:Stack::feldera-quickstart-dev",
    });
    expect(pipelines.map((p) => p.urn)).toEqual([
      "urn:pulumi:dev::feldera-quickstart::pulumi-nodejs:dynamic/feldera:Pipeline::orders",
      "urn:pulumi:dev::feldera-quickstart::pulumi-nodejs:dynamic/feldera:Pipeline::orders-2",
    ]);
    expect(pipelines[1]).toMatchObject({
      parent: stack?.urn,
      properties: { name: "orders-2", programCode: secret(expect.stringContaining("CREATE TABLE orders")) },
      provider: { urn: "urn:pulumi:dev::feldera-quickstart::pulumi:providers:pulumi-nodejs::default" },
    });
    expect(pipelines[0]?.properties["__provider"]).toContain('require("pulumi-feldera/dynamic-provider-v1")');
  }, 30_000);
});

describe("wire values", () => {
  it("marks secret each output whose input of the same name held a secret, objects member by member", () => {
    const ins = { a: secret("x"), b: { c: secret(1), d: 2 }, e: [secret("y")], f: "plain" };
    const outs = { a: "x", b: { c: 1, d: 2 }, e: ["y"], f: "plain", g: "server" };
    expect(annotateSecrets(outs, ins)).toEqual({
      a: secret("x"),
      b: { c: secret(1), d: 2 },
      e: secret(["y"]),
      f: "plain",
      g: "server",
    });
    expect(removeSecrets(ins)).toEqual({ a: "x", b: { c: 1, d: 2 }, e: ["y"], f: "plain" });
  });

  it("shows added, deleted and updated inputs as the CLI does, ignoring internal keys", () => {
    const olds = { name: "a", programCode: "x", tags: ["t"], __provider: "1" };
    const news = { name: "a", programCode: UNKNOWN, description: "d", __provider: "2" };
    expect(diffKeys(olds, news)).toBe("[diff: +description-tags~programCode]");
    expect(diffKeys(olds, { ...olds, __provider: "3" })).toBe("");
  });

  it("builds URNs without the root stack's type, with a component parent's", () => {
    const known = [
      { urn: "urn:pulumi:s::p::pulumi:pulumi:Stack::p-s", type: "pulumi:pulumi:Stack" },
      { urn: "urn:pulumi:s::p::my:app:App::app", type: "my:app:App" },
    ];
    expect(makeUrn("s", "p", { type: "t:m:R", name: "r", parent: known[0]!.urn }, known)).toBe(
      "urn:pulumi:s::p::t:m:R::r",
    );
    expect(makeUrn("s", "p", { type: "t:m:R", name: "r", parent: known[1]!.urn }, known)).toBe(
      "urn:pulumi:s::p::my:app:App$t:m:R::r",
    );
  });
});

describe("the checkpoint", () => {
  it("stores secrets encrypted and reads them back", () => {
    const dir = mkdtempSync(join(tmpdir(), "harness-state-"));
    try {
      const file = new StateFile(dir, "p", "s");
      const resource = {
        urn: "u",
        custom: true,
        type: "t",
        inputs: { k: secret("hunter2") },
        outputs: { k: secret("hunter2") },
      };
      file.write({ resources: [resource], pendingOperations: [{ type: "creating", resource }] });
      expect(readFileSync(file.path, "utf8")).not.toContain("hunter2");
      expect(file.read()).toEqual({
        resources: [resource],
        pendingOperations: [{ type: "creating", resource }],
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("a StackReference, read as the builtin provider reads it", () => {
  it("names a stack of a file backend as <stack>, organization/<stack> or organization/<project>/<stack>", () => {
    expect(parseStackName("staging", "p")).toEqual({ project: "p", stack: "staging" });
    expect(parseStackName("organization/staging", "p")).toEqual({ project: "p", stack: "staging" });
    expect(parseStackName("organization/q/staging", "p")).toEqual({ project: "q", stack: "staging" });
    expect(() => parseStackName("acme/q/staging", "p")).toThrow("organization name must be 'organization'");
  });

  it("answers the referenced stack's outputs, secrets kept and named; an unknown stack is an error", () => {
    const dir = mkdtempSync(join(tmpdir(), "harness-state-"));
    try {
      const outputs = { plain: { a: 1 }, key: secret("k"), nested: { b: secret(2) } };
      const stack = "urn:pulumi:staging::q::pulumi:pulumi:Stack::q-staging";
      new StateFile(dir, "q", "staging").write({
        resources: [{ urn: stack, custom: false, type: "pulumi:pulumi:Stack", inputs: {}, outputs }],
        pendingOperations: [],
      });
      expect(readStackReference(dir, "p", { name: "organization/q/staging" })).toEqual({
        name: "organization/q/staging",
        outputs,
        secretOutputNames: ["key", "nested"],
      });
      expect(() => readStackReference(dir, "p", { name: "organization/q/prod" })).toThrow(
        'unknown stack "organization/q/prod"',
      );
      expect(() => readStackReference(dir, "q", { name: "staging", outputs: {} })).toThrow(
        'unknown property "outputs"',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
