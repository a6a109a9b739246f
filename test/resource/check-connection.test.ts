/**
 * check tells the truth about the connection: a preview with settings the update would fail on fails at
 * check, with doctor's diagnosis (what failed, which setting, the fix), before any diff is reported.
 * Only a server too old for SQL validation is a warning (traps.test.ts).
 */
import { describe, expect, it } from "vitest";
import { configureInstance } from "../../provider/resource/connection";
import * as entry from "../../provider/resource/entry";
import { closedPort, feldera, json, scriptedServer } from "../client/support/scripted-server";
import { expectNoLeak, testStack } from "../e2e/support";
import { startTestEmulator, uniqueName } from "../support/emulator";
import { testProvider } from "../support/provider";

const KEY = `apikey:${"k3y".repeat(42)}xx`;
const WRONG_KEY = `apikey:${"wr0ng".repeat(25)}xyz`;
const SQL = "CREATE TABLE t (id INT);\n";
const inputs = () => ({ name: uniqueName("conn"), programCode: SQL, __provider: "p" });

/** The one failure check returns for a connection problem: the resource's, not one property's. */
function connectionFailure(result: Awaited<ReturnType<typeof entry.check>>): string {
  expect(result.failures).toHaveLength(1);
  expect(result.failures![0]!.property).toBe("");
  return result.failures![0]!.reason;
}

describe("check verifies the connection", () => {
  it("fails on a wrong API key, naming the setting it came from and never the key", async () => {
    const emulator = await startTestEmulator({ apiKeys: [KEY] });
    const provider = testProvider(emulator.url, { "feldera:apiKey": WRONG_KEY });
    const reason = connectionFailure(await provider.check({}, inputs()));
    expect(reason).toMatch(/^Cannot reach a usable Feldera: authentication failed: /);
    expect(reason).toContain("Fix: replace feldera:apiKey with a current API key for this server.");
    expect(reason).toContain("npx pulumi-feldera doctor");
    expect(reason).not.toContain(WRONG_KEY);
    expect(emulator.requests.map((r) => r.path)).not.toContain("/v0/validate_program");
  });

  it("fails also when the program did not change (a preview that would not compile anything)", async () => {
    const emulator = await startTestEmulator({ apiKeys: [KEY] });
    const provider = testProvider(emulator.url, { "feldera:apiKey": WRONG_KEY });
    const news = inputs();
    expect(connectionFailure(await provider.check(news, news))).toContain("authentication failed");
  });

  it("fails on an unreachable host, naming feldera:host", async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const provider = testProvider(url, { "feldera:retries": "0" });
    const reason = connectionFailure(await provider.check({}, inputs()));
    expect(reason).toMatch(/^Cannot reach a usable Feldera: reachability failed: No response from Feldera/);
    expect(reason).toContain("ECONNREFUSED");
    expect(reason).toContain("Fix: start Feldera, or correct feldera:host (scheme, host and port)");
  });

  it("fails on a tenant the identity does not belong to, naming feldera:tenant and its value", async () => {
    const server = await scriptedServer((_n, req, res) => {
      if (req.url === "/v0/config") return json(res, 200, { version: "0.337.0", edition: "Enterprise" });
      if (req.headers["feldera-tenant"] !== "acme")
        return feldera(res, 403, "InsufficientPermissions", "Insufficient permissions in this tenant");
      return json(res, 200, []);
    });
    const ghost = testProvider(server.url, { "feldera:tenant": "ghost", "feldera:retries": "0" });
    const reason = connectionFailure(await ghost.check({}, inputs()));
    expect(reason).toMatch(/authentication failed: Feldera API error 403 InsufficientPermissions/);
    expect(reason).toContain("check feldera:tenant ('ghost')");
    const acme = testProvider(server.url, { "feldera:tenant": "acme" });
    const unvalidated = { ...inputs(), validateSqlOnPreview: false };
    expect((await acme.check({}, unvalidated)).failures).toBeUndefined();
  });

  it("fails without a host, saying where to set it", async () => {
    const self = {};
    configureInstance(self, { get: () => undefined }, () => {});
    const reason = connectionFailure(await entry.check(self, {}, inputs()));
    expect(reason).toMatch(/configuration failed: No Feldera host is configured/);
    expect(reason).toContain("Fix: set feldera:host / FELDERA_HOST to the Feldera API's URL");
  });

  it("asks the server once per deployment, however many pipelines it checks", async () => {
    const emulator = await startTestEmulator({ apiKeys: [KEY] });
    const provider = testProvider(emulator.url, { "feldera:apiKey": KEY });
    for (let i = 0; i < 3; i++) {
      const news = inputs();
      expect((await provider.check(news, news)).failures).toBeUndefined();
    }
    expect(emulator.requests.map((r) => r.path)).toEqual(["/v0/config", "/v0/pipelines"]);
  });
});

describe("a preview through the real provider host", () => {
  it("fails on a wrong stack API key before any diff, with the fix, and never shows the key", async () => {
    const s = await testStack({ config: { "feldera:apiKey": { secret: WRONG_KEY } } });
    const preview = await s.engine.preview();
    expect(preview.ok).toBe(false);
    const error = preview.steps.at(-1)?.error ?? "";
    expect(error).toContain("authentication failed");
    expect(error).toContain("replace feldera:apiKey with a current API key");
    expect(s.emulator.requests.filter((r) => r.method !== "GET")).toEqual([]);
    expectNoLeak(s.engine, WRONG_KEY);
  }, 60_000);
});
