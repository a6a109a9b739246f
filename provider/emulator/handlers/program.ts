/**
 * The compiler-backed endpoints (docs/feldera/compilation.md#validate-program, docs/feldera/compilation.md#program-diff): `POST /v0/validate_program` compiles SQL only
 * and always answers 200 with an externally tagged union; `POST /v0/pipelines/{name}/diff` compares the
 * pipeline's compiled program with a proposed one. Both use the same deterministic compiler as the
 * background compilation (sql/analyze.ts), so a marker behaves the same in preview and in deployment.
 */
import { jsonNoCache, type Reply, refuse } from "../reply";
import type { BodySpec } from "../request-parsing";
import { analyzeProgram } from "../sql/analyze";
import { diffPrograms } from "../sql/diff";
import { buildProgramInfo, validationProgramInfo } from "../sql/program-info";
import { isPipeline, pipelineOf, type RequestContext } from "./context";

export const VALIDATE_BODY: BodySpec = {
  struct: "ValidateProgramRequest",
  fields: {
    program_code: { type: "string", required: true },
    runtime_version: { type: "string", nullable: true },
    ir: { type: "bool" },
  },
};

export const DIFF_BODY: BodySpec = {
  struct: "PipelineDiffRequest",
  fields: {
    program_code: { type: "string", nullable: true },
    runtime_version: { type: "string", nullable: true },
  },
};

const RUNTIME_VERSION = /^([0-9a-f]{40}|v\d+\.\d+\.\d+)$/;

/** An invalid selector is a 400; a valid one needs the `runtime_version` unstable feature, which is off. */
function runtimeVersionProblem(runtimeVersion: unknown): Reply | string | undefined {
  if (typeof runtimeVersion !== "string") return undefined;
  if (!RUNTIME_VERSION.test(runtimeVersion)) {
    return refuse("InvalidRuntimeVersion", {
      error: `The requested runtime version '${runtimeVersion}' is neither a valid version (vX.Y.Z) nor a valid git hash.`,
    });
  }
  return `Runtime version '${runtimeVersion}' was requested, but the unstable feature 'runtime_version' is not enabled`;
}

export function validateProgram(ctx: RequestContext): Reply {
  const problem = runtimeVersionProblem(ctx.body["runtime_version"]);
  if (typeof problem === "object") return problem;
  if (typeof problem === "string") return jsonNoCache(200, { SystemError: { error: problem } });
  const analysis = analyzeProgram(ctx.body["program_code"] as string);
  if (analysis.outcome === "system-error")
    return jsonNoCache(200, { SystemError: { error: analysis.error } });
  if (analysis.outcome === "sql-error") {
    return jsonNoCache(200, {
      SqlError: { info: { exit_code: analysis.exitCode, messages: analysis.messages } },
    });
  }
  // Warnings are dropped on success (docs/feldera/oddities.md).
  const info = buildProgramInfo(analysis.relations, analysis.functions);
  return jsonNoCache(200, {
    Success: { program_info: validationProgramInfo(info, ctx.body["ir"] === true) },
  });
}

export function diffPipeline(ctx: RequestContext): Reply {
  const p = pipelineOf(ctx);
  if (!isPipeline(p)) return p;
  if (p.programStatus !== "Success" || p.programInfo === null) {
    return refuse("ProgramNotCompiled", { pipeline_name: p.name });
  }
  const problem = runtimeVersionProblem(ctx.body["runtime_version"]);
  if (typeof problem === "object") return problem;
  if (typeof problem === "string") return refuse("NewProgramCompilationFailed", { error: problem });
  const analysis = analyzeProgram((ctx.body["program_code"] as string | null) ?? p.programCode);
  if (analysis.outcome === "system-error")
    return refuse("NewProgramCompilationFailed", { error: analysis.error });
  if (analysis.outcome === "sql-error") {
    return refuse("InvalidNewProgramSql", { error: JSON.stringify(analysis.messages, null, 2) });
  }
  const proposed = buildProgramInfo(analysis.relations, analysis.functions);
  return jsonNoCache(200, diffPrograms(p.programInfo, proposed));
}
