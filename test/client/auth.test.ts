import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MockAgent } from "undici";
import { describe, expect, it } from "vitest";
import { FelderaClient } from "../../provider/client";
import { client, feldera, json, onCleanup, rejection, scriptedServer } from "./support/scripted-server";

/** A token command that prints `token-<n>` on its n-th run, counting runs in a file. */
function countingCommand(extra = ""): { command: string; runs: () => number } {
  const dir = mkdtempSync(join(tmpdir(), "feldera-token-"));
  onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, "runs");
  return {
    command: `n=$(cat '${file}' 2>/dev/null || echo 0); n=$((n+1)); echo $n > '${file}'; ${extra} echo "  token-$n  "`,
    runs: () => {
      try {
        return Number(readFileSync(file, "utf8").trim());
      } catch {
        return 0;
      }
    },
  };
}

describe("headers", () => {
  it("sends the API key verbatim as a bearer, the tenant and the user agent", async () => {
    const server = await scriptedServer((_n, _req, res) => json(res, 200, []));
    await client({
      host: server.url,
      auth: { kind: "apiKey", apiKey: "apikey:abc123" },
      tenant: "acme",
    }).listPipelines();
    const pkg = JSON.parse(readFileSync(join(__dirname, "../../package.json"), "utf8")) as {
      version: string;
    };
    expect(server.requests[0]!.headers).toMatchObject({
      authorization: "Bearer apikey:abc123",
      "feldera-tenant": "acme",
      "user-agent": `pulumi-feldera/${pkg.version}`,
      accept: "application/json",
    });
  });

  it("sends a configured user agent and no authorization without credentials", async () => {
    const server = await scriptedServer((_n, _req, res) => json(res, 200, []));
    await client({ host: server.url, userAgent: "my-tool/2" }).listPipelines();
    expect(server.requests[0]!.headers["user-agent"]).toBe("my-tool/2");
    expect(server.requests[0]!.headers.authorization).toBeUndefined();
    expect(server.requests[0]!.headers["feldera-tenant"]).toBeUndefined();
  });

  it("keeps a path prefix of the host in every request", async () => {
    const server = await scriptedServer((_n, _req, res) => json(res, 200, []));
    await client({ host: `${server.url}/feldera/` }).listPipelines();
    expect(server.requests[0]!.url).toBe("/feldera/v0/pipelines?selector=all");
  });
});

describe("token command", () => {
  it("runs the command once and reuses its trimmed output as the bearer", async () => {
    const cmd = countingCommand();
    const server = await scriptedServer((_n, _req, res) => json(res, 200, []));
    const c = client({ host: server.url, auth: { kind: "tokenCommand", command: cmd.command } });
    await c.listPipelines();
    await c.listPipelineStatuses();
    expect(server.requests.map((r) => r.headers.authorization)).toEqual(["Bearer token-1", "Bearer token-1"]);
    expect(cmd.runs()).toBe(1);
  });

  it("reruns the command once after a 401 and resends the request with the new token", async () => {
    const cmd = countingCommand();
    const server = await scriptedServer((_n, req, res) =>
      req.headers.authorization === "Bearer token-1"
        ? feldera(res, 401, "AuthenticationFailed", "token expired")
        : json(res, 200, []),
    );
    await client({ host: server.url, auth: { kind: "tokenCommand", command: cmd.command } }).listPipelines();
    expect(server.requests.map((r) => r.headers.authorization)).toEqual(["Bearer token-1", "Bearer token-2"]);
    expect(cmd.runs()).toBe(2);
  });

  it("gives up after one rerun when the new token is rejected too", async () => {
    const cmd = countingCommand();
    const server = await scriptedServer((_n, _req, res) => feldera(res, 401, "AuthenticationFailed", "no"));
    const e = await rejection(
      client({ host: server.url, auth: { kind: "tokenCommand", command: cmd.command } }).listPipelines(),
    );
    expect(e).toMatchObject({ code: "FELDERA_ERR_API", status: 401 });
    expect(e.message).toContain(
      "FELDERA_AUTH_TOKEN_COMMAND was rejected, also after running the command again",
    );
    expect(server.count()).toBe(2);
    expect(cmd.runs()).toBe(2);
  });

  it("reports a failing command with its exit code and stderr, without sending anything", async () => {
    const server = await scriptedServer((_n, _req, res) => json(res, 200, []));
    const e = await rejection(
      client({
        host: server.url,
        auth: { kind: "tokenCommand", command: "echo 'login required' >&2; exit 3" },
      }).listPipelines(),
    );
    expect(e).toMatchObject({
      code: "FELDERA_ERR_AUTH_COMMAND",
      exitCode: 3,
      stderrExcerpt: "login required",
    });
    expect(e.message).toContain("exited with code 3");
    expect(server.count()).toBe(0);
  });

  it("reports a command that prints nothing", async () => {
    const server = await scriptedServer((_n, _req, res) => json(res, 200, []));
    const e = await rejection(
      client({ host: server.url, auth: { kind: "tokenCommand", command: "true" } }).listPipelines(),
    );
    expect(e).toMatchObject({ code: "FELDERA_ERR_AUTH_COMMAND", exitCode: 0 });
    expect(e.message).toContain("printed nothing");
  });

  it("never quotes an earlier token in a later failure's stderr", async () => {
    // Second run fails and dumps the first token to stderr.
    const cmd = countingCommand(`if [ $n -gt 1 ]; then echo "old token-1 was bad" >&2; exit 1; fi;`);
    const server = await scriptedServer((_n, _req, res) => feldera(res, 401, "AuthenticationFailed", "no"));
    const e = await rejection(
      client({ host: server.url, auth: { kind: "tokenCommand", command: cmd.command } }).listPipelines(),
    );
    expect(e.code).toBe("FELDERA_ERR_AUTH_COMMAND");
    expect(e.message).toContain("old [REDACTED] was bad");
    expect(e.message).not.toContain("token-1");
  });

  it("never quotes the command line itself (it may embed a secret)", async () => {
    const command = "printf '' ; echo oops-secret-in-command >&2; exit 2";
    const server = await scriptedServer((_n, _req, res) => json(res, 200, []));
    const e = await rejection(
      client({ host: server.url, auth: { kind: "tokenCommand", command } }).listPipelines(),
    );
    expect(e.message).not.toContain(command);
  });
});

describe("warnings", () => {
  function construct(host: string, withKey: boolean): string[] {
    const warnings: string[] = [];
    const agent = new MockAgent();
    agent.disableNetConnect();
    const c = new FelderaClient({
      host,
      dispatcher: agent,
      onWarning: (w) => warnings.push(w),
      ...(withKey ? { auth: { kind: "apiKey" as const, apiKey: "apikey:k" } } : {}),
    });
    onCleanup(async () => {
      await c.close();
      await agent.close();
    });
    return warnings;
  }

  it("warns once when an API key would go over plain http to another machine", () => {
    const warnings = construct("http://feldera.internal.example:8080", true);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("sent over plain http to http://feldera.internal.example:8080");
    expect(warnings[0]).not.toContain("apikey:k");
  });

  it.each([
    ["https to another machine", "https://feldera.example.com", true],
    ["http to 127.0.0.1", "http://127.0.0.1:8080", true],
    ["http to 127.8.9.10", "http://127.8.9.10:8080", true],
    ["http to ::1", "http://[::1]:8080", true],
    ["http to localhost", "http://localhost:8080", true],
    ["http without a key", "http://feldera.internal.example:8080", false],
  ])("does not warn for %s", (_label, host, withKey) => {
    expect(construct(host, withKey)).toEqual([]);
  });
});
