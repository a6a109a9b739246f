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
import { SETTING_NAMES, settingSources } from "../client/config";
import {
  classifyFailure,
  configurationFailure,
  diagnoseConnection,
  type Failure,
  type SettingNamer,
} from "../client/diagnose";
import type { ServerFeatures } from "../client/features";
import { type ProgressSink, stderrSink } from "../lifecycle/progress";
import { StageTimings } from "../lifecycle/stage-timings";

const STATE: unique symbol = Symbol.for("pulumi-feldera.provider-state") as never;

interface ProviderState {
  /** Or why there are none: kept, not thrown, so a preview that needs no server still works. */
  settings: ConnectionSettings | Error;
  /** Where each setting came from (`feldera:apiKey`, `FELDERA_HOST`): names only, for messages. */
  name: SettingNamer;
  progress: ProgressSink;
  timings: StageTimings;
  client?: FelderaClient;
  /** The connection's diagnosis, once per instance: every check of a deployment shares it. */
  verdict?: Promise<Failure | undefined>;
  /** Whether the "no SQL validation on this server" warning was given (once per deployment). */
  warned?: boolean;
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
  const sources = { stackConfig: (key: string) => config.get(key), env: process.env };
  let settings: ConnectionSettings | Error;
  try {
    settings = resolveConnection(sources);
  } catch (e) {
    settings = e instanceof Error ? e : new Error(String(e));
  }
  (self as Exclude<Instance, undefined>)[STATE] = {
    settings,
    name: namer(sources),
    progress,
    timings: new StageTimings(),
  };
}

/** A set setting by where it came from; an unset one by both places it can be set. */
function namer(sources: Parameters<typeof settingSources>[0]): SettingNamer {
  const found = settingSources(sources);
  return (setting) => found[setting] ?? `${SETTING_NAMES[setting].stack} / ${SETTING_NAMES[setting].env}`;
}

/**
 * Why this provider cannot work with its Feldera, or undefined when it can: the same checks as
 * `npx pulumi-feldera doctor` (configuration, reachability, server version, credentials and tenant),
 * so a preview with a wrong key fails at check instead of passing until `pulumi up`.
 */
export async function verifyConnection(self: unknown): Promise<Failure | undefined> {
  const state = (self as Instance)?.[STATE];
  if (state) {
    state.verdict ??= diagnose(
      () => state.settings,
      (s) => clientOf(state, s),
      state.name,
    );
    return state.verdict;
  }
  const sources = { env: process.env };
  let client: FelderaClient | undefined;
  try {
    return await diagnose(
      () => resolveConnection(sources),
      (s) => {
        client = new FelderaClient(clientOptionsFrom(s, { onWarning: warn }));
        return client;
      },
      namer(sources),
    );
  } finally {
    await client?.close();
  }
}

async function diagnose(
  settingsOf: () => ConnectionSettings | Error,
  clientFor: (settings: ConnectionSettings) => FelderaClient,
  name: SettingNamer,
): Promise<Failure | undefined> {
  let settings: ConnectionSettings | Error;
  let client: FelderaClient;
  try {
    settings = settingsOf();
    if (settings instanceof Error) throw settings;
    client = clientFor(settings);
  } catch (e) {
    return configurationFailure(e, name);
  }
  return (await diagnoseConnection(client, settings, name)).failure;
}

/** Once per deployment: true the first time only. */
export function firstWarning(self: unknown): boolean {
  const state = (self as Instance)?.[STATE];
  if (!state) return true;
  const first = !state.warned;
  state.warned = true;
  return first;
}

function clientOf(state: ProviderState, settings: ConnectionSettings): FelderaClient {
  state.client ??= new FelderaClient(clientOptionsFrom(settings, { onWarning: warn }));
  return state.client;
}

export interface Connection {
  client: FelderaClient;
  features: ServerFeatures;
  /** Where waits narrate (stderr, which the Pulumi CLI shows for dynamic providers). */
  progress: ProgressSink;
  /** Stage durations learnt by this provider instance's earlier waits. */
  timings: StageTimings;
  /** A failed request as doctor would explain it, naming the settings as the user set them. */
  explain: (e: unknown) => Failure;
}

export async function withConnection<T>(self: unknown, use: (c: Connection) => Promise<T>): Promise<T> {
  const state = (self as Instance)?.[STATE];
  if (state) {
    if (state.settings instanceof Error) throw state.settings;
    const { settings, name } = state;
    const client = clientOf(state, settings);
    return use({
      client,
      features: await client.features(),
      progress: state.progress,
      timings: state.timings,
      explain: (e) => classifyFailure(e, settings, name),
    });
  }
  const sources = { env: process.env };
  const settings = resolveConnection(sources);
  const client = new FelderaClient(clientOptionsFrom(settings, { onWarning: warn }));
  try {
    return await use({
      client,
      features: await client.features(),
      progress: stderrSink,
      timings: new StageTimings(),
      explain: (e) => classifyFailure(e, settings, namer(sources)),
    });
  } finally {
    await client.close();
  }
}

function warn(message: string): void {
  process.stderr.write(`feldera: warning: ${message}\n`);
}
