/**
 * Just enough of a SQL lexer for the emulator's compiler: tokens with 1-based line/column positions (the
 * unit of `SqlCompilerMessage`, docs/feldera/compilation.md#program-error), comments skipped, and the three lexical errors a real parser
 * reports first (unterminated string, quoted identifier or block comment).
 */

export type TokenKind = "word" | "quoted" | "string" | "number" | "punct";

export interface Position {
  line: number;
  column: number;
}

export interface Token {
  kind: TokenKind;
  /** Source text of the token. */
  text: string;
  /** Unquoted value: identifier without quotes, string literal without quotes and with `''` unescaped. */
  value: string;
  start: Position;
  /** Position of the token's last character (inclusive, as the compiler reports ranges). */
  end: Position;
}

export interface LexError {
  at: Position;
  /** What the parser encountered, for the "Encountered … at line …" message. */
  encountered: string;
  expected: string;
}

export type LexResult = { ok: true; tokens: Token[] } | { ok: false; error: LexError };

const WORD_START = /[A-Za-z_]/;
const WORD_PART = /[A-Za-z0-9_$]/;
const DIGIT = /[0-9]/;

export function lex(source: string): LexResult {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let column = 1;
  const here = (): Position => ({ line, column });
  const advance = (n = 1) => {
    for (let k = 0; k < n && i < source.length; k++, i++) {
      if (source[i] === "\n") {
        line++;
        column = 1;
      } else {
        column++;
      }
    }
  };

  while (i < source.length) {
    const c = source[i]!;
    if (/\s/.test(c)) {
      advance();
      continue;
    }
    if (source.startsWith("--", i)) {
      while (i < source.length && source[i] !== "\n") advance();
      continue;
    }
    if (source.startsWith("/*", i)) {
      const at = here();
      const close = source.indexOf("*/", i + 2);
      if (close < 0) return { ok: false, error: { at, encountered: "<EOF>", expected: '"*/"' } };
      advance(close + 2 - i);
      continue;
    }
    const start = here();
    const from = i;
    if (c === "'" || c === '"') {
      const closed = skipQuoted(source, i, c);
      if (closed < 0) {
        return {
          ok: false,
          error: { at: start, encountered: "<EOF>", expected: c === "'" ? '"\'"' : "'\"'" },
        };
      }
      advance(closed - i);
      const text = source.slice(from, i);
      const value = text.slice(1, -1).replaceAll(c + c, c);
      tokens.push({ kind: c === "'" ? "string" : "quoted", text, value, start, end: endOf(start, text) });
      continue;
    }
    const kind: TokenKind = WORD_START.test(c) ? "word" : DIGIT.test(c) ? "number" : "punct";
    if (kind === "punct") {
      advance();
    } else {
      const part = kind === "word" ? WORD_PART : /[0-9.]/;
      while (i < source.length && part.test(source[i]!)) advance();
    }
    const text = source.slice(from, i);
    tokens.push({ kind, text, value: text, start, end: endOf(start, text) });
  }
  return { ok: true, tokens };
}

/** Index just past the closing quote (doubled quotes are escapes), or -1 if it never closes. */
function skipQuoted(source: string, open: number, quote: string): number {
  let j = open + 1;
  while (j < source.length) {
    if (source[j] === quote) {
      if (source[j + 1] === quote) {
        j += 2;
        continue;
      }
      return j + 1;
    }
    j++;
  }
  return -1;
}

function endOf(start: Position, text: string): Position {
  const lines = text.split("\n");
  if (lines.length === 1) return { line: start.line, column: start.column + text.length - 1 };
  return { line: start.line + lines.length - 1, column: Math.max(1, lines.at(-1)!.length) };
}

/** `select` → `SELECT`, for keyword comparisons. */
export function isKeyword(t: Token | undefined, ...keywords: string[]): boolean {
  return t !== undefined && t.kind === "word" && keywords.includes(t.text.toUpperCase());
}

export function isPunct(t: Token | undefined, p: string): boolean {
  return t !== undefined && t.kind === "punct" && t.text === p;
}
