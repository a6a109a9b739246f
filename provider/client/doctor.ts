/**
 * `npx pulumi-feldera doctor [--host URL]`: checks, in order, and stops at the first failure with a `fix:`
 * line:
 *
 * 1. configuration resolves (host from --host or FELDERA_HOST; credentials from the environment only,
 *    never from flags, which would show in process lists and shell history);
 * 2. the server is reachable (`GET /v0/config`);
 * 3. it is a Feldera this package supports (version ≥ v0.148.0), and which edition;
 * 4. the credentials work (`GET /v0/pipelines?selector=status`);
 * 5. which features it has, as a short table.
 *
 * Exit code 0 when all is well, 1 on any problem, 2 on a usage error.
 */
import { isFelderaError } from "../errors";
import { FelderaClient } from "./client";
import { clientOptionsFrom, resolveConnection } from "./config";
import { detectFeatures, parseVersion } from "./features";

export interface DoctorIo {
  env?: Record<string, string | undefined>;
  stdout?: (s: string) => void;
  stderr?: (s: string) => void;
}

const USAGE = `usage: pulumi-feldera doctor [--host URL]

Checks the connection to a Feldera server. The host comes from --host or FELDERA_HOST; credentials only
from FELDERA_API_KEY or FELDERA_AUTH_TOKEN_COMMAND (also read: FELDERA_TENANT, FELDERA_HTTPS_TLS_CERT,
FELDERA_TLS_INSECURE, FELDERA_REQUEST_TIMEOUT, FELDERA_RETRIES).
`;

const CREDENTIAL_FLAGS = /^--?(api[-_]?key|token|auth[-_]?token[-_]?command|password)(=|$)/i;

/** The doctor is interactive: fail in seconds, not after the deployment-sized retry budget. */
const DOCTOR_RETRY = { maxRetries: 1, deadlineMs: 10_000, baseDelayMs: 500, maxDelayMs: 1_000 };
const DOCTOR_TIMEOUT_MS = 10_000;

export async function runDoctorCommand(argv: string[], io: DoctorIo = {}): Promise<number> {
  const env = io.env ?? process.env;
  const out = io.stdout ?? ((s: string) => void process.stdout.write(s));
  const err = io.stderr ?? ((s: string) => void process.stderr.write(s));

  const args = parseArgs(argv);
  if (args.kind === "help") {
    out(USAGE);
    return 0;
  }
  if (args.kind === "usage") {
    err(`pulumi-feldera doctor: ${args.message}\n\n${USAGE}`);
    return 2;
  }

  const report = new Report(out);
  let settings: ReturnType<typeof resolveConnection>;
  try {
    settings = resolveConnection({ explicit: args.host ? { host: args.host } : {}, env });
  } catch (e) {
    return report.fail(
      "configuration",
      message(e),
      "set FELDERA_HOST (or pass --host URL) as the message says",
    );
  }
  const hostFrom = args.host ? "--host" : "FELDERA_HOST";
  const authText = settings.apiKey
    ? "API key (FELDERA_API_KEY)"
    : settings.authTokenCommand
      ? "token command (FELDERA_AUTH_TOKEN_COMMAND)"
      : "none";
  report.ok("configuration", `host ${settings.host} (${hostFrom}), credentials: ${authText}`);

  const warnings: string[] = [];
  const options = clientOptionsFrom(settings, { onWarning: (w) => warnings.push(w) });
  options.retry = { ...DOCTOR_RETRY, ...options.retry };
  options.requestTimeoutMs ??= DOCTOR_TIMEOUT_MS;
  let client: FelderaClient;
  try {
    client = new FelderaClient(options);
  } catch (e) {
    return report.fail("configuration", message(e), "correct the setting named above");
  }
  for (const w of warnings) report.warn(w);
  try {
    return await diagnose(
      client,
      report,
      settings.apiKey !== undefined || settings.authTokenCommand !== undefined,
    );
  } finally {
    await client.close();
  }
}

async function diagnose(client: FelderaClient, report: Report, hasCredential: boolean): Promise<number> {
  let config: Awaited<ReturnType<FelderaClient["getServerConfig"]>>;
  try {
    config = await client.getServerConfig();
  } catch (e) {
    const status = statusOf(e);
    if (status === 401 || status === 403) {
      report.ok("reachability", `the server answered GET /v0/config with ${status}`);
      return report.fail("authentication", message(e), authFix(status, hasCredential));
    }
    if (status === 404) {
      return report.fail(
        "reachability",
        message(e),
        "point FELDERA_HOST / --host at the Feldera API's base URL (including any path prefix)",
      );
    }
    return report.fail("reachability", message(e), reachabilityFix(e));
  }
  report.ok("reachability", "GET /v0/config answered");

  const features = detectFeatures(config);
  const editionText =
    features.edition === "unknown" ? `edition "${config.edition ?? "?"}"` : `${features.edition} edition`;
  if (!features.statusRework) {
    return report.fail(
      "server",
      `Feldera ${config.version}, ${editionText}: older than v0.148.0, the oldest version pulumi-feldera supports`,
      "upgrade the Feldera server to v0.148.0 or later",
    );
  }
  report.ok("server", `Feldera ${config.version}, ${editionText}`);
  if (!parseVersion(config.version))
    report.warn(`version "${config.version}" not recognised: assuming current features`);

  try {
    const pipelines = await client.listPipelineStatuses();
    report.ok("authentication", `GET /v0/pipelines answered: ${pipelines.length} pipeline(s) visible`);
  } catch (e) {
    const status = statusOf(e);
    const fix = status === 401 || status === 403 ? authFix(status, hasCredential) : reachabilityFix(e);
    return report.fail("authentication", message(e), fix);
  }

  report.table("features", [
    ["tags", features.tags, "v0.313.0"],
    ["validate_program", features.validateProgram, "v0.324.0"],
    ["diff", features.pipelineDiff, "v0.324.0"],
    ["dismiss_error", features.dismissError, "v0.251.0"],
  ]);
  report.line("\nAll checks passed.\n");
  return 0;
}

type Args = { kind: "run"; host?: string } | { kind: "help" } | { kind: "usage"; message: string };

function parseArgs(argv: string[]): Args {
  let host: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "-h" || a === "--help") return { kind: "help" };
    if (CREDENTIAL_FLAGS.test(a)) {
      return {
        kind: "usage",
        message:
          "credentials are not accepted as flags (they would show in process lists and shell history): " +
          "set FELDERA_API_KEY or FELDERA_AUTH_TOKEN_COMMAND in the environment",
      };
    }
    if (a === "--host") {
      const v = argv[++i];
      if (!v) return { kind: "usage", message: "--host needs a URL" };
      host = v;
    } else if (a.startsWith("--host=")) {
      host = a.slice("--host=".length);
    } else {
      return { kind: "usage", message: `unknown argument '${a.replace(/=.*/, "=…")}'` };
    }
  }
  return host === undefined ? { kind: "run" } : { kind: "run", host };
}

/** Aligned check lines: `  name  ok|FAIL|warn  detail`, plus `fix:` under a failure. */
class Report {
  constructor(private readonly out: (s: string) => void) {}

  line(s: string): void {
    this.out(s);
  }

  ok(check: string, detail: string): void {
    this.out(`  ${check.padEnd(16)} ok    ${detail}\n`);
  }

  warn(detail: string): void {
    this.out(`  ${"".padEnd(16)} warn  ${detail}\n`);
  }

  fail(check: string, detail: string, fix: string): number {
    this.out(`  ${check.padEnd(16)} FAIL  ${detail}\n  ${"".padEnd(16)} fix:  ${fix}\n`);
    return 1;
  }

  table(title: string, rows: [name: string, present: boolean, since: string][]): void {
    this.out(`  ${title}:\n`);
    for (const [name, present, since] of rows) {
      this.out(`    ${name.padEnd(18)} ${present ? "yes" : "no "}  (since ${since})\n`);
    }
  }
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function statusOf(e: unknown): number | undefined {
  const s = (e as { status?: unknown } | undefined)?.status;
  if (typeof s === "number") return s;
  // Retries gave up: judge by the last answer.
  const cause = (e as { cause?: unknown } | undefined)?.cause;
  return isFelderaError(e, "FELDERA_ERR_RETRY_DEADLINE") ? statusOf(cause) : undefined;
}

function authFix(status: number, hasCredential: boolean): string {
  if (status === 403)
    return "use an API key with the write role (keys are tenant-scoped; check FELDERA_TENANT)";
  return hasCredential
    ? "replace FELDERA_API_KEY (or fix FELDERA_AUTH_TOKEN_COMMAND) with a current credential for this server"
    : "the server requires authentication: set FELDERA_API_KEY (or FELDERA_AUTH_TOKEN_COMMAND)";
}

function reachabilityFix(e: unknown): string {
  const code =
    (e as { causeCode?: unknown }).causeCode ?? (e as { cause?: { causeCode?: unknown } }).cause?.causeCode;
  if (isFelderaError(e, "FELDERA_ERR_AUTH_COMMAND"))
    return "make FELDERA_AUTH_TOKEN_COMMAND print a token and exit 0";
  if (typeof code === "string" && /CERT|TLS|SSL|SELF_SIGNED|UNABLE_TO/.test(code)) {
    return "give the server's CA with FELDERA_HTTPS_TLS_CERT=/path/ca.pem (or FELDERA_TLS_INSECURE=1 for testing only)";
  }
  return "start Feldera, or correct FELDERA_HOST / --host (scheme, host and port); check proxies and firewalls";
}
