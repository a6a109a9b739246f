/**
 * `startEmulator`: resolves options, builds one instance (store, faults, HTTP server), listens, and
 * returns the `Emulator` handle with its test controls: things a real pipeline does on its own
 * (crashing, failing to provision) that a test needs to trigger at a chosen moment.
 */
import type { AddressInfo } from "node:net";
import { COMPILING_PROGRAM_STATUSES } from "../model/status";
import { parseVersion } from "../model/versions";
import { kickCompiler } from "./compiler";
import { endInput, failInput, stallInputs } from "./connector-controls";
import { type ErrorBody, errorBody } from "./errors";
import { FaultInjector } from "./faults";
import type { PipelineState } from "./pipeline-state";
import { PipelineStore } from "./pipeline-store";
import { resetProgram } from "./pipeline-writes";
import { isDeploymentPending, reconcileDeployment, setUnreachable, toStopping } from "./runner";
import { serializePipeline } from "./serialize";
import { createHttpServer } from "./server";
import { resolveSettings, validateDelays } from "./settings";
import type { Emulator, EmulatorOptions } from "./types";

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const settings = resolveSettings(options);
  const store: PipelineStore = new PipelineStore(settings, (p) => reconcileDeployment(store, p));
  const faults = new FaultInjector(settings.faults, settings.seed);
  const http = createHttpServer(store, faults);
  await new Promise<void>((resolve, reject) => {
    http.server.once("error", reject);
    http.server.listen(settings.port, settings.host, () => {
      http.server.off("error", reject);
      resolve();
    });
  });
  if (settings.refreshTickMs > 0) {
    store.scheduler.every("refresh", settings.refreshTickMs, () => refreshTick(store));
  }
  const { port } = http.server.address() as AddressInfo;
  const host = settings.host.includes(":") ? `[${settings.host}]` : settings.host;
  let closing: Promise<void> | undefined;

  const pipeline = (name: string, control: string): PipelineState => {
    const p = store.find(name);
    if (!p) throw new Error(`emulator.${control}: no pipeline named '${name}'`);
    return p;
  };

  return {
    url: `http://${host}:${port}`,
    port,
    close: () => {
      closing ??= (async () => {
        store.close();
        await http.close();
      })();
      return closing;
    },
    get requests() {
      return http.log.entries;
    },
    clearRequests: () => http.log.clear(),
    addFault: (rule) => faults.add(rule),
    clearFaults: () => faults.clear(),
    setDelays: (delays) => {
      store.delays = { ...store.delays, ...validateDelays(delays) };
    },
    crash: (name, error) => {
      const p = pipeline(name, "crash");
      if (p.resourcesStatus !== "Provisioning" && p.resourcesStatus !== "Provisioned") {
        throw new Error(
          `emulator.crash: pipeline '${name}' is not deployed (resources ${p.resourcesStatus})`,
        );
      }
      const body: ErrorBody = error
        ? { ...error, details: null }
        : { message: "Panic inside the DBSP runtime", error_code: "DbspPanic", details: null };
      toStopping(store, p, body);
    },
    failNextProvisioning: (name, error) => {
      const p = pipeline(name, "failNextProvisioning");
      p.failNextProvisioning = error
        ? { ...error, details: null }
        : errorBody("RunnerProvisionError", { error: "emulated provisioning failure" });
    },
    stallInputs: (name, stalled = true) => stallInputs(store, pipeline(name, "stallInputs"), stalled),
    failInput: (name, endpoint, message, options) =>
      failInput(store, pipeline(name, "failInput"), endpoint, message, options?.fatal ?? true),
    endInput: (name, endpoint) => endInput(store, pipeline(name, "endInput"), endpoint),
    setUnavailable: (name, unavailable = true) => {
      const p = pipeline(name, "setUnavailable");
      if (p.resourcesStatus !== "Provisioned" || (unavailable && isDeploymentPending(store, p))) {
        const state = p.runtimeStatus ?? `resources ${p.resourcesStatus}`;
        throw new Error(`emulator.setUnavailable: pipeline '${name}' is not deployed and settled (${state})`);
      }
      setUnreachable(store, p, unavailable);
    },
    snapshot: (name) => {
      const p = store.find(name);
      // A copy: the serialisation shares objects with the stored state.
      return p && structuredClone(serializePipeline(p, "all", store.behaviours));
    },
    onTransition: (listener) => store.onTransition(listener),
    upgradePlatform: (version) => upgradePlatform(store, version),
  };
}

/** docs/feldera/pipeline-object.md#counters: while Provisioned the runner refreshes details on its own; refresh_version is not drift. */
function refreshTick(store: PipelineStore): void {
  for (const p of store.list()) {
    if (p.resourcesStatus !== "Provisioned") continue;
    p.refreshVersion++;
    store.changed(p);
  }
}

/**
 * docs/feldera/compilation.md#when-compilation-runs: after an upgrade the compiler bumps pipelines still compiling for an older platform (version,
 * program_version and refresh_version +1, back to Pending). Compiled pipelines keep their old platform
 * version until a PUT or `/update_runtime` (docs/feldera/update-rules.md#put-and-rename).
 */
function upgradePlatform(store: PipelineStore, version: string): void {
  if (!parseVersion(version)) throw new TypeError(`emulator.upgradePlatform: '${version}' is not x.y.z`);
  store.setPlatformVersion(version);
  for (const p of store.list()) {
    const stale =
      p.platformVersion !== store.platformVersion && COMPILING_PROGRAM_STATUSES.includes(p.programStatus);
    if (!stale || p.resourcesStatus !== "Stopped") continue;
    p.version++;
    p.refreshVersion++;
    resetProgram(store, p);
    store.changed(p);
    kickCompiler(store, p);
  }
}
