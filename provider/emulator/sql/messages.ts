/**
 * `SqlCompilerMessage`s as Feldera's SQL compiler emits them (docs/feldera/compilation.md#program-error): a 1-based source range, a short
 * `error_type`, a message, and a pre-rendered snippet: the line(s) prefixed with a 5-wide line number and
 * `|`, a `^^^` marker under a single-line range, one line of context after it (or before it, when the
 * range is on the last line), always ending with a newline.
 */
import type { Position } from "./lexer";

export interface SqlCompilerMessage {
  start_line_number: number;
  start_column: number;
  end_line_number: number;
  end_column: number;
  warning: boolean;
  error_type: string;
  message: string;
  snippet: string | null;
}

export interface MessageInput {
  start: Position;
  end: Position;
  errorType: string;
  message: string;
  warning?: boolean;
  /** Connector errors carry no snippet (docs/feldera/compilation.md#program-error). */
  withSnippet?: boolean;
}

export function compilerMessage(source: string, m: MessageInput): SqlCompilerMessage {
  return {
    start_line_number: m.start.line,
    start_column: m.start.column,
    end_line_number: m.end.line,
    end_column: m.end.column,
    warning: m.warning ?? false,
    error_type: m.errorType,
    message: m.message,
    snippet: m.withSnippet === false ? null : renderSnippet(source, m.start, m.end),
  };
}

/** The parser's wording for an unexpected token (Calcite via CompilerMessages.java). */
export function parseError(
  source: string,
  at: Position,
  end: Position,
  encountered: string,
  expected: string,
) {
  return compilerMessage(source, {
    start: at,
    end,
    errorType: "Error parsing SQL",
    message: `Encountered "${encountered}" at line ${at.line}, column ${at.column}.\nWas expecting one of:\n    ${expected}`,
  });
}

const lineNo = (index: number) => `${String(index + 1).padStart(5)}|`;

export function renderSnippet(source: string, start: Position, end: Position): string {
  const lines = source.split("\n");
  const first = start.line - 1;
  const last = Math.min(end.line - 1, lines.length - 1);
  if (first < 0 || first >= lines.length) return "";
  const out: string[] = [];
  if (first === last) {
    if (first === lines.length - 1 && lines.length > 1) out.push(lineNo(first - 1) + lines[first - 1]);
    out.push(lineNo(first) + lines[first]);
    const width = Math.max(1, end.column - start.column + 1);
    out.push(" ".repeat(start.column - 1 + 6) + "^".repeat(width));
    if (first + 1 < lines.length) out.push(lineNo(first + 1) + lines[first + 1]);
  } else if (last - first < 5) {
    for (let i = first; i <= last; i++) out.push(lineNo(i) + lines[i]);
  } else {
    out.push(lineNo(first) + lines[first], lineNo(first + 1) + lines[first + 1], "      ...");
    out.push(lineNo(last) + lines[last]);
  }
  return `${out.join("\n")}\n`;
}
