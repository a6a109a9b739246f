/**
 * Preloaded (`node -r`) into the program's process by program.ts, before `@pulumi/pulumi/cmd/run` (the
 * entry point the Node.js language host runs) loads the program. It installs Pulumi's own mocks
 * (`runtime/mocks.js`) and replaces the mock monitor's RegisterResource with a round trip to the parent
 * process over the IPC channel, so the harness engine answers each registration as the real engine's
 * resource monitor does (`pkg/resource/deploy/source_eval.go` `RegisterResource`): with the URN, the id,
 * the outputs after the step (secrets and unknowns in wire form) and a `Result` of SUCCESS or FAIL.
 * ReadResource (a StackReference) makes the same round trip.
 *
 * Settings come from HARNESS_* environment variables; the @pulumi/pulumi used is the program's own.
 */
"use strict";
const path = require("node:path");
const { createRequire } = require("node:module");
const { isMainThread } = require("node:worker_threads");

// ESM programs: Node also preloads this into the module-hooks thread that ts-node's loader runs in.
if (isMainThread) install();

function install() {
  const fromProgram = createRequire(path.join(process.env.HARNESS_PROGRAM_DIR, "package.json"));
  const pulumiDir = path.dirname(fromProgram.resolve("@pulumi/pulumi/package.json"));
  const fromPulumi = createRequire(path.join(pulumiDir, "package.json"));
  const { MockMonitor, setMocks } = fromPulumi("./runtime/mocks");
  const resproto = fromPulumi("./proto/resource_pb");
  const { Struct } = fromPulumi("google-protobuf/google/protobuf/struct_pb");
  const { Empty } = fromPulumi("google-protobuf/google/protobuf/empty_pb");

  // The channel keeps this process alive only while the parent owes an answer, so the program exits
  // as it would under the CLI once its last registration is answered.
  const waiting = new Map();
  let seq = 0;
  process.on("message", (m) => {
    const w = waiting.get(m.seq);
    if (!w) return;
    waiting.delete(m.seq);
    if (waiting.size === 0) process.channel.unref();
    w(m);
  });
  process.channel.unref();
  function ask(message) {
    return new Promise((resolve) => {
      seq += 1;
      waiting.set(seq, resolve);
      process.channel.ref();
      process.send({ ...message, seq });
    });
  }

  MockMonitor.prototype.registerResource = (req, callback) => {
    const registration = {
      type: req.getType(),
      name: req.getName(),
      parent: req.getParent(),
      custom: req.getCustom(),
      inputs: req.getObject()?.toJavaScript() ?? {},
      dependencies: req.getDependenciesList(),
      additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
      ignoreChanges: req.getIgnorechangesList(),
    };
    ask({ kind: "register", registration }).then((answer) => {
      if (answer.error) return callback(new Error(answer.error));
      const resp = new resproto.RegisterResourceResponse();
      resp.setUrn(answer.urn);
      resp.setId(answer.id ?? "");
      resp.setObject(Struct.fromJavaScript(answer.outputs ?? {}));
      resp.setResult(answer.failed ? resproto.Result.FAIL : resproto.Result.SUCCESS);
      callback(null, resp);
    });
  };

  // A read (`get`, a StackReference): the engine answers with the URN and the state it read
  // (`source_eval.go` `ReadResource`). A failed read step fails the deployment, whose monitor then
  // answers UNAVAILABLE ("resource monitor shut down while waiting on step's done channel"), on which
  // the SDK stops sending RPCs (`terminateRpcs`) and the program ends.
  MockMonitor.prototype.readResource = (req, callback) => {
    const read = {
      type: req.getType(),
      name: req.getName(),
      parent: req.getParent(),
      id: req.getId(),
      inputs: req.getProperties()?.toJavaScript() ?? {},
      dependencies: req.getDependenciesList(),
    };
    ask({ kind: "read", read }).then((answer) => {
      if (answer.error || answer.failed) {
        const unavailable = new Error("resource monitor shut down while waiting on step's done channel");
        return callback(Object.assign(unavailable, { code: 14 /* grpc UNAVAILABLE */ }));
      }
      const resp = new resproto.ReadResourceResponse();
      resp.setUrn(answer.urn);
      resp.setProperties(Struct.fromJavaScript(answer.outputs ?? {}));
      callback(null, resp);
    });
  };

  MockMonitor.prototype.registerResourceOutputs = (req, callback) => {
    const outputs = req.getOutputs()?.toJavaScript() ?? {};
    ask({ kind: "outputs", urn: req.getUrn(), outputs }).then(() => callback(null, new Empty()));
  };

  // The engine answers this once every step is done; the mock monitor does not implement it.
  MockMonitor.prototype.signalAndWaitForShutdown = (_req, callback) => callback(null, new Empty());

  // Node's util.inspect(err, { colors: true }) loops until its string outgrows the heap (~30 s here) on a
  // stack frame with no separator after `node_modules/[@scope/]` (nodejs/node#64011, fixed by #64022),
  // and Pulumi's source maps make such frames (`node_modules/@pulumi/output.ts`). Pulumi's
  // `defaultErrorMessage` then falls back to plain inspect: the harness goes there at once.
  const errorModule = fromPulumi("./cmd/run/error");
  const defaultErrorMessage = errorModule.defaultErrorMessage;
  const inspectLoops = /[\\/]node_modules[\\/](?:@[^\\/\n]*[\\/])?[^\\/\n]*$/m;
  errorModule.defaultErrorMessage = (err) =>
    typeof err?.stack === "string" && inspectLoops.test(err.stack)
      ? require("node:util").inspect(err)
      : defaultErrorMessage(err);

  setMocks(
    {
      newResource: (args) => ({ id: `${args.name}_id`, state: args.inputs }),
      call: (args) => {
        throw new Error(`the harness does not implement invoke ${args.token}`);
      },
    },
    process.env.HARNESS_PROJECT,
    process.env.HARNESS_STACK,
    process.env.HARNESS_DRY_RUN === "true",
  );
}
