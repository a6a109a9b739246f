/**
 * Where a provider instance gets its Feldera client.
 *
 * Credentials are read at run time, never captured: `configure` (called once by the dynamic-provider host
 * per distinct serialized provider, with the whole stack config, secrets unwrapped) resolves the
 * connection and keeps it on that provider instance, under a symbol, in memory only; one client (one
 * keep-alive pool, one feature detection) then serves every resource of the deployment. Used directly,
 * without configure, `pipelineProvider` reads the environment on each call and closes its client after.
 */
import { type ConnectionSettings, clientOptionsFrom, FelderaClient, resolveConnection } from "../client";
import type { ServerFeatures } from "../client/features";
import { type ProgressSink, stderrSink } from "../lifecycle/progress";
import { StageTimings } from "../lifecycle/stage-timings";

const STATE: unique symbol = Symbol.for("pulumi-feldera.provider-state") as never;

interface ProviderState {
  /** Or why there are none: kept, not thrown, so a preview that needs no server still works. */
  settings: ConnectionSettings | Error;
  progress: ProgressSink;
  timings: StageTimings;
  client?: FelderaClient;
}

type Instance = { [STATE]?: ProviderState } | undefined;

/** The host's `ConfigureRequest.config`: fully qualified keys, secrets already unwrapped. */
export interface StackConfig {
  get(key: string): string | undefined;
}

export function configureInstance(
  self: unknown,
  config: StackConfig,
  progress: ProgressSink = stderrSink,
): void {
  let settings: ConnectionSettings | Error;
  try {
    settings = resolveConnection({ stackConfig: (key) => config.get(key), env: process.env });
  } catch (e) {
    settings = e instanceof Error ? e : new Error(String(e));
  }
  (self as Exclude<Instance, undefined>)[STATE] = { settings, progress, timings: new StageTimings() };
}

export interface Connection {
  client: FelderaClient;
  features: ServerFeatures;
  /** Where waits narrate (stderr, which the Pulumi CLI shows for dynamic providers). */
  progress: ProgressSink;
  /** Stage durations learnt by this provider instance's earlier waits. */
  timings: StageTimings;
}

export async function withConnection<T>(self: unknown, use: (c: Connection) => Promise<T>): Promise<T> {
  const state = (self as Instance)?.[STATE];
  if (state) {
    if (state.settings instanceof Error) throw state.settings;
    state.client ??= new FelderaClient(clientOptionsFrom(state.settings, { onWarning: warn }));
    return use({
      client: state.client,
      features: await state.client.features(),
      progress: state.progress,
      timings: state.timings,
    });
  }
  const client = new FelderaClient(
    clientOptionsFrom(resolveConnection({ env: process.env }), { onWarning: warn }),
  );
  try {
    return await use({
      client,
      features: await client.features(),
      progress: stderrSink,
      timings: new StageTimings(),
    });
  } finally {
    await client.close();
  }
}

function warn(message: string): void {
  process.stderr.write(`feldera: warning: ${message}\n`);
}
