/**
 * `npx pulumi-feldera emulator [--port N] [--host H] [--edition enterprise|open-source] [--version X.Y.Z]
 * [--time-scale F] [--api-key KEY]…`: serves the emulator until SIGINT/SIGTERM. Prints exactly one line,
 * `listening on <url>`, so scripts can read the port (as Pulumi's dynamic-provider host prints its own).
 */
import { startEmulator } from "./start";
import type { EmulatorOptions } from "./types";

export interface CommandIo {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
  /** Stops the server like a signal would (tests); SIGINT/SIGTERM always do. */
  signal?: AbortSignal;
}

const USAGE = `usage: pulumi-feldera emulator [options]

Serves the embedded Feldera emulator (Feldera's REST API, in memory) until interrupted, and prints one
line, \`listening on <url>\`. Point FELDERA_HOST (or feldera:host) at that URL.

options:
  --port N                  port to listen on (default 0: any free port)
  --host H                  address to bind (default 127.0.0.1)
  --edition E               enterprise (default) or open-source
  --version X.Y.Z           the Feldera version to emulate, 0.148.0 or later (default 0.337.0)
  --time-scale F            multiply every simulated delay by F (default 1; 0.01 is 100 times faster)
  --api-key KEY             require this API key (repeatable); without one, no authentication
  -h, --help                print this help
`;

type Parsed = { ok: true; options: EmulatorOptions } | { ok: false; error: string } | { ok: "help" };

export function parseEmulatorArgs(argv: readonly string[]): Parsed {
  const options: EmulatorOptions = {};
  const keys: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "-h" || arg === "--help") return { ok: "help" };
    const [flag, inline] =
      arg.startsWith("--") && arg.includes("=") ? arg.split(/=(.*)/s, 2) : [arg, undefined];
    const value = inline ?? argv[++i];
    if (value === undefined) return { ok: false, error: `${flag} needs a value` };
    switch (flag) {
      case "--port":
        options.port = Number(value);
        if (!Number.isInteger(options.port))
          return { ok: false, error: `--port: '${value}' is not a port number` };
        break;
      case "--host":
        options.host = value;
        break;
      case "--edition":
        if (value !== "enterprise" && value !== "open-source") {
          return { ok: false, error: `--edition: expected enterprise or open-source, got '${value}'` };
        }
        options.edition = value;
        break;
      case "--version":
        options.version = value;
        break;
      case "--time-scale":
        options.timeScale = Number(value);
        if (!Number.isFinite(options.timeScale))
          return { ok: false, error: `--time-scale: '${value}' is not a number` };
        break;
      case "--api-key":
        keys.push(value);
        break;
      default:
        return { ok: false, error: `unknown option '${flag}'` };
    }
  }
  if (keys.length > 0) options.apiKeys = keys;
  return { ok: true, options };
}

export async function runEmulatorCommand(argv: string[], io: CommandIo = process): Promise<number> {
  const parsed = parseEmulatorArgs(argv);
  if (parsed.ok === "help") {
    io.stdout.write(USAGE);
    return 0;
  }
  if (parsed.ok === false) {
    io.stderr.write(`pulumi-feldera emulator: ${parsed.error}\n\n${USAGE}`);
    return 2;
  }
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  try {
    emulator = await startEmulator(parsed.options);
  } catch (e) {
    io.stderr.write(`pulumi-feldera emulator: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  io.stdout.write(`listening on ${emulator.url}\n`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      io.signal?.removeEventListener("abort", stop);
      resolve();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
    if (io.signal?.aborted) stop();
    else io.signal?.addEventListener("abort", stop);
  });
  await emulator.close();
  return 0;
}
