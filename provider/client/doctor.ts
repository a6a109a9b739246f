/**
 * `npx pulumi-feldera doctor [--host URL] [--stack NAME]`: reads the connection settings from the sources the
 * provider reads, in the same order (the --host flag, then the stack's configuration, then the
 * environment), says where each one came from (never a secret's value), then checks the connection
 * (diagnose.ts, the same checks that fail a preview) and lists the server's features.
 *
 * Exit code 0 when all is well, 1 on any problem, 2 on a usage error.
 */
import { FelderaClient } from "./client";
import {
  type ConnectionSettings,
  clientOptionsFrom,
  resolveConnection,
  SETTING_NAMES,
  settingSources,
} from "./config";
import { configurationFailure, diagnoseConnection, type SettingNamer } from "./diagnose";
import { readStackConfig, type StackConfig } from "./stack-config";

export interface DoctorIo {
  env?: Record<string, string | undefined>;
  /** The directory doctor runs in (the Pulumi project's, for --stack); default the process's. */
  cwd?: string;
  stdout?: (s: string) => void;
  stderr?: (s: string) => void;
}

const USAGE = `usage: pulumi-feldera doctor [--host URL] [--stack NAME]

Checks the connection to a Feldera server with the settings the provider would use, read in the
provider's order: --host, then the stack's configuration (feldera:host, feldera:apiKey, … of
--stack NAME or PULUMI_STACK: \`pulumi config --show-secrets\` when a pulumi CLI is on PATH, else the
plain values of Pulumi.<stack>.yaml in the project directory), then the environment (FELDERA_HOST,
FELDERA_API_KEY, FELDERA_AUTH_TOKEN_COMMAND, FELDERA_TENANT, FELDERA_HTTPS_TLS_CERT,
FELDERA_TLS_INSECURE, FELDERA_REQUEST_TIMEOUT, FELDERA_RETRIES). Credentials are never accepted as
flags (they would show in process lists and shell history).

options:
  --host URL      the Feldera API's base URL (over feldera:host and FELDERA_HOST)
  --stack NAME    read this stack's configuration (default: PULUMI_STACK; none when unset)
  -h, --help      print this help
`;

const CREDENTIAL_FLAGS = /^--?(api[-_]?key|token|auth[-_]?token[-_]?command|password)(=|$)/i;
const SECRET_SETTINGS: ReadonlySet<keyof ConnectionSettings> = new Set(["apiKey", "authTokenCommand"]);

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
  const stackName = args.stack ?? (env["PULUMI_STACK"] || undefined);
  let stack: StackConfig | undefined;
  if (stackName) {
    try {
      stack = readStackConfig(stackName, { cwd: io.cwd ?? process.cwd(), env });
    } catch (e) {
      return report.fail(configurationFailure(e, (s) => SETTING_NAMES[s].stack));
    }
  }
  const sources = {
    explicit: args.host ? { host: args.host } : {},
    ...(stack ? { stackConfig: stack.get } : {}),
    env,
  };
  const name = namer(settingSources(sources), stack);
  for (const note of stack?.notes ?? []) report.warn(note);
  for (const key of stack?.unreadable ?? [])
    report.warn(
      `${key} in ${stack!.origin} cannot be read without a pulumi CLI on PATH: the provider will use it, ` +
        "but the checks below do not",
    );

  let settings: ConnectionSettings;
  try {
    settings = resolveConnection(sources);
  } catch (e) {
    return report.fail(configurationFailure(e, name));
  }
  const credential = settings.apiKey
    ? `API key (${name("apiKey")})`
    : settings.authTokenCommand
      ? `token command (${name("authTokenCommand")})`
      : "none";
  report.ok("configuration", `host ${settings.host} (${name("host")}), credentials: ${credential}`);
  report.line(
    stack
      ? `    stack '${stack.stack}' read with ${stack.origin}\n`
      : "    no stack read (--stack NAME or PULUMI_STACK): flags and environment only\n",
  );
  report.settings(settings, name);

  const warnings: string[] = [];
  const options = clientOptionsFrom(settings, { onWarning: (w) => warnings.push(w) });
  options.retry = { ...DOCTOR_RETRY, ...options.retry };
  options.requestTimeoutMs ??= DOCTOR_TIMEOUT_MS;
  let client: FelderaClient;
  try {
    client = new FelderaClient(options);
  } catch (e) {
    return report.fail(configurationFailure(e, name));
  }
  try {
    const d = await diagnoseConnection(client, settings, name);
    for (const w of warnings) report.warn(w);
    for (const f of d.passed) report.ok(f.check, f.detail);
    for (const w of d.warnings) report.warn(w);
    if (d.failure) return report.fail(d.failure);
    const features = d.features!;
    report.table("features", [
      ["tags", features.tags, "v0.313.0"],
      ["validate_program", features.validateProgram, "v0.324.0"],
      ["diff", features.pipelineDiff, "v0.324.0"],
      ["dismiss_error", features.dismissError, "v0.251.0"],
    ]);
    report.line("\nAll checks passed.\n");
    return 0;
  } finally {
    await client.close();
  }
}

/**
 * A set setting is named where it came from; an unset one where it could be set (the stack key too when
 * a stack is being read).
 */
function namer(
  found: Partial<Record<keyof ConnectionSettings, string>>,
  stack: StackConfig | undefined,
): SettingNamer {
  return (setting) => {
    const where = found[setting];
    if (where?.startsWith("the explicit option")) return `--${setting}`;
    if (where) return where.startsWith("feldera:") && stack ? `${where} [${stack.origin}]` : where;
    const names = SETTING_NAMES[setting];
    return stack ? `${names.stack} / ${names.env}` : names.env;
  };
}

type Args =
  | { kind: "run"; host?: string; stack?: string }
  | { kind: "help" }
  | { kind: "usage"; message: string };

function parseArgs(argv: string[]): Args {
  const run: { kind: "run"; host?: string; stack?: string } = { kind: "run" };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "-h" || a === "--help") return { kind: "help" };
    if (CREDENTIAL_FLAGS.test(a)) {
      return {
        kind: "usage",
        message:
          "credentials are not accepted as flags (they would show in process lists and shell history): " +
          "set feldera:apiKey in the stack (pulumi config set --secret) or FELDERA_API_KEY / " +
          "FELDERA_AUTH_TOKEN_COMMAND in the environment",
      };
    }
    const flag = /^--(host|stack)(?:=(.*))?$/.exec(a);
    if (!flag) return { kind: "usage", message: `unknown argument '${a.replace(/=.*/, "=…")}'` };
    const value = flag[2] ?? argv[++i];
    if (!value)
      return { kind: "usage", message: `--${flag[1]} needs a ${flag[1] === "host" ? "URL" : "stack name"}` };
    run[flag[1] as "host" | "stack"] = value;
  }
  return run;
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

  fail(f: { check: string; detail: string; fix: string }): number {
    this.out(`  ${f.check.padEnd(16)} FAIL  ${f.detail}\n  ${"".padEnd(16)} fix:  ${f.fix}\n`);
    return 1;
  }

  /** Each setting that is set, from where; a credential's value is never shown. */
  settings(settings: ConnectionSettings, name: SettingNamer): void {
    for (const setting of Object.keys(SETTING_NAMES) as (keyof ConnectionSettings)[]) {
      const value = settings[setting];
      if (value === undefined || (setting === "insecureTls" && value === false)) continue;
      const shown = SECRET_SETTINGS.has(setting) ? "(set, not shown)" : String(value);
      this.out(`    ${setting.padEnd(22)} ${shown}  from ${name(setting)}\n`);
    }
  }

  table(title: string, rows: [name: string, present: boolean, since: string][]): void {
    this.out(`  ${title}:\n`);
    for (const [name, present, since] of rows) {
      this.out(`    ${name.padEnd(18)} ${present ? "yes" : "no "}  (since ${since})\n`);
    }
  }
}
