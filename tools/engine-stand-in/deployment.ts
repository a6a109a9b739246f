/**
 * One operation of the engine stand-in: the previous checkpoint, what has been done so far, the steps and
 * their diagnostics. Each registration, as pulumi/pulumi `pkg/resource/deploy/step_generator.go` and
 * `step.go` handle it:
 *  1. Check(olds = the previous *inputs*, none for a new resource; news = the registered inputs), with
 *     unknowns allowed only in a preview. Failures: the step fails, nothing is sent further.
 *  2. No previous state → Create(checked inputs). A preview does not call the provider (the host does not
 *     support provider previews) and shows the inputs as outputs.
 *  3. Previous state → Diff(old inputs, old *outputs*, checked inputs). Changes, or init errors left by
 *     the last run (`applyReplaceOnChanges` with `hasInitErrors`) → Update(old outputs, checked inputs);
 *     none → Same: checked inputs recorded, id and outputs kept. Replacement is not implemented.
 *  4. ErrorResourceInitFailed from Create or Update → the resource is recorded with the returned id and
 *     properties and its `initErrors`, and the step fails; any other error records nothing new.
 * A read (ReadResource: a StackReference, the only one the harness answers) is a ReadStep: it runs in
 * previews too, and records the resource as `external` with what builtins.ts read; an external resource
 * no longer read is discarded (`DeleteStep` with `old.External`: no provider call).
 * After a program that exited cleanly with no failed step, every resource of the checkpoint it did not
 * register is deleted. The checkpoint is written when each step begins (a pending operation) and ends.
 */
import { randomUUID } from "node:crypto";
import { jsonEqual } from "../../provider/model/json";
import { readStackReference, STACK_REFERENCE } from "./builtins";
import type { Engine, Result } from "./engine";
import type { ProviderHost } from "./host";
import { diffKeys, type StepOp, type StepResult } from "./preview";
import { makeUrn, type Read, type RegisterAnswer, type Registration, runProgram } from "./program";
import { InitFailedError, type ProviderRpc } from "./rpc";
import type { PendingOperation, ResourceState, Snapshot } from "./state";
import { type Props, removeSecrets, UNKNOWN } from "./values";

type Step = { urn: string; type: string; name: string };

const PROVIDER_TYPE = "pulumi:providers:pulumi-nodejs";

/** One operation: the old checkpoint, what has been done so far, the steps and what they said. */
export class Deployment {
  readonly steps: StepResult[] = [];
  readonly diagnostics: string[] = [];
  outputs: Props = {};
  failed = false;
  /** New state by URN (null: deleted); old resources not in here are carried over unchanged. */
  private readonly done = new Map<string, ResourceState | null>();
  private readonly pending = new Set<PendingOperation>();
  private readonly dryRun: boolean;
  private provider: Promise<{ rpc: ProviderRpc; ref: string }> | undefined;
  private clearPendingCreates = false;

  constructor(
    private readonly engine: Engine,
    readonly base: Snapshot,
    private readonly host: Promise<ProviderHost>,
    private readonly kind: Result["operation"],
    /** At most `parallel` resource operations at once (`pulumi up --parallel`). */
    private readonly limit: <T>(fn: () => Promise<T>) => Promise<T>,
  ) {
    this.dryRun = kind === "preview";
  }

  diagnostic(message: string): void {
    this.diagnostics.push(message);
    this.engine.emit({ kind: "diagnostic", message });
  }

  error(e: unknown): void {
    this.failed = true;
    this.diagnostic(`error: ${e instanceof Error ? e.message : String(e)}`);
  }

  /** Old resources in their order (replaced by their new state, or dropped), then the new ones. */
  snapshot(): Snapshot {
    const resources = this.base.resources.flatMap((r) => {
      const d = this.done.get(r.urn);
      return d === undefined ? [r] : d === null ? [] : [d];
    });
    const old = new Set(this.base.resources.map((r) => r.urn));
    for (const [urn, r] of this.done) if (r && !old.has(urn)) resources.push(r);
    // Pending creates of earlier runs stay until a refresh clears them (pkg/backend/snapshot.go).
    const creates = this.base.pendingOperations.filter(
      (op) => op.type === "creating" && !this.clearPendingCreates,
    );
    return { resources, pendingOperations: [...this.pending, ...creates] };
  }

  async runProgram(): Promise<void> {
    const pendingOps = this.base.pendingOperations;
    if (!this.dryRun && pendingOps.length > 0) {
      const list = pendingOps.map((op) => `\n  * ${op.resource.urn}, interrupted while ${op.type}`).join("");
      this.diagnostic(
        `warning: Attempting to deploy or update resources with ${pendingOps.length} pending operations from previous deployment.${list}`,
      );
    }
    const { engine } = this;
    const registered = new Set<string>();
    const code = await runProgram(engine.programRun(this.dryRun), {
      register: (r) => {
        const urn = makeUrn(engine.stack, engine.project, r, this.known());
        registered.add(urn);
        return this.limit(() => this.register(urn, r));
      },
      read: (r) => {
        const urn = makeUrn(engine.stack, engine.project, r, this.known());
        registered.add(urn);
        return this.limit(async () => this.read(urn, r));
      },
      outputs: (urn, outputs) => {
        this.outputs = outputs;
        const stack = this.done.get(urn);
        if (stack) this.done.set(urn, { ...stack, outputs });
      },
      line: (stream, line) => engine.emit({ kind: "program-output", stream, line }),
    });
    // A failed step fails the program's outputs too; the step's error is the one to report.
    if (code !== 0 && !this.failed) this.error(`the program exited with code ${code}`);
    if (this.failed) return;
    const providerUsed = this.provider !== undefined;
    await this.deleteAll(
      this.base.resources.filter((r) => !registered.has(r.urn) && r.type !== PROVIDER_TYPE),
    );
    if (!providerUsed)
      for (const r of this.base.resources) if (r.type === PROVIDER_TYPE) this.done.set(r.urn, null);
  }

  private known(): { urn: string; type: string }[] {
    return [...this.base.resources, ...[...this.done.values()].filter((r) => r !== null)];
  }

  private async register(urn: string, r: Registration): Promise<RegisterAnswer> {
    const old = this.base.resources.find((b) => b.urn === urn);
    const goal: ResourceState = { urn, custom: r.custom, type: r.type, inputs: r.inputs, outputs: {} };
    if (r.parent) goal.parent = r.parent;
    if (!r.custom) {
      // A component has no provider: recorded as declared (the stack's outputs arrive at the end).
      const op = !old ? "create" : jsonEqual(old.inputs, r.inputs) ? "same" : "update";
      this.record(op, goal, { ...goal, outputs: old?.outputs ?? {} });
      return { urn, id: "", outputs: {} };
    }
    const step = { urn, type: r.type, name: r.name };
    const op = old ? "update" : "create";
    try {
      if (!r.type.startsWith("pulumi-nodejs:dynamic/"))
        throw new Error(`the harness drives dynamic resources only`);
      const { rpc, ref } = await this.ensureProvider();
      goal.provider = ref;
      const checked = await rpc.check(urn, old?.inputs ?? {}, r.inputs, this.dryRun);
      if (checked.failures.length > 0) {
        const reasons = checked.failures.map(
          (f) => `${r.type} resource '${r.name}': property ${f.property} has a problem: ${f.reason}`,
        );
        return this.fail(step, op, diffKeys(old?.inputs, r.inputs), reasons.join("\n"));
      }
      goal.inputs = checked.inputs;
      if (!old) return await this.mutate(step, "create", goal, undefined, () => rpc.create(urn, goal.inputs));
      const id = old.id!;
      const diff = await rpc.diff(urn, id, old.inputs, old.outputs, goal.inputs, this.dryRun);
      if (diff.replaces.length > 0)
        throw new Error(`replacement (${diff.replaces.join(", ")}) is not implemented by the harness`);
      // DIFF_UNKNOWN: the engine diffs the inputs itself, secrets unwrapped (`diffResource`).
      const changed =
        diff.changes === "some" ||
        (diff.changes === "unknown" && !jsonEqual(removeSecrets(old.inputs), removeSecrets(goal.inputs)));
      if (!changed && !old.initErrors?.length) {
        this.record("same", goal, { ...goal, id, outputs: old.outputs });
        return { urn, id, outputs: old.outputs };
      }
      const update = () => rpc.update(urn, id, old.inputs, old.outputs, goal.inputs);
      return await this.mutate(step, "update", { ...goal, id }, old, update);
    } catch (e) {
      return this.fail(step, op, "", e);
    }
  }

  /**
   * `ReadStep.Apply`: the provider's Read (here the builtin provider's, for a StackReference) with the
   * registered inputs as state, even in a preview; an unknown id reads nothing.
   */
  private read(urn: string, r: Read): RegisterAnswer {
    const goal: ResourceState = {
      urn,
      custom: true,
      external: true,
      id: r.id,
      type: r.type,
      inputs: r.inputs,
      outputs: {},
    };
    if (r.parent) goal.parent = r.parent;
    try {
      if (r.type !== STACK_REFERENCE) throw new Error(`the harness reads stack references only`);
      const outputs =
        r.id === UNKNOWN
          ? {}
          : readStackReference(this.engine.options.stateDir, this.engine.project, r.inputs);
      this.record("read", goal, { ...goal, outputs });
      return { urn, id: r.id, outputs };
    } catch (e) {
      return this.fail(stepOf(goal), "read", "", e);
    }
  }

  /** A create or update: a pending operation while it runs; in a preview, no call and inputs as outputs. */
  private async mutate(
    step: Step,
    op: "create" | "update",
    goal: ResourceState,
    old: ResourceState | undefined,
    call: () => Promise<{ id?: string; outputs: Props }>,
  ): Promise<RegisterAnswer> {
    const diff = diffKeys(old?.inputs, goal.inputs);
    if (this.dryRun) {
      this.record(op, goal, { ...goal, outputs: goal.inputs }, diff);
      return { urn: goal.urn, id: goal.id ?? "", outputs: goal.inputs };
    }
    return this.pendingWhile(op === "create" ? "creating" : "updating", old ?? goal, async () => {
      try {
        const res = await call();
        const state = { ...goal, id: res.id ?? goal.id!, outputs: res.outputs };
        this.record(op, goal, state, diff);
        return { urn: goal.urn, id: state.id, outputs: state.outputs };
      } catch (e) {
        if (!(e instanceof InitFailedError)) return this.fail(step, op, diff, e);
        // A failed update keeps the inputs it had (checked against the real CLI: the next preview diffs the
        // program against them); a failed create has none but the new ones.
        const inputs = op === "update" && old ? old.inputs : goal.inputs;
        const state = { ...goal, inputs, id: e.id || goal.id!, outputs: e.properties, initErrors: e.reasons };
        this.done.set(goal.urn, state);
        return { ...this.fail(step, op, diff, e), id: state.id, outputs: state.outputs };
      }
    });
  }

  /** The journal: the operation is in the checkpoint while it runs, so a crash leaves it there. */
  private async pendingWhile<T>(
    type: PendingOperation["type"],
    resource: ResourceState,
    run: () => Promise<T>,
  ): Promise<T> {
    this.engine.emit({
      kind: "step-start",
      urn: resource.urn,
      op: type === "creating" ? "create" : type === "updating" ? "update" : "delete",
    });
    const op: PendingOperation = { type, resource };
    this.pending.add(op);
    this.engine.persist(this.snapshot());
    try {
      return await run();
    } finally {
      this.pending.delete(op);
      this.engine.persist(this.snapshot());
    }
  }

  async deleteAll(resources: ResourceState[]): Promise<void> {
    // Dependents first: custom resources (children of the stack) at once, then providers and components.
    const customs = resources.filter((r) => r.custom && r.type !== PROVIDER_TYPE).reverse();
    await Promise.all(customs.map((r) => this.limit(() => this.deleteOne(r))));
    if (this.failed) return;
    for (const r of resources.filter((x) => !customs.includes(x)).reverse()) this.record("delete", r, null);
  }

  private async deleteOne(r: ResourceState): Promise<void> {
    if (r.external) return this.record("discard", r, null);
    if (this.dryRun) return this.record("delete", r, null);
    try {
      const { rpc } = await this.ensureProvider();
      await this.pendingWhile("deleting", r, () => rpc.delete(r.urn, r.id!, r.inputs, r.outputs));
      this.record("delete", r, null);
    } catch (e) {
      this.fail(stepOf(r), "delete", "", e);
    }
  }

  /**
   * `RefreshStep`: Read(id, inputs, outputs) runs the state's own `__provider`; an empty id means the
   * resource is gone. The engine then diffs the program's last inputs against what was read, to show
   * drift: a refresh that finds some shows as an update, here with the outputs that changed.
   */
  async refreshAll(clearPendingCreates: boolean): Promise<void> {
    this.clearPendingCreates = clearPendingCreates;
    const customs = this.base.resources.filter((r) => r.custom && r.type !== PROVIDER_TYPE);
    await Promise.all(customs.map((r) => this.limit(() => this.refreshOne(r))));
  }

  private async refreshOne(r: ResourceState): Promise<void> {
    try {
      if (r.external) {
        const outputs = readStackReference(this.engine.options.stateDir, this.engine.project, r.inputs);
        const state = { ...r, outputs };
        return this.record(jsonEqual(r.outputs, outputs) ? "same" : "update", state, state);
      }
      const { rpc } = await this.ensureProvider();
      const read = await rpc.read(r.urn, r.id!, r.inputs, r.outputs);
      if (read.id === "") return this.record("delete", r, null);
      const { initErrors: _cleared, ...rest } = r;
      const state: ResourceState = {
        ...rest,
        id: read.id,
        outputs: read.outputs,
        inputs: read.inputs ?? r.inputs,
      };
      // As the CLI reports a refresh: "update" where what was read differs from what was recorded, else
      // "same" (checked against the real CLI); the row's diff lists the outputs that changed.
      const changed = !jsonEqual(r.outputs, read.outputs);
      this.record(changed ? "update" : "same", state, state, diffKeys(r.outputs, read.outputs));
    } catch (e) {
      this.fail(stepOf(r), "refresh", "", e);
    }
  }

  /** The default provider: its inputs are the whole stack config; configured once per operation. */
  private ensureProvider(): Promise<{ rpc: ProviderRpc; ref: string }> {
    this.provider ??= (async () => {
      const { rpc } = await this.host;
      const urn = `urn:pulumi:${this.engine.stack}::${this.engine.project}::${PROVIDER_TYPE}::default`;
      const id = this.base.resources.find((r) => r.urn === urn)?.id ?? randomUUID();
      const inputs = this.engine.qualifiedConfig();
      await rpc.handshake(this.engine.options.programDir);
      await rpc.configure(inputs, urn, id);
      if (this.kind !== "destroy")
        this.done.set(urn, { urn, custom: true, id, type: PROVIDER_TYPE, inputs, outputs: inputs });
      return { rpc, ref: `${urn}::${id}` };
    })();
    return this.provider;
  }

  private record(op: StepOp, goal: ResourceState, state: ResourceState | null, diff = ""): void {
    this.done.set(goal.urn, state);
    if (goal.type === PROVIDER_TYPE) return;
    const step: StepResult = { ...stepOf(goal), op, diff, status: "ok" };
    this.steps.push(step);
    this.engine.emit({ kind: "step-done", step });
  }

  private fail(step: Step, op: StepOp, diff: string, e: unknown): RegisterAnswer {
    const error = e instanceof Error ? e.message : String(e);
    const result: StepResult = { ...step, op, diff, status: "failed", error };
    this.steps.push(result);
    this.error(`${step.urn}: ${op} failed: ${error}`);
    this.engine.emit({ kind: "step-done", step: result });
    return { urn: step.urn, id: "", outputs: {}, failed: true };
  }
}

function stepOf(r: ResourceState): Step {
  return { urn: r.urn, type: r.type, name: r.urn.split("::").at(-1)! };
}
