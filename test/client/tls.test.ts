import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { rootCertificates } from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectTls } from "../../provider/client/tls";
import { client, fastRetry, json, rejection, scriptedServer } from "./support/scripted-server";

/** A throwaway CA and a server certificate for 127.0.0.1 signed by it, made with the openssl CLI. */
let dir: string;
let caPath: string;
let serverTls: { key: string; cert: string };

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "feldera-tls-"));
  const ssl = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  ssl(
    "req",
    "-x509",
    ...ec,
    "-keyout",
    "ca.key",
    "-out",
    "ca.pem",
    "-days",
    "1",
    "-subj",
    "/CN=pulumi-feldera test CA",
  );
  ssl("req", ...ec, "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1");
  writeFileSync(join(dir, "ext.cnf"), "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n");
  ssl(
    "x509",
    "-req",
    "-in",
    "server.csr",
    "-CA",
    "ca.pem",
    "-CAkey",
    "ca.key",
    "-CAcreateserial",
    "-out",
    "server.pem",
    "-days",
    "1",
    "-extfile",
    "ext.cnf",
  );
  caPath = join(dir, "ca.pem");
  serverTls = {
    key: readFileSync(join(dir, "server.key"), "utf8"),
    cert: readFileSync(join(dir, "server.pem"), "utf8"),
  };
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const httpsServer = () => scriptedServer((_n, _req, res) => json(res, 200, []), { tls: serverTls });

describe("TLS", () => {
  it("verifies the server with a CA given as a file", async () => {
    const server = await httpsServer();
    await expect(client({ host: server.url, tls: { caCertPath: caPath } }).listPipelines()).resolves.toEqual(
      [],
    );
  });

  it("verifies the server with a CA given as PEM text", async () => {
    const server = await httpsServer();
    const c = client({ host: server.url, tls: { caCert: readFileSync(caPath, "utf8") } });
    await expect(c.listPipelines()).resolves.toEqual([]);
  });

  it("fails without the CA, at once, saying which setting supplies it", async () => {
    const server = await httpsServer();
    const retry = fastRetry();
    const e = await rejection(client({ host: server.url, retry }).listPipelines());
    expect(e).toMatchObject({ code: "FELDERA_ERR_TRANSPORT", requestSent: "no" });
    expect(e.causeCode).toMatch(/UNABLE_TO_VERIFY|SELF_SIGNED|CERT/);
    expect(e.message).toContain("feldera:caCertPath / FELDERA_HTTPS_TLS_CERT");
    expect(retry.sleeps).toEqual([]);
    expect(server.count()).toBe(0);
  });

  it("connects without verification when insecure, and warns once", async () => {
    const server = await httpsServer();
    const c = client({ host: server.url, tls: { insecure: true } });
    await expect(c.listPipelines()).resolves.toEqual([]);
    expect(c.warnings).toHaveLength(1);
    expect(c.warnings[0]).toContain("TLS certificate verification is disabled");
  });

  it("still verifies when a CA is configured together with insecure", async () => {
    const server = await httpsServer();
    const c = client({ host: server.url, tls: { insecure: true, caCertPath: caPath } });
    await expect(c.listPipelines()).resolves.toEqual([]);
    expect(connectTls({ insecure: true, caCertPath: caPath }, () => {})?.rejectUnauthorized).toBe(true);
    expect(c.warnings[0]).toContain("insecure TLS is ignored because a CA certificate is configured");
  });

  it("adds the CA to Node's default roots instead of replacing them", () => {
    const ca = connectTls({ caCertPath: caPath }, () => {})?.ca ?? [];
    expect(ca).toHaveLength(rootCertificates.length + 1);
    expect(ca.slice(0, rootCertificates.length)).toEqual([...rootCertificates]);
  });

  it("rejects an unreadable CA file at construction, naming the settings", () => {
    expect(() =>
      client({ host: "https://127.0.0.1:1", tls: { caCertPath: join(dir, "missing.pem") } }),
    ).toThrow(
      expect.objectContaining({
        code: "FELDERA_ERR_CONFIG",
        message: expect.stringContaining("feldera:caCertPath / FELDERA_HTTPS_TLS_CERT"),
      }),
    );
  });

  it("rejects a CA file without a PEM certificate", () => {
    const bogus = join(dir, "bogus.pem");
    writeFileSync(bogus, "not a certificate");
    expect(() => client({ host: "https://127.0.0.1:1", tls: { caCertPath: bogus } })).toThrow(
      /No PEM certificate/,
    );
  });
});
