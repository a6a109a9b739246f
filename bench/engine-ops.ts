/**
 * The engine stand-in: the calls a `pulumi up` makes for one resource, in the engine's order, through the
 * provider process (check → create; check → diff → update when diff reports changes, nothing more when it
 * does not; delete for a destroy), and a pool that runs operations with bounded parallelism as the engine
 * does under `--parallel`. `olds` are the previous inputs for check and the previous outputs (state) for
 * diff, update and delete, as the dynamic-provider host passes them.
 */
import type { Props } from "./pipelines";
import type { ProviderProcess } from "./provider-host";

export interface ResourceState {
  name: string;
  id: string;
  inputs: Props;
  outs: Props;
}

export interface OpRecord<T> {
  name: string;
  /** Parent clock, just before the first call. */
  dispatchedAt: number;
  /** Provider process clock, when the last call resolved (or failed). */
  returnedAt: number;
  /**
   * The emulator's request log length at dispatch and when the parent saw the result: the operation's
   * requests are within [fromIndex, toIndex). Exact where timestamps are not (two events in one ms).
   */
  fromIndex: number;
  toIndex: number;
  result?: T;
  error?: string;
}

interface CheckResult {
  inputs: Props;
  failures?: { property: string; reason: string }[];
}

async function check(p: ProviderProcess, olds: Props, news: Props): Promise<Props> {
  const { value } = await p.call<CheckResult>("check", olds, news);
  if (value.failures?.length) {
    throw new Error(`check failed: ${value.failures.map((f) => `${f.property}: ${f.reason}`).join("; ")}`);
  }
  return value.inputs;
}

export async function upCreate(
  p: ProviderProcess,
  props: Props,
): Promise<{ state: ResourceState; returnedAt: number }> {
  const inputs = await check(p, {}, props);
  const { value, finishedAt } = await p.call<{ id: string; outs: Props }>("create", inputs);
  return {
    state: { name: String(props["name"]), id: value.id, inputs, outs: value.outs },
    returnedAt: finishedAt,
  };
}

export async function upUpdate(
  p: ProviderProcess,
  state: ResourceState,
  props: Props,
): Promise<{ state: ResourceState; returnedAt: number; changed: boolean }> {
  const inputs = await check(p, state.inputs, props);
  const diff = await p.call<{ changes: boolean }>("diff", state.id, state.outs, inputs);
  if (!diff.value.changes) return { state, returnedAt: diff.finishedAt, changed: false };
  const { value, finishedAt } = await p.call<{ outs: Props }>("update", state.id, state.outs, inputs);
  return { state: { ...state, inputs, outs: value.outs }, returnedAt: finishedAt, changed: true };
}

export async function destroy(p: ProviderProcess, state: ResourceState): Promise<{ returnedAt: number }> {
  const { finishedAt } = await p.call("delete", state.id, state.outs);
  return { returnedAt: finishedAt };
}

/**
 * Runs `op` and records when it was dispatched and when it returned, never throwing. `logLength` is the
 * emulator's request count (the emulator runs in this process, so it is current at both calls).
 */
export async function timed<T extends { returnedAt: number }>(
  name: string,
  logLength: () => number,
  op: () => Promise<T>,
): Promise<OpRecord<T>> {
  const dispatchedAt = Date.now();
  const fromIndex = logLength();
  try {
    const result = await op();
    return { name, dispatchedAt, returnedAt: result.returnedAt, fromIndex, toIndex: logLength(), result };
  } catch (e) {
    const returnedAt = (e as { finishedAt?: number }).finishedAt ?? Date.now();
    const error = e instanceof Error ? e.message : String(e);
    return { name, dispatchedAt, returnedAt, fromIndex, toIndex: logLength(), error };
  }
}

/** Runs `run` over `items` with at most `parallel` at once, starting each as soon as a slot frees. */
export async function runPool<I, O>(
  items: readonly I[],
  parallel: number,
  run: (item: I, index: number) => Promise<O>,
): Promise<O[]> {
  const results = new Array<O>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await run(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, items.length) }, worker));
  return results;
}
