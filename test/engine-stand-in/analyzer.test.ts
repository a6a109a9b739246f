import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  marshal,
  type PolicyInfo,
  PolicyPackSession,
  reconcilePolicyConfig,
  secret,
  UNKNOWN,
} from "../../tools/engine-stand-in/analyzer";

const POLICIES: PolicyInfo[] = [
  {
    name: "bounds",
    description: "Limits things.",
    enforcementLevel: "mandatory",
    kind: "resource",
    configSchema: {
      properties: {
        max: { type: "number", default: 8 },
        stacks: { type: "array", items: { type: "string" }, default: ["*"] },
      },
      required: [],
    },
  },
  {
    name: "tags",
    description: "Requires tags.",
    enforcementLevel: "advisory",
    kind: "resource",
    configSchema: undefined,
  },
];

describe("reconcilePolicyConfig", () => {
  it("starts every policy from its schema defaults and its own enforcement level", () => {
    expect(reconcilePolicyConfig(POLICIES, {}, {})).toEqual({
      bounds: { enforcementLevel: "mandatory", properties: { max: 8, stacks: ["*"] } },
      tags: { enforcementLevel: "advisory", properties: {} },
    });
  });

  it("applies 'all' first, then each policy's level and properties over the defaults", () => {
    const config = reconcilePolicyConfig(
      POLICIES,
      {},
      { all: "advisory", bounds: { enforcementLevel: "mandatory", max: 2 } },
    );
    expect(config).toEqual({
      all: { enforcementLevel: "advisory", properties: {} },
      bounds: { enforcementLevel: "mandatory", properties: { max: 2, stacks: ["*"] } },
      tags: { enforcementLevel: "advisory", properties: {} },
    });
  });

  it("applies the pack's initial config before the file", () => {
    const initial = { tags: { enforcementLevel: "disabled" as const, properties: {} } };
    expect(reconcilePolicyConfig(POLICIES, initial, {}).tags?.enforcementLevel).toBe("disabled");
  });

  it("ignores the file's ESC 'environments' key, which names no policy", () => {
    const config = reconcilePolicyConfig(POLICIES, {}, { environments: ["org/env"] as never });
    expect(Object.keys(config)).toEqual(["bounds", "tags"]);
  });

  it("refuses a configuration that breaks a policy's schema, as the engine does", () => {
    expect(() => reconcilePolicyConfig(POLICIES, {}, { bounds: { max: "eight" } })).toThrow(
      "policy pack configuration is invalid:\nbounds: /max must be number",
    );
  });
});

describe("marshal", () => {
  it("skips top-level internal keys such as __provider, and only those", () => {
    const wire = marshal({
      name: "a",
      __provider: "exports.handler = …",
      nested: { __kept: 1 },
    }).toJavaScript();
    expect(wire).toEqual({ name: "a", nested: { __kept: 1 } });
  });

  it("sends unknown values as the engine's unknown string and secrets with the secret signature", () => {
    const wire = marshal({ programCode: UNKNOWN, password: secret("p") }).toJavaScript();
    expect(wire).toEqual({
      programCode: "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
      password: { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: "p" },
    });
  });

  it("drops undefined members, as the Node SDK does when it registers a resource", () => {
    expect(marshal({ a: undefined, b: { c: undefined, d: 1 } }).toJavaScript()).toEqual({ b: { d: 1 } });
  });
});

describe("PolicyPackSession.start", () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("fails with the pack's stderr when the pack exits before printing its port", async () => {
    dir = mkdtempSync(join(tmpdir(), "policy-pack-"));
    symlinkSync(join(__dirname, "..", "..", "node_modules"), join(dir, "node_modules"));
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "broken-pack", version: "0.0.1" }));
    writeFileSync(join(dir, "index.js"), 'process.stderr.write("no policies here\\n");\nprocess.exit(3);\n');
    const start = PolicyPackSession.start(dir, { organization: "o", project: "p", stack: "dev" });
    await expect(start).rejects.toThrow(
      /^policy pack exited \(3\) before printing its port; stderr:\nno policies here\n$/,
    );
  });
});
