import { describe, expect, it } from "vitest";
import {
  CREDENTIAL_KEYS,
  isCredentialKey,
  noPlaintextCredentials,
} from "../../../provider/policy/policies/no-plaintext-credentials";
import { compliantPipeline, tableWithConnectors } from "../support/pipelines";
import { runResourcePolicy } from "../support/run-policy";

const FIX = `Fix: replace the value with a secret reference, e.g. "\${secret:kubernetes:<secret-name>/<data-key>}".`;
const RULE =
  "violates no-plaintext-credentials: pipelines in every stack must not hold credentials in plaintext (programCode is stored in Pulumi state, in Feldera and in source control).";

function program(config: Record<string, unknown>, format?: Record<string, unknown>): string {
  const connector = {
    transport: { name: "kafka_input", config },
    ...(format ? { format: { name: "avro", config: format } } : {}),
  };
  return tableWithConnectors(JSON.stringify([connector], null, 2), "orders");
}

describe("no-plaintext-credentials", () => {
  it("is mandatory by default", () => {
    expect(noPlaintextCredentials.enforcementLevel).toBe("mandatory");
  });

  it("accepts credentials given as secret references", async () => {
    expect((await runResourcePolicy(noPlaintextCredentials, compliantPipeline())).violations).toEqual([]);
  });

  it("reports a plaintext sasl.password with its line and path, never its value", async () => {
    const props = compliantPipeline({ programCode: program({ topic: "o", "sasl.password": "hunter2" }) });
    const { violations } = await runResourcePolicy(noPlaintextCredentials, props, { stack: "dev" });
    expect(violations).toEqual([
      `Pipeline 'orders' (programCode line 8: table "orders" connector #1 sets transport.config."sasl.password" to a plaintext value) ${RULE} ${FIX}`,
    ]);
    expect(violations[0]).not.toContain("hunter2");
  });

  it("finds credentials at any depth, in format.config too, and in arrays", async () => {
    const props = compliantPipeline({
      programCode: program(
        { AWS_SECRET_ACCESS_KEY: "abc", auth: { token: 12345 }, brokers: [{ password: "p" }] },
        { registry_password: "r" },
      ),
    });
    const { violations } = await runResourcePolicy(noPlaintextCredentials, props);
    expect(violations.map((v) => v.slice(0, v.indexOf(") violates")))).toEqual([
      `Pipeline 'orders' (programCode line 7: table "orders" connector #1 sets transport.config.AWS_SECRET_ACCESS_KEY to a plaintext value`,
      `Pipeline 'orders' (programCode line 9: table "orders" connector #1 sets transport.config.auth.token to a plaintext number`,
      `Pipeline 'orders' (programCode line 13: table "orders" connector #1 sets transport.config.brokers[0].password to a plaintext value`,
      `Pipeline 'orders' (programCode line 21: table "orders" connector #1 sets format.config.registry_password to a plaintext value`,
    ]);
  });

  it("counts env references as plaintext unless allowed", async () => {
    const props = compliantPipeline({ programCode: program({ password: `\${env:KAFKA_PASSWORD}` }) });
    const strict = await runResourcePolicy(noPlaintextCredentials, props);
    expect(strict.violations).toEqual([
      `Pipeline 'orders' (programCode line 7: table "orders" connector #1 sets transport.config.password to an \${env:NAME} reference (environment variables are not a secret store)) ${RULE} ${FIX}`,
    ]);
    const lenient = await runResourcePolicy(noPlaintextCredentials, props, {
      config: { allowEnvReferences: true },
    });
    expect(lenient.violations).toEqual([]);
  });

  it("ignores empty values and keys that only contain a credential word", async () => {
    const props = compliantPipeline({
      programCode: program({ password: "", secret_name: "kafka", tokenizer: "x" }),
    });
    expect((await runResourcePolicy(noPlaintextCredentials, props)).violations).toEqual([]);
  });

  it("matches configured keys exactly or as the last segment, ignoring case", () => {
    const keys = CREDENTIAL_KEYS;
    expect(
      ["ssl.key.password", "Client_Secret", "aws-session-token", "sasl.username", "password_file"].map((k) =>
        isCredentialKey(k, keys),
      ),
    ).toEqual([true, true, true, false, false]);
  });

  it("keeps checking well-formed connectors when another clause is malformed", async () => {
    const programCode = `${tableWithConnectors("[{oops}]", "broken")}${program({ password: "p" })}`;
    const { violations } = await runResourcePolicy(
      noPlaintextCredentials,
      compliantPipeline({ programCode }),
    );
    expect(violations).toHaveLength(1);
    expect(violations[0]).toContain("programCode line 9:");
  });
});
