/**
 * The part of the Feldera client the lifecycle uses. `FelderaClient` satisfies it; naming it here keeps
 * the lifecycle's needs visible in one place and lets tests count or script calls without a server.
 */
import type { BootstrapPolicy, StartInitial } from "../model/status";
import type {
  PatchPipelineBody,
  Pipeline,
  PipelineStats,
  PipelineStatus,
  PostPutPipelineBody,
} from "../model/wire";

export interface PipelineApi {
  getPipeline(name: string): Promise<Pipeline>;
  getPipelineStatus(name: string): Promise<PipelineStatus>;
  listPipelineStatuses(): Promise<PipelineStatus[]>;
  createPipeline(body: PostPutPipelineBody): Promise<Pipeline>;
  patchPipeline(name: string, body: PatchPipelineBody): Promise<Pipeline>;
  deletePipeline(name: string): Promise<void>;
  start(
    name: string,
    opts: { initial: StartInitial; bootstrapPolicy: BootstrapPolicy; dismissError: boolean },
  ): Promise<void>;
  stop(name: string, opts: { force: boolean }): Promise<void>;
  pause(name: string): Promise<void>;
  resume(name: string): Promise<void>;
  approve(name: string): Promise<void>;
  activate(name: string, initial?: "running" | "paused"): Promise<void>;
  clearStorage(name: string): Promise<void>;
  dismissError(name: string): Promise<void>;
  /** The pipeline process's statistics (input connector progress), for health gates. */
  getStats(name: string): Promise<PipelineStats>;
}
