/**
 * TLS for the connection pool. An extra CA is *added* to Node's bundled roots (`tls.rootCertificates`):
 * passing `ca` alone to Node replaces the defaults, which would break a server whose certificate is public
 * while a private CA is also configured (fda: "extra root CA", docs/feldera/clients.md#environment). Insecure mode is an explicit switch,
 * warned about once per client.
 */
import { readFileSync } from "node:fs";
import { rootCertificates } from "node:tls";
import { FelderaConfigError } from "./errors";

export interface TlsOptions {
  /** A PEM file with one or more CA certificates. */
  caCertPath?: string;
  /** PEM text of one or more CA certificates. */
  caCert?: string;
  /** Skip certificate verification (testing only). */
  insecure?: boolean;
}

/** What undici's `connect` option receives. */
export interface ConnectTls {
  ca?: string[];
  rejectUnauthorized?: boolean;
}

const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/**
 * Node options for `tls`, or undefined to use Node's defaults. A configured CA wins over `insecure`, as in
 * Feldera's Python client: whoever went to the trouble of providing a CA wants it checked.
 */
export function connectTls(
  tls: TlsOptions | undefined,
  warn: (message: string) => void,
): ConnectTls | undefined {
  if (!tls) return undefined;
  const extra = [
    ...(tls.caCert !== undefined ? [pemCertificates(tls.caCert, "tls.caCert")] : []),
    ...(tls.caCertPath !== undefined ? [pemCertificates(readCa(tls.caCertPath), tls.caCertPath)] : []),
  ].flat();
  if (extra.length > 0) {
    if (tls.insecure) {
      warn(
        "insecure TLS is ignored because a CA certificate is configured: the server certificate is verified",
      );
    }
    return { ca: [...rootCertificates, ...extra], rejectUnauthorized: true };
  }
  if (tls.insecure) {
    warn(
      "TLS certificate verification is disabled (feldera:insecureTls / FELDERA_TLS_INSECURE): " +
        "anyone on the network path can read and change this traffic, including the API key",
    );
    return { rejectUnauthorized: false };
  }
  return undefined;
}

function readCa(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? "error";
    throw new FelderaConfigError(
      `Cannot read the CA certificate file ${path} (${code}), set by feldera:caCertPath / FELDERA_HTTPS_TLS_CERT: ` +
        `point it at a readable PEM file, or unset it`,
      { setting: "caCertPath" },
      { cause: e },
    );
  }
}

function pemCertificates(text: string, where: string): string[] {
  const certs = text.match(PEM_CERT) ?? [];
  if (certs.length === 0) {
    throw new FelderaConfigError(
      `No PEM certificate ("-----BEGIN CERTIFICATE-----") found in ${where}: ` +
        `feldera:caCertPath / FELDERA_HTTPS_TLS_CERT must name a PEM file of CA certificates`,
      { setting: "caCertPath" },
    );
  }
  return certs;
}
