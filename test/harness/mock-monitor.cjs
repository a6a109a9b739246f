/**
 * Preloaded (`node -r`) into the program's process by program.ts, before `@pulumi/pulumi/cmd/run` (the
 * entry point the Node.js language host runs) loads the program. It installs Pulumi's own mocks
 * (`runtime/mocks.js`) and replaces the mock monitor's RegisterResource with a round trip to the parent
 * process over the IPC channel, so the harness engine answers each registration as the real engine's
 * resource monitor does (`pkg/resource/deploy/source_eval.go` `RegisterResource`): with the URN, the id,
 * the outputs after the step (secrets and unknowns in wire form) and a `Result` of SUCCESS or FAIL.
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

  MockMonitor.prototype.registerResourceOutputs = (req, callback) => {
    const outputs = req.getOutputs()?.toJavaScript() ?? {};
    ask({ kind: "outputs", urn: req.getUrn(), outputs }).then(() => callback(null, new Empty()));
  };

  // The engine answers this once every step is done; the mock monitor does not implement it.
  MockMonitor.prototype.signalAndWaitForShutdown = (_req, callback) => callback(null, new Empty());

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
