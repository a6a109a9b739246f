/**
 * The emulator's "SQL compiler" (docs/feldera/compilation.md#program-error, docs/feldera/compilation.md#validate-program). Outcomes are chosen deterministically, like a payment
 * sandbox's test card numbers, so tests and demos can ask for each one:
 *
 *  1. `SYSTEM_ERROR` anywhere in the program text → SystemError (the compiler process failed).
 *  2. `SYNTAX_ERROR` anywhere → SqlError "Error parsing SQL" at that token (first occurrence).
 *  3. `SQL_WARNING` anywhere → a warning message (`warning: true`) on an otherwise successful compile.
 *  4. A small checker rejects what no SQL parser accepts, as SqlError with a position: an unterminated
 *     string/identifier/comment, unbalanced parentheses, a statement that does not start with
 *     `CREATE`, `DECLARE` or `LATENESS`.
 *  5. Views name only declared relations, and columns those relations have (names.ts, conservative):
 *     otherwise SqlError "Object 'x' not found" / "Column 'x' not found in any table" at the name.
 *  6. Connectors in `WITH ('connectors' = '[…]')` must be a JSON array of objects with a
 *     `transport.name`, inputs on tables and outputs on views; otherwise SqlError with one
 *     `ConnectorGenerationError` (exit code 0, no snippet), as docs/feldera/compilation.md#program-error describes.
 * Markers are found in the raw text, comments included, so a test can plant one anywhere.
 */

import { type Field, parseColumns, toSourcePosition } from "./columns";
import type { ConnectorDecl, FunctionDecl, PropertyValue, RelationDecl } from "./declarations";
import { isKeyword, isPunct, lex, type Position, type Token } from "./lexer";
import { compilerMessage, parseError, type SqlCompilerMessage } from "./messages";
import { resolveViewNames } from "./names";

export type { ConnectorDecl, FunctionDecl, PropertyValue, RelationDecl };

import { closingParen } from "./token-ranges";

export type Analysis =
  | { outcome: "system-error"; error: string }
  | { outcome: "sql-error"; exitCode: number; messages: SqlCompilerMessage[] }
  | { outcome: "ok"; warnings: SqlCompilerMessage[]; relations: RelationDecl[]; functions: FunctionDecl[] };

const STATEMENT_STARTS = ['"CREATE" ...', '"DECLARE" ...', '"LATENESS" ...'].join("\n    ");

export function analyzeProgram(source: string): Analysis {
  if (source.includes("SYSTEM_ERROR")) {
    return {
      outcome: "system-error",
      error:
        "SQL compiler process terminated abnormally (exit status: 134): java.lang.OutOfMemoryError: Java heap space (emulated by the SYSTEM_ERROR marker)",
    };
  }
  const marker = locate(source, "SYNTAX_ERROR");
  if (marker) {
    const end = { line: marker.line, column: marker.column + "SYNTAX_ERROR".length - 1 };
    return sqlError(1, [parseError(source, marker, end, "SYNTAX_ERROR", STATEMENT_STARTS)]);
  }
  const lexed = lex(source);
  if (!lexed.ok) {
    const { at, encountered, expected } = lexed.error;
    return sqlError(1, [parseError(source, at, at, encountered, expected)]);
  }
  const statements = splitStatements(lexed.tokens);
  for (const statement of statements) {
    const problem = checkStatement(source, statement);
    if (problem) return sqlError(1, [problem]);
  }
  const warningAt = locate(source, "SQL_WARNING");
  const warnings = warningAt
    ? [
        compilerMessage(source, {
          start: warningAt,
          end: { line: warningAt.line, column: warningAt.column + "SQL_WARNING".length - 1 },
          errorType: "Emulated warning",
          message: "The SQL_WARNING marker asks the emulator for a compiler warning",
          warning: true,
        }),
      ]
    : [];
  const declarations = statements.map((s) => [s, declaration(s)] as const);
  const nameProblem = unresolvedName(source, declarations);
  if (nameProblem) return sqlError(1, [nameProblem]);
  const relations: RelationDecl[] = [];
  const functions: FunctionDecl[] = [];
  for (const [, declared] of declarations) {
    if (declared?.kind === "function") functions.push(declared.decl);
    if (declared?.kind === "relation") {
      const connectorProblem = parseConnectors(source, declared.decl);
      // A connector error comes after a successful SQL compile: its warnings stay, exit code 0 (docs/feldera/compilation.md#program-error).
      if (connectorProblem) return sqlError(0, [...warnings, connectorProblem]);
      relations.push(declared.decl);
    }
  }
  return { outcome: "ok", warnings, relations, functions };
}

/**
 * The first view that names a relation or column nobody declared (names.ts). Relations may be declared
 * anywhere in the program; `DECLARE RECURSIVE VIEW` names count, with unknown columns.
 */
function unresolvedName(
  source: string,
  declarations: readonly (readonly [Token[], Declaration | undefined])[],
): SqlCompilerMessage | undefined {
  const relations = new Map<string, RelationDecl | "opaque">();
  for (const [tokens, d] of declarations) {
    if (d?.kind === "relation") relations.set(d.decl.name.toLowerCase(), d.decl);
    if (isKeyword(tokens[0], "DECLARE") && isKeyword(tokens[1], "RECURSIVE") && tokens[3]) {
      relations.set(tokens[3].value.toLowerCase(), "opaque");
    }
  }
  for (const [tokens, d] of declarations) {
    if (d?.kind !== "relation" || d.decl.kind !== "view") continue;
    const problem = resolveViewNames(tokens, relations);
    if (problem) {
      return compilerMessage(source, {
        start: problem.token.start,
        end: problem.token.end,
        errorType: "Error in SQL statement",
        message: problem.message,
      });
    }
  }
  return undefined;
}

function sqlError(exitCode: number, messages: SqlCompilerMessage[]): Analysis {
  return { outcome: "sql-error", exitCode, messages };
}

/** 1-based position of the first occurrence of `needle`. */
function locate(source: string, needle: string): Position | undefined {
  const index = source.indexOf(needle);
  if (index < 0) return undefined;
  const before = source.slice(0, index).split("\n");
  return { line: before.length, column: before.at(-1)!.length + 1 };
}

function splitStatements(tokens: Token[]): Token[][] {
  const statements: Token[][] = [[]];
  for (const t of tokens) {
    if (isPunct(t, ";")) statements.push([]);
    else statements.at(-1)!.push(t);
  }
  return statements.filter((s) => s.length > 0);
}

function checkStatement(source: string, tokens: Token[]): SqlCompilerMessage | undefined {
  const first = tokens[0]!;
  if (!isKeyword(first, "CREATE", "DECLARE", "LATENESS")) {
    return parseError(source, first.start, first.end, first.text, STATEMENT_STARTS);
  }
  const open: Token[] = [];
  for (const t of tokens) {
    if (isPunct(t, "(")) open.push(t);
    if (isPunct(t, ")") && open.pop() === undefined) {
      return parseError(source, t.start, t.end, ")", '";" ...');
    }
  }
  const unclosed = open.pop();
  if (unclosed) return parseError(source, unclosed.start, unclosed.end, "<EOF>", '")" ...');
  return undefined;
}

type Declaration = { kind: "relation"; decl: RelationDecl } | { kind: "function"; decl: FunctionDecl };

function declaration(tokens: Token[]): Declaration | undefined {
  if (!isKeyword(tokens[0], "CREATE")) return undefined;
  let i = 1;
  if (isKeyword(tokens[i], "OR") && isKeyword(tokens[i + 1], "REPLACE")) i += 2;
  let local = false;
  let materialized = false;
  while (isKeyword(tokens[i], "LOCAL", "MATERIALIZED", "TEMPORARY")) {
    local ||= isKeyword(tokens[i], "LOCAL");
    materialized ||= isKeyword(tokens[i], "MATERIALIZED");
    i++;
  }
  const what = tokens[i]?.text.toUpperCase();
  const nameToken = tokens[i + 1];
  if (!nameToken || (nameToken.kind !== "word" && nameToken.kind !== "quoted")) return undefined;
  const name = nameToken.kind === "quoted" ? nameToken.value : nameToken.value.toLowerCase();
  const definition = tokens.map((t) => t.text).join(" ");
  if (what === "FUNCTION") {
    const hasBody = tokens.some((t) => isKeyword(t, "AS"));
    const signature = tokens
      .slice(i + 2)
      .map((t) => t.text)
      .join(" ");
    return { kind: "function", decl: { name, signature, hasBody } };
  }
  if (what !== "TABLE" && what !== "VIEW") return undefined;
  let j = i + 2;
  let fields: Field[] = [];
  if (isPunct(tokens[j], "(")) {
    const close = closingParen(tokens, j);
    if (what === "TABLE") fields = parseColumns(tokens.slice(j + 1, close));
    j = close + 1;
  }
  const properties = isKeyword(tokens[j], "WITH") ? parseProperties(tokens, j + 1) : {};
  const relation: RelationDecl = {
    kind: what === "TABLE" ? "table" : "view",
    name,
    caseSensitive: nameToken.kind === "quoted",
    local,
    materialized,
    fields,
    properties,
    connectors: [],
    definition,
  };
  return { kind: "relation", decl: relation };
}

/** `( 'key' = 'value', … )` starting at `open`. */
function parseProperties(tokens: Token[], open: number): Record<string, PropertyValue> {
  const properties: Record<string, PropertyValue> = {};
  if (!isPunct(tokens[open], "(")) return properties;
  for (let k = open + 1; k + 2 < tokens.length; k += 4) {
    const key = tokens[k]!;
    const value = tokens[k + 2]!;
    if (key.kind !== "string" || !isPunct(tokens[k + 1], "=") || value.kind !== "string") break;
    properties[key.value] = {
      value: value.value,
      key_position: toSourcePosition(key),
      value_position: toSourcePosition(value),
    };
    if (!isPunct(tokens[k + 3], ",")) break;
  }
  return properties;
}

/** Fills `relation.connectors` from its `connectors` property, or explains why it cannot. */
function parseConnectors(source: string, relation: RelationDecl): SqlCompilerMessage | undefined {
  const property = relation.properties["connectors"];
  if (!property) return undefined;
  const problem = (message: string) =>
    compilerMessage(source, {
      start: {
        line: property.value_position.start_line_number,
        column: property.value_position.start_column,
      },
      end: { line: property.value_position.end_line_number, column: property.value_position.end_column },
      errorType: "ConnectorGenerationError",
      message,
      withSnippet: false,
    });
  let parsed: unknown;
  try {
    parsed = JSON.parse(property.value);
  } catch (e) {
    return problem(`Error parsing 'connectors' property of '${relation.name}': ${(e as Error).message}`);
  }
  if (!Array.isArray(parsed)) return problem(`'connectors' of '${relation.name}' must be a JSON array`);
  for (const [index, connector] of parsed.entries()) {
    const transport = (connector as { transport?: { name?: unknown } } | null)?.transport?.name;
    if (typeof connector !== "object" || connector === null || typeof transport !== "string") {
      return problem(`Connector ${index} of '${relation.name}' has no 'transport.name'`);
    }
    // Output transports are the `*_output` ones; every other (datagen, nexmark, *_input) reads input.
    if (transport.endsWith("_output") !== (relation.kind === "view")) {
      const role = relation.kind === "table" ? "input" : "output";
      return problem(`'${transport}' cannot be an ${role} connector of ${relation.kind} '${relation.name}'`);
    }
    const { name, ...config } = connector as Record<string, unknown>;
    relation.connectors.push({ name: typeof name === "string" ? name : `unnamed-${index}`, config });
  }
  return undefined;
}
