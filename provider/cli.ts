#!/usr/bin/env node
/**
 * `npx pulumi-feldera <command>`: `doctor` checks the connection to a Feldera server; `emulator` serves
 * the embedded Feldera emulator. Each command lives with its layer; this only dispatches.
 */

const USAGE = `usage: pulumi-feldera <command> [options]

commands:
  doctor      check the connection to a Feldera server: reachability, credentials, version, features
              (reads the settings the provider reads: flags, the stack's config, the environment)
  emulator    serve the embedded Feldera emulator until interrupted
  help [CMD]  print this help, or a command's (same as \`pulumi-feldera CMD --help\`)

Run \`pulumi-feldera <command> --help\` for a command's options.
`;

/** Loaded on demand: the emulator is not needed to run doctor, and neither to print usage. */
const COMMANDS: Record<string, (argv: string[]) => Promise<number>> = {
  doctor: (argv) => (require("./client/doctor") as typeof import("./client/doctor")).runDoctorCommand(argv),
  emulator: (argv) => (require("./emulator/cli") as typeof import("./emulator/cli")).runEmulatorCommand(argv),
};

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === "help" && rest[0] !== undefined && COMMANDS[rest[0]]) return COMMANDS[rest[0]]!(["--help"]);
  if (command !== undefined && Object.hasOwn(COMMANDS, command)) return COMMANDS[command]!(rest);
  if (command === undefined || command === "help" || command === "--help" || command === "-h") {
    process.stdout.write(USAGE);
    return command === undefined ? 2 : 0;
  }
  process.stderr.write(`pulumi-feldera: unknown command '${command}'\n\n${USAGE}`);
  return 2;
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
