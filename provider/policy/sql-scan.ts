/**
 * Finds the `'connectors' = '…'` properties in a Feldera SQL program.
 *
 * Connectors are declared in the WITH clause of CREATE TABLE (after the columns) and CREATE VIEW
 * (before AS), as a SQL string literal holding a JSON array. Finding them needs a lexer, not a regular
 * expression: the JSON is inside a string literal that doubles its quotes (`''`), and comments or other
 * string literals may contain the same words. This lexer knows just enough SQL for that: `--` and
 * `/* … *\/` comments, `'…'` literals with `''`, `"…"` identifiers with `""`, words and punctuation.
 * Newlines survive decoding (`''` → `'` never spans one), so an offset into the decoded JSON maps to a
 * program line by counting newlines.
 */

export interface ConnectorsProperty {
  /** The table or view whose WITH clause holds the property, when the program says so before it. */
  relation: { kind: "table" | "view"; name: string } | undefined;
  /** Line of the literal's opening quote, 1-based. */
  line: number;
  /** The literal's text with `''` decoded: the connectors JSON. */
  json: string;
  /** False when the program ends inside the literal. */
  terminated: boolean;
}

type Token =
  | { kind: "string"; text: string; line: number; terminated: boolean }
  | { kind: "word"; text: string; line: number }
  | { kind: "punct"; text: string; line: number };

/** Words that may sit between CREATE and TABLE/VIEW. */
const CREATE_MODIFIERS = new Set(["OR", "REPLACE", "MATERIALIZED", "LOCAL", "TEMPORARY", "TEMP"]);

export function connectorsProperties(sql: string): ConnectorsProperty[] {
  const tokens = tokenize(sql);
  const found: ConnectorsProperty[] = [];
  let relation: ConnectorsProperty["relation"];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === "word" && t.text.toUpperCase() === "CREATE") {
      relation = relationAfterCreate(tokens, i + 1) ?? relation;
      continue;
    }
    const eq = tokens[i + 1];
    const value = tokens[i + 2];
    if (
      t.kind === "string" &&
      t.text.toLowerCase() === "connectors" &&
      eq?.kind === "punct" &&
      eq.text === "=" &&
      value?.kind === "string"
    ) {
      found.push({ relation, line: value.line, json: value.text, terminated: value.terminated });
      i += 2;
    }
  }
  return found;
}

function relationAfterCreate(tokens: Token[], start: number): ConnectorsProperty["relation"] {
  let i = start;
  while (tokens[i]?.kind === "word" && CREATE_MODIFIERS.has(tokens[i]!.text.toUpperCase())) i++;
  const what = tokens[i];
  if (what?.kind !== "word") return undefined;
  const kind =
    what.text.toUpperCase() === "TABLE" ? "table" : what.text.toUpperCase() === "VIEW" ? "view" : undefined;
  if (!kind) return undefined;
  i++;
  // IF NOT EXISTS
  if (tokens[i]?.kind === "word" && tokens[i]!.text.toUpperCase() === "IF") i += 3;
  const name = tokens[i];
  return name?.kind === "word" ? { kind, name: name.text } : undefined;
}

function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    if (c === "\n") {
      line++;
      i++;
    } else if (c === " " || c === "\t" || c === "\r") {
      i++;
    } else if (c === "-" && sql[i + 1] === "-") {
      while (i < sql.length && sql[i] !== "\n") i++;
    } else if (c === "/" && sql[i + 1] === "*") {
      const end = sql.indexOf("*/", i + 2);
      const stop = end === -1 ? sql.length : end + 2;
      line += countNewlines(sql, i, stop);
      i = stop;
    } else if (c === "'" || c === '"') {
      const start = line;
      const quoted = readQuoted(sql, i, c);
      line += countNewlines(sql, i, quoted.end);
      i = quoted.end;
      // A double-quoted identifier counts as a word: `"Orders"` names a table like `Orders` does.
      tokens.push(
        c === "'"
          ? { kind: "string", text: quoted.text, line: start, terminated: quoted.terminated }
          : { kind: "word", text: quoted.text, line: start },
      );
    } else if (/[A-Za-z_]/.test(c)) {
      const start = i;
      while (i < sql.length && /[A-Za-z0-9_$]/.test(sql[i]!)) i++;
      tokens.push({ kind: "word", text: sql.slice(start, i), line });
    } else {
      tokens.push({ kind: "punct", text: c, line });
      i++;
    }
  }
  return tokens;
}

/** A quoted run starting at `open`, with the doubled quote decoded; `end` is just past the closing quote. */
function readQuoted(
  sql: string,
  open: number,
  quote: string,
): { text: string; end: number; terminated: boolean } {
  const parts: string[] = [];
  let from = open + 1;
  for (;;) {
    const close = sql.indexOf(quote, from);
    if (close === -1) {
      parts.push(sql.slice(from));
      return { text: parts.join(""), end: sql.length, terminated: false };
    }
    parts.push(sql.slice(from, close));
    if (sql[close + 1] === quote) {
      parts.push(quote);
      from = close + 2;
    } else {
      return { text: parts.join(""), end: close + 1, terminated: true };
    }
  }
}

function countNewlines(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = s.indexOf("\n", from); i !== -1 && i < to; i = s.indexOf("\n", i + 1)) n++;
  return n;
}
