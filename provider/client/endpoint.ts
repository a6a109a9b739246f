/**
 * The server's address: the base URL split into what undici needs (an origin for the pool, a path prefix
 * for every request), plus the checks that belong to the address itself (no credentials in it; a key
 * sent in clear text to another machine earns a warning).
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { FelderaConfigError } from "./errors";

export interface Endpoint {
  /** `scheme://host:port` */
  origin: string;
  /** `""` or a prefix without trailing slash, e.g. `/feldera`. */
  basePath: string;
  /** For messages: origin plus prefix. */
  label: string;
  https: boolean;
  loopback: boolean;
}

/** Parses the `host` setting. `source` names where it came from, for the error message. */
export function parseEndpoint(host: string, source = "host"): Endpoint {
  let url: URL;
  try {
    url = new URL(host.trim());
  } catch {
    // The value is not echoed: a mistyped setting could hold anything, a key included.
    throw new FelderaConfigError(
      `${source} is not a valid URL: give the Feldera API's base URL, e.g. https://feldera.example.com or http://127.0.0.1:8080`,
      { setting: "host", source },
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new FelderaConfigError(`${source} must be an http:// or https:// URL, not ${url.protocol}//…`, {
      setting: "host",
      source,
    });
  }
  if (url.username || url.password) {
    throw new FelderaConfigError(
      `${source} must not contain credentials (user:password@): give the API key with feldera:apiKey or FELDERA_API_KEY`,
      { setting: "host", source },
    );
  }
  if (url.search || url.hash) {
    throw new FelderaConfigError(`${source} must be a base URL without ?query or #fragment`, {
      setting: "host",
      source,
    });
  }
  const basePath = url.pathname.replace(/\/+$/, "");
  return {
    origin: url.origin,
    basePath,
    label: `${url.origin}${basePath}`,
    https: url.protocol === "https:",
    loopback: isLoopback(url.hostname),
  };
}

/** 127.0.0.0/8, ::1 and localhost: traffic that never leaves the machine. */
export function isLoopback(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (h === "localhost" || h.endsWith(".localhost") || h === "::1") return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) || /^::ffff:127\./.test(h);
}

/**
 * The warning for a credential over plain HTTP to another machine, or undefined. fda drops the key in that
 * case (docs/feldera/clients.md#environment); we still send it, since plain HTTP inside a private network is a legitimate setup, but say so.
 */
export function plainHttpWarning(endpoint: Endpoint, hasCredential: boolean): string | undefined {
  if (!hasCredential || endpoint.https || endpoint.loopback) return undefined;
  return (
    `the API credential is sent over plain http to ${endpoint.label}, which is not a loopback address: ` +
    `anyone on the network path can read it. Use an https:// host`
  );
}

/** `pulumi-feldera/<version>`, from this package's package.json (found by walking up from here). */
export function defaultUserAgent(): string {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const file = join(dir, "package.json");
    if (existsSync(file)) {
      try {
        const pkg = JSON.parse(readFileSync(file, "utf8")) as { name?: string; version?: string };
        if (pkg.name === "pulumi-feldera" && pkg.version) return `pulumi-feldera/${pkg.version}`;
      } catch {
        // Unreadable: keep walking.
      }
    }
    dir = dirname(dir);
  }
  return "pulumi-feldera/unknown";
}
