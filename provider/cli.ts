#!/usr/bin/env node
/**
 * `npx pulumi-feldera <command>`: `doctor` checks the connection to a Feldera server; `emulator` serves
 * the embedded Feldera emulator. Each command lives with its layer; this only dispatches.
 */

const USAGE = `usage: pulumi-feldera <command> [options]

commands:
  doctor [--host URL]      check reachability, auth, server version, edition and features
                           (credentials come from FELDERA_API_KEY / FELDERA_AUTH_TOKEN_COMMAND only)
  emulator [--port N] [--host H] [--edition enterprise|open-source] [--version X.Y.Z]
           [--time-scale F] [--api-key KEY]
                           serve the embedded Feldera emulator until interrupted
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    // Loaded on demand: the emulator is not needed to run doctor, and neither to print usage.
    case "doctor":
      return (require("./client/doctor") as typeof import("./client/doctor")).runDoctorCommand(rest);
    case "emulator":
      return (require("./emulator/cli") as typeof import("./emulator/cli")).runEmulatorCommand(rest);
    case undefined:
    case "help":
    case "--help":
    case "-h":
      process.stdout.write(USAGE);
      return command === undefined ? 2 : 0;
    default:
      process.stderr.write(`pulumi-feldera: unknown command '${command}'\n\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`pulumi-feldera: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);
