/**
 * Authentication: `Authorization: Bearer <key>` with the key used verbatim (Feldera API keys look like
 * `apikey:…`, docs/feldera/auth-and-tenants.md#authentication), or a bearer printed by a shell command (fda's FELDERA_AUTH_TOKEN_COMMAND, docs/feldera/clients.md#environment).
 *
 * A command's token is cached per client and re-run once after a 401 (tokens expire; the Python client
 * re-resolves a callable key once for the same reason). Every key and token is registered with the
 * client's SecretSet so no message can ever quote it.
 */
import { spawn } from "node:child_process";
import { FelderaAuthCommandError } from "./errors";
import type { SecretSet } from "./redact";

export type AuthOptions =
  | { kind: "none" }
  | { kind: "apiKey"; apiKey: string }
  | { kind: "tokenCommand"; command: string };

export interface Authenticator {
  readonly kind: AuthOptions["kind"];
  /** The `Authorization` header value, or undefined when unauthenticated. */
  header(): Promise<string | undefined>;
  /** Whether a 401 is worth one more try with a fresh credential. */
  readonly canRefresh: boolean;
  /** A fresh header after a 401 answered `stale`; concurrent callers share one re-run. */
  refresh(stale: string | undefined): Promise<string | undefined>;
  /** What a person should check after a 401 or 403, naming the setting, never the value. */
  hint(status: number): string | undefined;
}

export interface CommandResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** Why it did not run to completion, when it did not (spawn failure, timeout). */
  failure?: string;
}

export type CommandRunner = (command: string) => Promise<CommandResult>;

/** A token command has this long to print its token (a browser-based login would take longer: cache it). */
export const TOKEN_COMMAND_TIMEOUT_MS = 30_000;

export function createAuthenticator(
  auth: AuthOptions,
  secrets: SecretSet,
  run: CommandRunner = runShellCommand,
): Authenticator {
  if (auth.kind === "none") {
    return {
      kind: "none",
      header: async () => undefined,
      canRefresh: false,
      refresh: async () => undefined,
      hint: (status) =>
        status === 401
          ? "The server requires authentication: set an API key with feldera:apiKey (as a secret) or " +
            "FELDERA_API_KEY, or a token command with feldera:authTokenCommand / FELDERA_AUTH_TOKEN_COMMAND"
          : forbidden(status),
    };
  }
  if (auth.kind === "apiKey") {
    secrets.add(auth.apiKey);
    const header = `Bearer ${auth.apiKey}`;
    return {
      kind: "apiKey",
      header: async () => header,
      canRefresh: false,
      refresh: async () => header,
      hint: (status) =>
        status === 401
          ? "Authentication failed: the API key from feldera:apiKey or FELDERA_API_KEY was rejected; " +
            "check that it is current and belongs to this tenant"
          : forbidden(status),
    };
  }
  return new TokenCommandAuth(auth.command, secrets, run);
}

class TokenCommandAuth implements Authenticator {
  readonly kind = "tokenCommand" as const;
  readonly canRefresh = true;
  #current: Promise<string> | undefined;

  constructor(
    private readonly command: string,
    private readonly secrets: SecretSet,
    private readonly run: CommandRunner,
  ) {
    // The command line itself may embed a secret (`echo apikey:…`): never let it into a message.
    secrets.add(command);
  }

  header(): Promise<string> {
    this.#current ??= this.fetch();
    return this.#current;
  }

  async refresh(stale: string | undefined): Promise<string> {
    const current = this.#current ? await this.#current.catch(() => undefined) : undefined;
    // Someone else already replaced the token that failed: use theirs instead of running again.
    if (current !== undefined && current !== stale) return current;
    this.#current = this.fetch();
    return this.#current;
  }

  hint(status: number): string | undefined {
    return status === 401
      ? "Authentication failed: the token printed by feldera:authTokenCommand / FELDERA_AUTH_TOKEN_COMMAND " +
          "was rejected, also after running the command again"
      : forbidden(status);
  }

  private fetch(): Promise<string> {
    const pending = this.run(this.command).then((result) => {
      const stderrExcerpt = this.secrets.excerpt(result.stderr, 300);
      if (result.failure) {
        throw new FelderaAuthCommandError({
          exitCode: result.exitCode,
          problem: result.failure,
          stderrExcerpt,
        });
      }
      if (result.exitCode !== 0) {
        throw new FelderaAuthCommandError({
          exitCode: result.exitCode,
          problem: `exited with code ${result.exitCode}`,
          stderrExcerpt,
        });
      }
      const token = result.stdout.trim();
      if (!token) {
        throw new FelderaAuthCommandError({
          exitCode: 0,
          problem: "printed nothing on stdout",
          stderrExcerpt,
        });
      }
      this.secrets.add(token);
      return `Bearer ${token}`;
    });
    // A failed run is not cached: the next request tries again.
    pending.catch(() => {
      if (this.#current === pending) this.#current = undefined;
    });
    return pending;
  }
}

function forbidden(status: number): string | undefined {
  return status === 403
    ? "The credentials are valid but lack permission: changing pipelines needs an API key with the write role"
    : undefined;
}

/** Runs `command` with `/bin/sh -c`, collecting stdout and stderr (1 MiB each at most). */
export function runShellCommand(command: string): Promise<CommandResult> {
  return new Promise((resolve) => {
    const child = spawn("/bin/sh", ["-c", command], { stdio: ["ignore", "pipe", "pipe"], windowsHide: true });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const cap = (chunks: Buffer[]) => (b: Buffer) => {
      if (chunks.reduce((n, c) => n + c.length, 0) < 1 << 20) chunks.push(b);
    };
    child.stdout.on("data", cap(out));
    child.stderr.on("data", cap(err));
    let failure: string | undefined;
    const timer = setTimeout(() => {
      failure = `did not finish within ${TOKEN_COMMAND_TIMEOUT_MS / 1000} s`;
      child.kill("SIGKILL");
    }, TOKEN_COMMAND_TIMEOUT_MS);
    const finish = (code: number | null, signal: NodeJS.Signals | null) => {
      clearTimeout(timer);
      if (!failure && signal) failure = `was killed by ${signal}`;
      resolve({
        exitCode: code,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
        ...(failure ? { failure } : {}),
      });
    };
    // A spawn failure may or may not be followed by `close`; the first settlement wins.
    child.on("error", (e) => {
      failure = `could not be started (${(e as NodeJS.ErrnoException).code ?? e.message})`;
      finish(null, null);
    });
    child.on("close", finish);
  });
}
