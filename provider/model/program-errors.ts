/**
 * Compiler output rendered for a person reading `pulumi preview`/`up`: one `line:column: type: message`
 * line per error (warnings left out: they do not fail anything), each followed by the server's
 * pre-rendered snippet (docs/feldera/compilation.md#program-error, docs/feldera/compilation.md#sql-error-format). Used for compile waits and for `/v0/validate_program` previews.
 */
import type { ProgramError, SqlCompilationInfo } from "./wire";

const MAX_MESSAGES = 20;
const MAX_RAW_CHARS = 4000;

export function formatSqlMessages(info: SqlCompilationInfo): string {
  const errors = info.messages.filter((m) => !m.warning);
  if (errors.length === 0) return `the SQL compiler exited with code ${info.exit_code} without a message`;
  const lines = errors.slice(0, MAX_MESSAGES).map((m) => {
    const where = m.start_line_number > 0 ? `${m.start_line_number}:${m.start_column}: ` : "";
    const snippet = m.snippet ? `\n${indent(m.snippet.replace(/\n$/, ""))}` : "";
    return `${where}${m.error_type}: ${m.message}${snippet}`;
  });
  if (errors.length > MAX_MESSAGES) lines.push(`… and ${errors.length - MAX_MESSAGES} more errors`);
  return lines.join("\n");
}

/** The details of a failed program status, whichever compiler stage failed. */
export function formatProgramError(status: string, error: ProgramError | null | undefined): string {
  if (status === "SqlError" && error?.sql_compilation) return formatSqlMessages(error.sql_compilation);
  if (status === "RustError" && error?.rust_compilation) {
    const { exit_code, stderr, stdout } = error.rust_compilation;
    return `the Rust compiler exited with code ${exit_code}:\n${indent(tail(stderr || stdout))}`;
  }
  if (status === "SystemError" && error?.system_error) return `system error: ${tail(error.system_error)}`;
  return `program status ${status} (no compiler output available)`;
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((l) => `    ${l}`)
    .join("\n");
}

/** Cargo output can run to megabytes; the end holds the error summary. */
function tail(text: string): string {
  return text.length <= MAX_RAW_CHARS ? text : `…${text.slice(-MAX_RAW_CHARS)}`;
}
