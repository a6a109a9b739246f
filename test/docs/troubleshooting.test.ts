/**
 * README.md's troubleshooting table, walked row by row: each row's error is provoked against the
 * emulator through the provider, and the code actually thrown must be the one the row documents (a row
 * without a code documents a check failure). A row added without a scenario here fails the test.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { closedPort } from "../client/support/scripted-server";
import { startTestEmulator, type TestEmulator, uniqueName } from "../support/emulator";
import { testProvider } from "../support/provider";

const README = readFileSync(join(__dirname, "..", "..", "README.md"), "utf8");
const SQL = "CREATE TABLE orders (id INT NOT NULL PRIMARY KEY, amount DECIMAL(10, 2));\n";
const SQL_V2 = `${SQL}CREATE VIEW big AS SELECT * FROM orders WHERE amount > 100;\n`;

interface Row {
  error: string;
  codes: string[];
}

function troubleshootingRows(): Row[] {
  const section = README.split(/^## Troubleshooting$/m)[1]!.split(/^## /m)[0]!;
  return section
    .split("\n")
    .filter((l) => l.startsWith("| ") && !l.startsWith("| Error") && !l.startsWith("|---"))
    .map((l) => {
      const error = l.split(" | ")[0]!.slice(2);
      return { error, codes: error.match(/FELDERA_ERR_[A-Z_]+/g) ?? [] };
    });
}

/** The thrown error, or the check failures when check refused. */
type Outcome = { thrown: { code?: string; message: string } } | { checkFailures: string[] };

const failure = async (p: Promise<unknown>): Promise<Outcome> => {
  try {
    await p;
  } catch (e) {
    return { thrown: e as { code?: string; message: string } };
  }
  throw new Error("expected the operation to fail");
};

async function running(emulator: TestEmulator, extra: Record<string, unknown> = {}) {
  const provider = testProvider(emulator.url);
  const inputs = { name: uniqueName("row"), programCode: SQL, __provider: "p", ...extra };
  const { id, outs } = await provider.create(inputs);
  return { provider, inputs, id, outs };
}

/** One scenario per row, keyed by a phrase of the row's error text. */
const SCENARIOS: Record<string, () => Promise<Outcome>> = {
  "failed to compile": async () => {
    const provider = testProvider((await startTestEmulator()).url);
    const programCode = `${SQL}CREATE VIEW v AS SELECT SYNTAX_ERROR FROM orders;\n`;
    return failure(provider.create({ name: uniqueName("row"), programCode, __provider: "p" }));
  },
  "Timed out after": async () => {
    const emulator = await startTestEmulator({ timeScale: 1, delays: { compileRustMs: 60_000 } });
    const provider = testProvider(emulator.url);
    const inputs = { name: uniqueName("row"), programCode: SQL, timeouts: { compile: 1 }, __provider: "p" };
    return failure(provider.create(inputs));
  },
  "failed to start": async () => {
    const emulator = await startTestEmulator();
    const { provider, inputs, id, outs } = await running(emulator, { desiredStatus: "stopped" });
    emulator.failNextProvisioning(inputs.name);
    return failure(provider.update(id, outs, { ...inputs, desiredStatus: "running" }));
  },
  AwaitingApproval: async () => {
    const { provider, inputs, id, outs } = await running(await startTestEmulator(), {
      bootstrapPolicy: "await_approval",
    });
    return failure(provider.update(id, outs, { ...inputs, programCode: SQL_V2 }));
  },
  "health gate": async () => {
    const emulator = await startTestEmulator();
    const name = uniqueName("row");
    const stop = emulator.onTransition((n, p) => {
      if (n !== name || (p as { deployment_status?: string }).deployment_status !== "Running") return;
      stop();
      setTimeout(() => emulator.crash(name, { error_code: "RuntimeError", message: "boom" }), 300);
    });
    const inputs = { name, programCode: SQL, healthGate: { seconds: 5 }, __provider: "p" };
    return failure(testProvider(emulator.url).create(inputs));
  },
  "requires stopping it first": async () => {
    const { provider, inputs, id, outs } = await running(await startTestEmulator());
    return failure(provider.update(id, outs, { ...inputs, programCode: SQL_V2, onRunningChange: "fail" }));
  },
  "after its storage is cleared": async () => {
    const { provider, inputs, id, outs } = await running(await startTestEmulator());
    return failure(provider.update(id, outs, { ...inputs, runtimeConfig: { workers: 4 } }));
  },
  "already exists": async () => {
    const emulator = await startTestEmulator();
    const name = uniqueName("row");
    expect((await emulator.api.post("/v0/pipelines", { body: { name, program_code: SQL } })).status).toBe(
      201,
    );
    return failure(testProvider(emulator.url).create({ name, programCode: SQL, __provider: "p" }));
  },
  "no longer exists": async () => {
    const emulator = await startTestEmulator();
    const { provider, inputs, id, outs } = await running(emulator, { desiredStatus: "stopped" });
    await emulator.api.post(`/v0/pipelines/${inputs.name}/clear`);
    expect((await emulator.api.delete(`/v0/pipelines/${inputs.name}`)).status).toBe(200);
    return failure(provider.update(id, outs, { ...inputs, description: "gone" }));
  },
  "Cannot reach a usable Feldera": async () => {
    const emulator = await startTestEmulator({ apiKeys: [`apikey:${"a".repeat(128)}`] });
    const provider = testProvider(emulator.url, { "feldera:apiKey": `apikey:${"b".repeat(128)}` });
    const result = await provider.check({}, { name: uniqueName("row"), programCode: SQL, __provider: "p" });
    return { checkFailures: (result.failures ?? []).map((f) => f.reason) };
  },
  "Feldera API error 401": async () => {
    const emulator = await startTestEmulator({ apiKeys: [`apikey:${"a".repeat(128)}`] });
    const provider = testProvider(emulator.url, { "feldera:apiKey": `apikey:${"b".repeat(128)}` });
    return failure(provider.create({ name: uniqueName("row"), programCode: SQL, __provider: "p" }));
  },
  "No Feldera host": async () => {
    const provider = testProvider("", {});
    return failure(provider.create({ name: uniqueName("row"), programCode: SQL, __provider: "p" }));
  },
  "No response from Feldera": async () => {
    const provider = testProvider(`http://127.0.0.1:${await closedPort()}`, { "feldera:retries": "0" });
    return failure(provider.create({ name: uniqueName("row"), programCode: SQL, __provider: "p" }));
  },
  "Invalid Pipeline inputs": async () => {
    const provider = testProvider((await startTestEmulator()).url);
    return failure(provider.create({ name: "-bad-", programCode: SQL, __provider: "p" }));
  },
};

describe("README troubleshooting table", () => {
  const rows = troubleshootingRows();

  it("has a scenario for every row, and every scenario is a row", () => {
    const keyOf = (r: Row) => Object.keys(SCENARIOS).filter((k) => r.error.includes(k));
    expect(rows.map((r) => [r.error, keyOf(r).length])).toEqual(rows.map((r) => [r.error, 1]));
    expect(rows.length).toBe(Object.keys(SCENARIOS).length);
  });

  for (const row of rows) {
    const key = Object.keys(SCENARIOS).find((k) => row.error.includes(k));
    it(`${row.codes.join(", ") || "a check failure"}: ${row.error.slice(0, 70)}`, async () => {
      const outcome = await SCENARIOS[key!]!();
      if (row.codes.length === 0) {
        expect(outcome).toHaveProperty("checkFailures");
        const reasons = (outcome as { checkFailures: string[] }).checkFailures;
        expect(reasons.some((r) => r.startsWith(key!))).toBe(true);
        return;
      }
      const thrown = (outcome as { thrown: { code?: string; message: string } }).thrown;
      expect(row.codes, thrown.message).toContain(thrown.code);
      expect(thrown.message).toContain(key!);
    }, 30_000);
  }
});
