/**
 * The API key never appears in the serialized provider, in outputs, or in any error message. A canary
 * key is the emulator's only valid key, so every request really carried it.
 */
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { pipelineProvider } from "../../provider/resource/provider";
import { startTestEmulator, uniqueName } from "../support/emulator";
import { testProvider } from "../support/provider";

const CANARY = `apikey:${"c4n4ry".repeat(21)}ab`;

function everything(value: unknown): string {
  if (value instanceof Error) {
    return JSON.stringify({
      ...value,
      message: value.message,
      stack: value.stack,
      cause: everything(value.cause),
    });
  }
  return JSON.stringify(value) ?? "";
}

describe("the API key", () => {
  it("is not captured by the serialized provider, which requires the package by name instead", async () => {
    process.env["FELDERA_API_KEY"] = CANARY;
    try {
      const { text } = await pulumi.runtime.serializeFunction(() => pipelineProvider, {
        allowSecrets: false,
      });
      expect(text).not.toContain(CANARY);
      expect(text.match(/require\("pulumi-feldera\/dynamic-provider-v1"\)/g)).toHaveLength(7);
      // Nothing from module scope is captured (no zod schema, no client): the provider stays small.
      expect(text).not.toMatch(/zod|undici|FelderaClient/);
      expect(text.length).toBeLessThan(4096);
    } finally {
      delete process.env["FELDERA_API_KEY"];
    }
  });

  it("is sent to the server but appears in no output and no error", async () => {
    const emulator = await startTestEmulator({ apiKeys: [CANARY] });
    const provider = testProvider(emulator.url, { "feldera:apiKey": CANARY });
    const name = uniqueName("secret");
    const inputs = { name, programCode: "CREATE TABLE t (x INT);", __provider: "p" };
    const { id, outs } = await provider.create(inputs);
    expect(everything(outs)).not.toContain(CANARY);
    const failed = await provider
      .update(id, outs, { ...inputs, programCode: "CREATE TABLE t (x SYNTAX_ERROR);" })
      .catch((e) => e);
    expect(failed).toBeInstanceOf(Error);
    expect(everything(failed)).not.toContain(CANARY);
    expect(provider.progress.join("\n")).not.toContain(CANARY);
  });

  it("appears in no error when the server rejects it", async () => {
    const emulator = await startTestEmulator({ apiKeys: ["apikey:the-right-one"] });
    const provider = testProvider(emulator.url, { "feldera:apiKey": CANARY });
    const err = await provider
      .create({ name: uniqueName("secret"), programCode: "CREATE TABLE t (x INT);" })
      .catch((e) => e);
    expect(err.message).toMatch(/401|authenticat/i);
    expect(everything(err)).not.toContain(CANARY);
  });
});

describe("the effective runtime config output", () => {
  it("carries no environment values, init containers, object-store settings or sync keys, which may be credentials", async () => {
    const emulator = await startTestEmulator();
    const provider = testProvider(emulator.url);
    const runtimeConfig = {
      env: { KAFKA_PASSWORD: "hunter2" },
      init_containers: [{ name: "fetch", env: [{ name: "TOKEN", value: "ghp_initcontainer" }] }],
      storage: {
        backend: {
          name: "file",
          config: { sync: { bucket: "s3://ckpt", access_key: "AKIAEXAMPLE", secret_key: "wJalrXUtnFEMI" } },
        },
      },
    };
    const { outs } = await provider.create({
      name: uniqueName("creds"),
      programCode: "CREATE TABLE t (x INT);",
      runtimeConfig,
      desiredStatus: "stopped",
      __provider: "p",
    });
    const effective = JSON.stringify(outs["effectiveRuntimeConfig"]);
    for (const secret of ["hunter2", "ghp_initcontainer", "AKIAEXAMPLE", "wJalrXUtnFEMI"])
      expect(effective).not.toContain(secret);
    expect(effective).toContain("s3://ckpt"); // what is not a credential stays visible
    expect(outs["runtimeConfig"]).toEqual(runtimeConfig); // the declared echo, which Pulumi encrypts when secret
  });
});
