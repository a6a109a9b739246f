/**
 * `pulumi-language-nodejs` (see server.ts): `main.js [--version] [--tracing …] [--runtime nodejs] [engine]`.
 * Prints the port, then serves until the engine closes our stdin's peer or kills us.
 */
import { connect } from "node:net";
import * as grpc from "@grpc/grpc-js";
import { LanguageRuntimeService, languageHostService } from "./server";

function main(argv: string[]): void {
  const version = process.env["PULUMI_FELDERA_LANGUAGE_HOST_VERSION"] ?? "3.0.0";
  if (argv.includes("--version")) {
    console.log(version);
    return;
  }
  // Flags the CLI may pass (Go's flag syntax: -name=value or -name value); the engine address is the rest.
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (/^--?(tracing|runtime)$/.test(arg)) i++;
    else if (!arg.startsWith("-")) positional.push(arg);
  }
  const server = new grpc.Server({ "grpc.max_receive_message_length": 400 * 1024 * 1024 });
  const host = languageHostService({ version, ...(positional[0] ? { engineAddress: positional[0] } : {}) });
  server.addService(LanguageRuntimeService, host.service);
  server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, port) => {
    if (error) {
      console.error(`could not start language host RPC server: ${error.message}`);
      process.exit(1);
    }
    process.stdout.write(`${port}\n`);
  });
  if (positional[0]) exitWithEngine(positional[0], host.kill);
}

/**
 * Pulumi's host health-checks the engine and exits when it is gone; so does this one: a CLI killed with
 * `kill -9` must not leave its language host running (the program it started is killed with it).
 */
function exitWithEngine(address: string, killChildren: () => void): void {
  const [host, port] = [
    address.slice(0, address.lastIndexOf(":")),
    Number(address.slice(address.lastIndexOf(":") + 1)),
  ];
  const timer = setInterval(() => {
    const socket = connect({ host, port });
    socket.setTimeout(5_000);
    socket.once("connect", () => socket.destroy());
    const gone = () => {
      socket.destroy();
      clearInterval(timer);
      killChildren();
      process.exit(1);
    };
    socket.once("error", gone);
    socket.once("timeout", gone);
  }, 1_000);
  timer.unref();
}

main(process.argv.slice(2));
