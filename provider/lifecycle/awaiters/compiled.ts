/**
 * Compiled. Done when:
 *  1. `program_status` is `Success`, and
 *  2. `program_version` is at least the version our last write produced (a Success of an older version
 *     is the previous program's result, docs/feldera/compilation.md#program-status: results of stale versions are discarded by the server).
 * Terminal: `SqlError`, `RustError` or `SystemError` at that version → CompileError carrying the
 * compiler's output, read with `selector=all` because the status shape has no `program_error`.
 * Pending: `Pending`, `CompilingSql`, `SqlCompiled`, `CompilingRust`, or an older version.
 * Compilation has no server-side timeout (docs/feldera/compilation.md#when-compilation-runs): `timeouts.compile` is the only bound.
 */
import { formatProgramError } from "../../model/program-errors";
import { FAILED_PROGRAM_STATUSES, type ProgramStatus } from "../../model/status";
import type { Pipeline } from "../../model/wire";
import { CompileError } from "../errors";
import type { Condition } from "../wait";

export function compiled(
  pipeline: string,
  minProgramVersion: number,
  readFull: () => Promise<Pipeline>,
): Condition {
  return {
    waitingFor: "compile",
    timeoutInput: "timeouts.compile",
    classify(s) {
      const version = s.program_version ?? minProgramVersion;
      if (version < minProgramVersion)
        return { kind: "pending", status: `waiting for program version ${minProgramVersion}` };
      if (s.program_status === "Success") return { kind: "done" };
      if (FAILED_PROGRAM_STATUSES.includes(s.program_status as ProgramStatus)) {
        return { kind: "fail", error: () => compileError(pipeline, readFull) };
      }
      return { kind: "pending", status: s.program_status };
    },
    stage: (s) => ({ key: `compile:${s.program_status}`, since: s.program_status_since }),
  };
}

/** The CompileError for a pipeline whose program failed, with the compiler output read from the server. */
export async function compileError(
  pipeline: string,
  readFull: () => Promise<Pipeline>,
): Promise<CompileError> {
  const full = await readFull();
  return new CompileError({
    pipeline,
    programStatus: full.program_status,
    details: formatProgramError(full.program_status, full.program_error),
  });
}
