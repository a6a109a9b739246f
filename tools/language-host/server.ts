/**
 * A Node.js language host for the real `pulumi` CLI: the `pulumirpc.LanguageRuntime` service, served on a
 * port the kernel picks and printed as the first line of stdout, as every Pulumi plugin does.
 *
 * Why it exists: Pulumi's own `pulumi-language-nodejs` is a Go module with no tags, and the module proxy
 * this project's machines reach does not serve it (scripts/install-pulumi tries it first and says so).
 * Everything else the CLI runs is Pulumi's own: the engine, the state, the display, the dynamic-provider
 * host and the SDK's `cmd/run`, which this host starts with the command line and environment Pulumi's host
 * builds (program-command.ts). What it leaves out, and why that does not change what our tests observe:
 *  - the resource-monitor proxy and the `--sync` pipes: the program talks to the engine's monitor directly
 *    (the proxy only forwards), and without `--sync` the SDK does its invokes asynchronously;
 *  - plugin discovery (GetRequiredPackages lists none): the only plugin a dynamic provider needs,
 *    `pulumi-resource-pulumi-nodejs`, is found on PATH, and automatic acquisition is off;
 *  - the policy-pack proxy: a pack is started as before Pulumi 3.221 (its own analyzer server, configured by
 *    the engine's ConfigureStack), which @pulumi/policy still serves;
 *  - InstallDependencies, code generation, packing and linking (`pulumi install`, `new`, `convert`,
 *    `package`), debugging and the bun runtime.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { dirname } from "node:path";
import * as grpc from "@grpc/grpc-js";
import { LanguageRuntimeService } from "@pulumi/pulumi/proto/language_grpc_pb";
import * as pb from "@pulumi/pulumi/proto/language_pb";
import { PluginInfo } from "@pulumi/pulumi/proto/plugin_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import {
  locateSdkModule,
  parseRuntimeOptions,
  programArguments,
  programConfigEnv,
  runtimeEnv,
} from "./program-command";

/** The SDK's exit code for "an actionable message was already shown": the engine must print nothing more. */
const EXITED_AFTER_MESSAGE = 32;

type Callback<T> = (error: grpc.ServiceError | null, value?: T) => void;

function unimplemented<T>(name: string) {
  return (_call: unknown, callback: Callback<T>) =>
    callback({
      code: grpc.status.UNIMPLEMENTED,
      details: `${name} is not implemented by this host`,
    } as grpc.ServiceError);
}

export interface LanguageHostOptions {
  /** The engine's address, the host's first argument (Handshake may replace it). */
  engineAddress?: string;
  /** Reported by GetPluginInfo. */
  version: string;
}

export interface LanguageHost {
  service: grpc.UntypedServiceImplementation;
  /** Kills every program and plugin this host started (the engine is gone). */
  kill(): void;
}

export function languageHostService(options: LanguageHostOptions): LanguageHost {
  let engineAddress = options.engineAddress;
  const children = new Set<ChildProcess>();
  const track = (child: ChildProcess) => {
    children.add(child);
    child.on("exit", () => children.delete(child));
    return child;
  };

  const kill = () => {
    for (const child of children) child.kill("SIGKILL");
  };
  const service: grpc.UntypedServiceImplementation = {
    handshake(
      call: grpc.ServerUnaryCall<pb.LanguageHandshakeRequest, pb.LanguageHandshakeResponse>,
      cb: Callback<pb.LanguageHandshakeResponse>,
    ) {
      engineAddress = call.request.getEngineAddress() || engineAddress;
      cb(null, new pb.LanguageHandshakeResponse());
    },
    getPluginInfo(_call: unknown, cb: Callback<PluginInfo>) {
      cb(null, new PluginInfo().setVersion(options.version));
    },
    getRequiredPlugins(_call: unknown, cb: Callback<pb.GetRequiredPluginsResponse>) {
      cb(null, new pb.GetRequiredPluginsResponse());
    },
    getRequiredPackages(_call: unknown, cb: Callback<pb.GetRequiredPackagesResponse>) {
      cb(null, new pb.GetRequiredPackagesResponse());
    },
    about(_call: unknown, cb: Callback<pb.AboutResponse>) {
      cb(null, new pb.AboutResponse().setExecutable(process.execPath).setVersion(process.version));
    },
    getProgramDependencies(_call: unknown, cb: Callback<pb.GetProgramDependenciesResponse>) {
      cb(null, new pb.GetProgramDependenciesResponse());
    },
    run(call: grpc.ServerUnaryCall<pb.RunRequest, pb.RunResponse>, cb: Callback<pb.RunResponse>) {
      const req = call.request;
      const info = req.getInfo();
      const programDirectory = info?.getProgramDirectory() || req.getPwd();
      let args: string[];
      let env: NodeJS.ProcessEnv;
      try {
        const runtime = parseRuntimeOptions(
          (info?.getOptions()?.toJavaScript() ?? {}) as Record<string, unknown>,
        );
        args = programArguments(
          locateSdkModule("cmd/run", programDirectory),
          {
            monitor: req.getMonitorAddress(),
            ...(engineAddress ? { engine: engineAddress } : {}),
            organization: req.getOrganization(),
            project: req.getProject(),
            rootDirectory: info?.getRootDirectory() ?? "",
            stack: req.getStack(),
            programDirectory,
            entryPoint: info?.getEntryPoint() || req.getProgram() || ".",
            dryRun: req.getDryrun(),
            parallel: req.getParallel(),
            args: req.getArgsList(),
          },
          runtime,
        );
        env = {
          ...process.env,
          ...programConfigEnv(new Map(req.getConfigMap().toArray()), req.getConfigsecretkeysList()),
          ...runtimeEnv(runtime),
        };
      } catch (e) {
        cb(null, new pb.RunResponse().setError((e as Error).message));
        return;
      }
      const child = track(spawn(process.execPath, args, { env, stdio: ["ignore", "inherit", "inherit"] }));
      call.on("cancelled", () => child.kill("SIGINT"));
      child.on("error", (e) =>
        cb(
          null,
          new pb.RunResponse().setError(
            `Problem executing program (could not run language executor): ${e.message}`,
          ),
        ),
      );
      child.on("exit", (code, signal) => {
        const res = new pb.RunResponse();
        if (code === EXITED_AFTER_MESSAGE) res.setBail(true);
        else if (code !== 0) res.setError(`Program exited with non-zero exit code: ${code ?? signal}`);
        cb(null, res);
      });
    },
    runPlugin(call: grpc.ServerWritableStream<pb.RunPluginRequest, pb.RunPluginResponse>) {
      const req = call.request;
      const info = req.getInfo();
      const programDirectory = info?.getProgramDirectory() || dirname(req.getProgram());
      const fail = (message: string) =>
        call.destroy(Object.assign(new Error(message), { code: grpc.status.UNKNOWN }));
      let args: string[];
      let env: NodeJS.ProcessEnv;
      try {
        const runtime = parseRuntimeOptions(
          (info?.getOptions()?.toJavaScript() ?? {}) as Record<string, unknown>,
        );
        const analyzer = req.getKind() === "analyzer";
        const runPath = locateSdkModule(
          analyzer ? "cmd/run-policy-pack" : "cmd/run-plugin",
          programDirectory,
        );
        // A policy pack gets its directory after the engine's arguments; a plugin before them.
        const rest = analyzer
          ? [...req.getArgsList(), programDirectory]
          : [programDirectory, ...req.getArgsList()];
        args = [runPath, ...runtime.nodeargs, ...rest];
        env = {
          ...Object.fromEntries(
            req.getEnvList().map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)]),
          ),
          ...runtimeEnv(runtime),
        };
        if (!req.getEnvList().some((kv) => kv.startsWith("PATH="))) env["PATH"] = process.env["PATH"];
      } catch (e) {
        fail((e as Error).message);
        return;
      }
      const cwd = req.getKind() === "analyzer" ? programDirectory : req.getPwd() || programDirectory;
      const child = track(spawn(process.execPath, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] }));
      call.on("cancelled", () => child.kill("SIGINT"));
      child.stdout!.on("data", (chunk: Buffer) => call.write(new pb.RunPluginResponse().setStdout(chunk)));
      child.stderr!.on("data", (chunk: Buffer) => call.write(new pb.RunPluginResponse().setStderr(chunk)));
      child.on("error", (e) => fail(e.message));
      child.on("close", (code) => {
        call.write(new pb.RunPluginResponse().setExitcode(code ?? 1));
        call.end();
      });
    },
    cancel(_call: unknown, cb: Callback<Empty>) {
      for (const child of children) child.kill("SIGINT");
      cb(null, new Empty());
    },
    installDependencies: unimplemented("InstallDependencies"),
    runtimeOptionsPrompts(_call: unknown, cb: Callback<pb.RuntimeOptionsResponse>) {
      cb(null, new pb.RuntimeOptionsResponse());
    },
    template: unimplemented("Template"),
    generateProgram: unimplemented("GenerateProgram"),
    generateProject: unimplemented("GenerateProject"),
    generatePackage: unimplemented("GeneratePackage"),
    pack: unimplemented("Pack"),
    link: unimplemented("Link"),
  };
  return { kill, service };
}

export { LanguageRuntimeService };
