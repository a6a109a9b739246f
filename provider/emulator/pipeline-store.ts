/**
 * The store of one emulator instance — what Feldera keeps in its database: pipelines by name and by id,
 * the platform it pretends to be (version, edition, and the behaviours of that version), its clock, timers
 * and listeners. Everything hangs off an instance, so emulators in one process never share state
 * (CONTRIBUTING: no module-scope mutable state).
 *
 * The compiler and the runner are background tasks over this store, as on the server. The runner starts
 * the compiler (after a stop); the compiler reports a finished compile to the runner through
 * `programSettled` (for an early start), given at construction, so that neither module imports the other.
 */
import { type Behaviours, behavioursOf, parseVersion } from "../model/versions";
import { UuidV7Generator } from "./ids";
import type { PipelineState } from "./pipeline-state";
import { Scheduler } from "./scheduler";
import { serializePipeline } from "./serialize";
import type { Settings } from "./settings";
import { syncStats } from "./stats";
import type { StageDelays } from "./types";

export type TransitionListener = (name: string, pipeline: unknown) => void;

export class PipelineStore {
  private readonly byName = new Map<string, PipelineState>();
  /** Insertion order is creation order, which is id order (UUID v7): the list order of docs/feldera/pipeline-object.md#fields. */
  private readonly byId = new Map<string, PipelineState>();
  private readonly listeners = new Set<TransitionListener>();
  readonly ids = new UuidV7Generator();
  readonly startedAt = new Date().toISOString();
  readonly scheduler: Scheduler;
  delays: StageDelays;
  version: string;
  /** What a server of `version` does (docs/feldera/versions.md): every legacy branch reads one of these. */
  behaviours: Behaviours;

  constructor(
    readonly settings: Settings,
    /** Called when a program status has settled (compiled or failed): the runner's cue for an early start. */
    readonly programSettled: (p: PipelineState) => void,
  ) {
    this.delays = { ...settings.delays };
    this.version = settings.version;
    this.behaviours = behavioursOf(parseVersion(settings.version)!);
    this.scheduler = new Scheduler(() => settings.timeScale);
  }

  get edition(): "enterprise" | "open-source" {
    return this.settings.edition;
  }

  /**
   * What pipelines record as `platform_version` (docs/feldera/pipeline-object.md#fields): the version, plus `+enterprise` on the Enterprise
   * edition (config.rs `default_platform_version`), so it differs from `GET /v0/config`'s `version`.
   */
  get platformVersion(): string {
    return this.edition === "enterprise" ? `${this.version}+enterprise` : this.version;
  }

  /** RFC 3339 with milliseconds; fixed width, so timestamps also compare as strings. */
  now(): string {
    return new Date().toISOString();
  }

  setPlatformVersion(version: string): void {
    this.version = version;
    this.behaviours = behavioursOf(parseVersion(version)!);
  }

  list(): PipelineState[] {
    return [...this.byId.values()];
  }

  find(name: string): PipelineState | undefined {
    return this.byName.get(name);
  }

  findById(id: string): PipelineState | undefined {
    return this.byId.get(id);
  }

  insert(p: PipelineState): void {
    this.byName.set(p.name, p);
    this.byId.set(p.id, p);
  }

  rename(p: PipelineState, name: string): void {
    this.byName.delete(p.name);
    p.name = name;
    this.byName.set(name, p);
  }

  remove(p: PipelineState): void {
    this.byName.delete(p.name);
    this.byId.delete(p.id);
    for (const timer of ["program", "deployment", "storage"]) this.scheduler.cancel(`${p.id}/${timer}`);
  }

  onTransition(listener: TransitionListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Call after every observable change of `p`. Settles the process's `/stats` counters first: they accrue
   * under the conditions in force until this change (stats.ts). Serialises only if someone listens.
   */
  changed(p: PipelineState): void {
    syncStats(this, p);
    if (this.listeners.size === 0) return;
    const snapshot = serializePipeline(p, "all", this.behaviours);
    for (const listener of [...this.listeners]) {
      try {
        listener(p.name, structuredClone(snapshot));
      } catch (e) {
        // A listener's bug must not leave a transition half-applied; it still surfaces, as an uncaught error.
        queueMicrotask(() => {
          throw e;
        });
      }
    }
  }

  close(): void {
    this.scheduler.close();
    this.listeners.clear();
  }
}
