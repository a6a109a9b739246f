/**
 * The background compiler (docs/feldera/compilation.md). Any pipeline in `Pending` whose resources are `Stopped`
 * (desired may be `Provisioned`: early start) is compiled without a client asking:
 *
 *   Pending ──▶ CompilingSql ──compileSqlMs──▶ SqlCompiled ──▶ CompilingRust ──compileRustMs──▶ Success
 *                     │                                             │
 *                     ├──▶ SqlError     (SYNTAX_ERROR, checker)      └──▶ RustError (udf_rust has RUST_ERROR)
 *                     └──▶ SystemError  (SYSTEM_ERROR)
 *
 * Every step is guarded by `program_version` (docs/feldera/compilation.md#program-status): an edit mid-compile moves the pipeline back to
 * `Pending` with a new version, the stale step finds a different version and is dropped, and the new
 * version compiles from the start. Pipelines compile in parallel (the real server has one SQL and one
 * Rust worker; serialising would make a 500-pipeline benchmark measure the emulator, not the client).
 * After each terminal step the runner is told, for early start (docs/feldera/deployment-and-stop.md#start).
 */

import { emptyProgramError, type PipelineState, setProgramStatus } from "./pipeline-state";
import type { PipelineStore } from "./pipeline-store";
import { analyzeProgram } from "./sql/analyze";
import { buildProgramInfo } from "./sql/program-info";

const RUST_MARKER = "RUST_ERROR";

/** Schedules compilation if `p` is waiting for it. Safe to call at any time. */
export function kickCompiler(store: PipelineStore, p: PipelineState): void {
  if (p.programStatus !== "Pending" || p.resourcesStatus !== "Stopped") return;
  step(store, p, 0, (q) => startSql(store, q));
}

/** Runs `fn` after `delayMs` if the pipeline still exists with the same program version. */
function step(store: PipelineStore, p: PipelineState, delayMs: number, fn: (p: PipelineState) => void): void {
  const { id, programVersion } = p;
  store.scheduler.schedule(`${id}/program`, delayMs, () => {
    const current = store.findById(id);
    // Program status writes need resources Stopped (ProgramStatusUpdateRestrictedToStopped, docs/feldera/compilation.md#program-status).
    if (!current || current.programVersion !== programVersion || current.resourcesStatus !== "Stopped")
      return;
    fn(current);
  });
}

function startSql(store: PipelineStore, p: PipelineState): void {
  setProgramStatus(p, "CompilingSql", store.now());
  store.changed(p);
  step(store, p, store.delays.compileSqlMs, (q) => finishSql(store, q));
}

function finishSql(store: PipelineStore, p: PipelineState): void {
  const analysis = analyzeProgram(p.programCode);
  const now = store.now();
  if (analysis.outcome === "system-error") {
    p.programError = { ...p.programError, system_error: analysis.error };
    setProgramStatus(p, "SystemError", now);
    settle(store, p);
    return;
  }
  if (analysis.outcome === "sql-error") {
    p.programError = {
      ...emptyProgramError(),
      sql_compilation: { exit_code: analysis.exitCode, messages: analysis.messages },
    };
    p.programInfo = null;
    setProgramStatus(p, "SqlError", now);
    settle(store, p);
    return;
  }
  p.programError = { ...emptyProgramError(), sql_compilation: { exit_code: 0, messages: analysis.warnings } };
  p.programInfo = buildProgramInfo(analysis.relations, analysis.functions);
  setProgramStatus(p, "SqlCompiled", now);
  store.changed(p);
  step(store, p, 0, (q) => startRust(store, q));
}

function startRust(store: PipelineStore, p: PipelineState): void {
  setProgramStatus(p, "CompilingRust", store.now());
  store.changed(p);
  step(store, p, store.delays.compileRustMs, (q) => finishRust(store, q));
}

function finishRust(store: PipelineStore, p: PipelineState): void {
  const failed = p.udfRust.includes(RUST_MARKER);
  p.programError = {
    ...p.programError,
    rust_compilation: failed
      ? { exit_code: 101, stdout: "", stderr: cargoFailure(p.udfRust) }
      : { exit_code: 0, stdout: "", stderr: cargoSuccess(store.delays.compileRustMs) },
  };
  setProgramStatus(p, failed ? "RustError" : "Success", store.now());
  settle(store, p);
}

function settle(store: PipelineStore, p: PipelineState): void {
  store.changed(p);
  store.programSettled(p);
}

/** What cargo prints when a UDF does not compile, pointing at the marker. */
function cargoFailure(udfRust: string): string {
  const lines = udfRust.split("\n");
  const index = lines.findIndex((l) => l.includes(RUST_MARKER));
  const lineNo = index + 1;
  const column = lines[index]!.indexOf(RUST_MARKER) + 1;
  const gutter = " ".repeat(String(lineNo).length);
  return [
    "   Compiling feldera-udf v0.1.0 (/work/crates/udf)",
    `error[E0425]: cannot find value \`${RUST_MARKER}\` in this scope`,
    `${gutter}--> crates/udf/src/lib.rs:${lineNo}:${column}`,
    `${gutter} |`,
    `${lineNo} | ${lines[index]}`,
    `${gutter} | ${" ".repeat(column - 1)}${"^".repeat(RUST_MARKER.length)} not found in this scope`,
    "",
    "For more information about this error, try `rustc --explain E0425`.",
    "error: could not compile `feldera-udf` (lib) due to 1 previous error",
    "",
  ].join("\n");
}

function cargoSuccess(ms: number): string {
  return [
    "   Compiling feldera-udf v0.1.0 (/work/crates/udf)",
    "   Compiling pipeline v0.1.0 (/work/crates/pipeline)",
    `    Finished \`release\` profile [optimized] target(s) in ${(ms / 1000).toFixed(2)}s`,
    "",
  ].join("\n");
}
