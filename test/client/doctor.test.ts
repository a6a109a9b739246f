import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { runDoctorCommand } from "../../provider/client/doctor";
import { startTestEmulator } from "../support/emulator";
import {
  closedPort,
  feldera,
  json,
  pipelineJson,
  type Script,
  scriptedServer,
} from "./support/scripted-server";

const CANARY_KEY = `apikey:${"d0ct0r".repeat(20)}`;

async function doctor(argv: string[], env: Record<string, string>, cwd?: string) {
  let stdout = "";
  let stderr = "";
  const code = await runDoctorCommand(argv, {
    ...(cwd ? { cwd } : {}),
    // No retries: a failing check must not wait for backoff in a test.
    env: { FELDERA_RETRIES: "0", ...env },
    stdout: (s) => {
      stdout += s;
    },
    stderr: (s) => {
      stderr += s;
    },
  });
  return { code, stdout, stderr };
}

/** A healthy Feldera of the given version that accepts any bearer. */
const feldera337 =
  (version = "0.337.0", edition = "Open source"): Script =>
  (_n, req, res) =>
    req.url === "/v0/config" ? json(res, 200, { version, edition }) : json(res, 200, [pipelineJson("a")]);

describe("pulumi-feldera doctor", () => {
  it("reports every check and the feature table, and exits 0 when all is well", async () => {
    const server = await scriptedServer(feldera337());
    const r = await doctor([], { FELDERA_HOST: server.url, FELDERA_API_KEY: CANARY_KEY });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /configuration\s+ok\s+host http:\/\/127\.0\.0\.1:\d+ \(FELDERA_HOST\), credentials: API key/,
    );
    expect(r.stdout).toMatch(/reachability\s+ok/);
    expect(r.stdout).toMatch(/server\s+ok\s+Feldera 0\.337\.0, open-source edition/);
    expect(r.stdout).toMatch(/authentication\s+ok\s+.*1 pipeline/);
    expect(r.stdout).toMatch(/tags\s+yes/);
    expect(r.stdout).toMatch(/validate_program\s+yes/);
    expect(r.stdout).toMatch(/diff\s+yes/);
    expect(r.stdout).toMatch(/dismiss_error\s+yes/);
    expect(r.stdout).toContain("All checks passed.");
    expect(r.stdout + r.stderr).not.toContain(CANARY_KEY);
    expect(server.requests.map((q) => q.url)).toEqual(["/v0/config", "/v0/pipelines?selector=status"]);
  });

  it("passes every check against the emulator with a write key", async () => {
    const emulator = await startTestEmulator({ apiKeys: [CANARY_KEY], edition: "open-source" });
    const r = await doctor([], { FELDERA_HOST: emulator.url, FELDERA_API_KEY: CANARY_KEY });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/server\s+ok\s+Feldera 0\.337\.0, open-source edition/);
    expect(r.stdout + r.stderr).not.toContain(CANARY_KEY);
  });

  it("shows the features an older server lacks", async () => {
    const server = await scriptedServer(feldera337("0.300.0", "Enterprise"));
    const r = await doctor([], { FELDERA_HOST: server.url });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/enterprise edition/);
    expect(r.stdout).toMatch(/tags\s+no\s+\(since v0\.313\.0\)/);
    expect(r.stdout).toMatch(/dismiss_error\s+yes/);
  });

  it("takes the host from --host over FELDERA_HOST", async () => {
    const server = await scriptedServer(feldera337());
    const r = await doctor(["--host", server.url], { FELDERA_HOST: "http://127.0.0.1:1" });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("(--host)");
  });

  it("fails on a missing host with the places to set it", async () => {
    const r = await doctor([], {});
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/configuration\s+FAIL\s+No Feldera host is configured/);
    expect(r.stdout).toContain("fix:");
  });

  it("fails on an unreachable server with a fix", async () => {
    const r = await doctor([], { FELDERA_HOST: `http://127.0.0.1:${await closedPort()}` });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/reachability\s+FAIL\s+No response from Feldera .*ECONNREFUSED/);
    expect(r.stdout).toMatch(/fix:\s+start Feldera, or correct FELDERA_HOST/);
  });

  it("fails on a server older than v0.148.0", async () => {
    const server = await scriptedServer(feldera337("0.147.0"));
    const r = await doctor([], { FELDERA_HOST: server.url });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/server\s+FAIL\s+Feldera 0\.147\.0/);
    expect(r.stdout).toMatch(/fix:\s+upgrade the Feldera server to v0\.148\.0 or later/);
  });

  it("fails on rejected credentials, naming the variable and never the key", async () => {
    const server = await scriptedServer((_n, req, res) =>
      req.url === "/v0/config"
        ? json(res, 200, { version: "0.337.0" })
        : feldera(res, 401, "AuthenticationFailed", `Unauthorized API key ${CANARY_KEY}`),
    );
    const r = await doctor([], { FELDERA_HOST: server.url, FELDERA_API_KEY: CANARY_KEY });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/authentication\s+FAIL/);
    expect(r.stdout).toMatch(/fix:\s+replace FELDERA_API_KEY/);
    expect(r.stdout + r.stderr).not.toContain(CANARY_KEY);
  });

  it("fails on a server that needs credentials when none are set", async () => {
    const server = await scriptedServer((_n, _req, res) => {
      res.writeHead(401, { "www-authenticate": "Bearer" });
      res.end();
    });
    const r = await doctor([], { FELDERA_HOST: server.url });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/reachability\s+ok/);
    expect(r.stdout).toMatch(/authentication\s+FAIL/);
    expect(r.stdout).toMatch(/fix:\s+the server requires authentication: set FELDERA_API_KEY/);
  });

  it("refuses credentials given as flags, without echoing them", async () => {
    const r = await doctor([`--api-key=${CANARY_KEY}`], {});
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("credentials are not accepted as flags");
    expect(r.stdout + r.stderr).not.toContain(CANARY_KEY);
  });

  it("prints usage for --help and exits 0", async () => {
    const r = await doctor(["--help"], {});
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("usage: pulumi-feldera doctor [--host URL]");
  });

  it("rejects an unknown argument with exit code 2", async () => {
    const r = await doctor(["--verbose"], {});
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown argument '--verbose'");
  });
});

/** A Pulumi project directory with the given stack files, and a PATH directory (empty: no pulumi CLI). */
function project(files: Record<string, string>): { dir: string; bin: string } {
  const root = mkdtempSync(join(tmpdir(), "doctor-"));
  onTestFinished(() => rmSync(root, { recursive: true, force: true }));
  const dir = join(root, "project");
  const bin = join(root, "bin");
  mkdirSync(dir);
  mkdirSync(bin);
  writeFileSync(join(dir, "Pulumi.yaml"), "name: orders\nruntime: nodejs\n");
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return { dir, bin };
}

/** A `pulumi` on PATH that answers `config --json --show-secrets --stack <stack>` as the real CLI does. */
function fakePulumiCli(
  bin: string,
  stack: string,
  config: Record<string, { value: string; secret: boolean }>,
) {
  const file = join(bin, "pulumi");
  const expected = ["config", "--json", "--show-secrets", "--stack", stack];
  writeFileSync(
    file,
    `#!${process.execPath}\n` +
      `if (JSON.stringify(process.argv.slice(2)) !== ${JSON.stringify(JSON.stringify(expected))}) {\n` +
      `  console.error("unexpected: " + process.argv.slice(2).join(" ")); process.exit(1);\n}\n` +
      `console.log(${JSON.stringify(JSON.stringify(config))});\n`,
  );
  chmodSync(file, 0o755);
}

describe("pulumi-feldera doctor --stack", () => {
  const stackFile = (host: string) =>
    `encryptionsalt: v1:abc\nconfig:\n  feldera:host: "${host}" # the emulator\n  feldera:apiKey:\n    secure: v1:ciphertext==\n  orders:pipelineName: orders\n`;

  it("reads the host from Pulumi.<stack>.yaml over FELDERA_HOST, and says which key it came from", async () => {
    const emulator = await startTestEmulator();
    const { dir, bin } = project({ "Pulumi.dev.yaml": stackFile(emulator.url) });
    const r = await doctor(["--stack", "dev"], { FELDERA_HOST: "http://127.0.0.1:1", PATH: bin }, dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`host ${emulator.url} (feldera:host [Pulumi.dev.yaml])`);
    expect(r.stdout).toContain("stack 'dev' read with Pulumi.dev.yaml");
    expect(r.stdout).toMatch(
      /warn\s+feldera:apiKey \(a secret\) in Pulumi\.dev\.yaml cannot be read without a pulumi CLI on PATH: the provider will use it/,
    );
  });

  it("takes the stack from PULUMI_STACK when --stack is not given", async () => {
    const emulator = await startTestEmulator();
    const { dir, bin } = project({ "Pulumi.prod.yaml": stackFile(emulator.url) });
    const r = await doctor([], { PULUMI_STACK: "prod", PATH: bin }, dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("stack 'prod' read with Pulumi.prod.yaml");
  });

  it("decrypts the stack's secrets with the pulumi CLI on PATH, never printing them", async () => {
    const emulator = await startTestEmulator({ apiKeys: [CANARY_KEY] });
    const { dir, bin } = project({ "Pulumi.dev.yaml": stackFile("http://127.0.0.1:1") });
    fakePulumiCli(bin, "dev", {
      "feldera:host": { value: emulator.url, secret: false },
      "feldera:apiKey": { value: CANARY_KEY, secret: true },
    });
    const r = await doctor(["--stack", "dev"], { FELDERA_API_KEY: "apikey:wrong", PATH: bin }, dir);
    expect(r.stdout).toContain("All checks passed.");
    expect(r.stdout).toMatch(
      /apiKey\s+\(set, not shown\)\s+from feldera:apiKey \[pulumi config --stack dev\]/,
    );
    expect(r.stdout + r.stderr).not.toContain(CANARY_KEY);
  });

  it("names the stack key in the fix when the stack's key is refused", async () => {
    const emulator = await startTestEmulator({ apiKeys: [CANARY_KEY] });
    const { dir, bin } = project({});
    fakePulumiCli(bin, "dev", {
      "feldera:host": { value: emulator.url, secret: false },
      "feldera:apiKey": { value: `apikey:${"0".repeat(128)}`, secret: true },
    });
    const r = await doctor(["--stack", "dev"], { PATH: bin }, dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/authentication\s+FAIL/);
    expect(r.stdout).toMatch(
      /fix:\s+replace feldera:apiKey \[pulumi config --stack dev\] with a current API key/,
    );
  });

  it("fails on a stack without a configuration file, naming the file", async () => {
    const { dir, bin } = project({});
    const r = await doctor(["--stack", "staging"], { PATH: bin }, dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /configuration\s+FAIL\s+No configuration for stack 'staging': .*Pulumi\.staging\.yaml does not exist/,
    );
  });
});
