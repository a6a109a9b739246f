/**
 * Name resolution in views, as Feldera's compiler (Calcite's validator) reports it: a relation that is
 * declared nowhere in the program is `Object 'x' not found`, a column that none of the query's tables has
 * is `Column 'x' not found in any table` (`… in table 't'` when qualified), each at the identifier's
 * line and column (docs/feldera/compilation.md#program-error).
 *
 * Conservative by design: the emulator judges users' CI, and a false SqlError on valid SQL is worse than
 * a miss. Columns are checked only in a SELECT whose every FROM item is a declared *table* (columns known
 * from its CREATE TABLE), and, for a correlated subquery, whose enclosing SELECTs are too; anything else
 * (views, CTEs, subqueries, table functions, UNNEST, schema-qualified names) makes the scope opaque and
 * its columns unchecked. A word that is a keyword, a type, a function call, a field access, an alias or
 * a select-list name is never taken for a column. Types, functions and UDFs are not checked at all.
 */
import type { RelationDecl } from "./declarations";
import { isKeyword, isPunct, type Token } from "./lexer";
import { NOT_A_COLUMN } from "./reserved-words";
import { closingParen as close, findTopLevel, splitTopLevel as split } from "./token-ranges";

export interface NameProblem {
  token: Token;
  message: string;
}

interface Source {
  /** Lower-cased column names; undefined when unknown (views, CTEs, subqueries, functions). */
  columns?: Set<string>;
}

interface Scope {
  /** By lower-cased alias (or table name when unaliased). */
  sources: Map<string, Source>;
  opaque: boolean;
  /** Select-list aliases and window names: usable in ORDER BY / GROUP BY / OVER. */
  names: Set<string>;
}

const CLAUSES = [
  "FROM",
  "WHERE",
  "GROUP",
  "HAVING",
  "WINDOW",
  "QUALIFY",
  "ORDER",
  "LIMIT",
  "OFFSET",
  "FETCH",
];
const SET_OPERATORS = ["UNION", "INTERSECT", "EXCEPT", "MINUS"];
const JOIN_WORDS = ["JOIN", "INNER", "LEFT", "RIGHT", "FULL", "OUTER", "CROSS", "NATURAL", "ASOF"];
const lower = (t: Token) => (t.kind === "quoted" ? t.value : t.value).toLowerCase();
const isName = (t: Token | undefined): t is Token =>
  t !== undefined && (t.kind === "word" || t.kind === "quoted");
/** As the compiler quotes a name: unquoted identifiers are case-insensitive, lower-cased. */
const shown = (t: Token) => (t.kind === "quoted" ? t.value : t.value.toLowerCase());
const isReserved = (t: Token | undefined) => t?.kind === "word" && NOT_A_COLUMN.has(t.value.toUpperCase());

/** Keywords after which a name is an operand, i.e. possibly a column (any other keyword ends a value). */
const OPERAND_BEFORE = new Set(
  `AND OR NOT WHEN THEN ELSE CASE ON BY IN IS LIKE ILIKE RLIKE BETWEEN SELECT WHERE HAVING DISTINCT ALL
  ANY SOME EXISTS FROM AS OVER USING ESCAPE SIMILAR TO FILTER QUALIFY AT ARRAY MAP ROW VALUES LATERAL
  UNNEST TABLE SYMMETRIC ASYMMETRIC INTERVAL FOR PLACING LEADING TRAILING BOTH`.split(/\s+/),
);

/**
 * Whether a name after `t` is an implicit alias (`SELECT amount total`, `x::INT i`), not a column: when `t`
 * ends a value (a literal, a name, `)`, `]`, a type or other keyword that is not an operator).
 */
function endsValue(t: Token | undefined): boolean {
  if (!t) return false;
  if (t.kind === "number" || t.kind === "string" || t.kind === "quoted") return true;
  if (isPunct(t, ")") || isPunct(t, "]")) return true;
  return t.kind === "word" && !OPERAND_BEFORE.has(t.value.toUpperCase());
}

/** The first unresolvable name in the query of a `CREATE VIEW` statement, if any. */
export function resolveViewNames(
  statement: Token[],
  relations: ReadonlyMap<string, RelationDecl | "opaque">,
): NameProblem | undefined {
  const as = queryStart(statement);
  if (as < 0) return undefined;
  return new Resolver(relations).query(statement, as, statement.length, [], new Map());
}

/** Index just past the view's depth-0 `AS` (after any column list and WITH properties). */
function queryStart(tokens: Token[]): number {
  let depth = 0;
  for (let k = 0; k < tokens.length; k++) {
    if (isPunct(tokens[k], "(")) depth++;
    else if (isPunct(tokens[k], ")")) depth--;
    else if (depth === 0 && isKeyword(tokens[k], "AS")) return k + 1;
  }
  return -1;
}

class Resolver {
  constructor(private readonly relations: ReadonlyMap<string, RelationDecl | "opaque">) {}

  /** `[WITH …] select (UNION select)* [ORDER BY …]` in tokens[from, to). */
  query(
    t: Token[],
    from: number,
    to: number,
    outer: Scope[],
    ctes: Map<string, true>,
  ): NameProblem | undefined {
    let i = from;
    const local = new Map(ctes);
    if (isKeyword(t[i], "WITH")) {
      i++;
      if (isKeyword(t[i], "RECURSIVE")) i++;
      while (i < to && isName(t[i])) {
        local.set(lower(t[i]!), true);
        i++;
        if (isPunct(t[i], "(")) i = close(t, i) + 1; // column list
        if (!isKeyword(t[i], "AS") || !isPunct(t[i + 1], "(")) return undefined; // not understood: accept
        const end = close(t, i + 1);
        const inner = this.query(t, i + 2, end, outer, local);
        if (inner) return inner;
        i = end + 1;
        if (!isPunct(t[i], ",")) break;
        i++;
      }
    }
    for (const [start, end] of split(t, i, to, (k) => isKeyword(t[k], ...SET_OPERATORS))) {
      let s = start;
      while (isKeyword(t[s], "ALL", "DISTINCT")) s++;
      const problem = isPunct(t[s], "(")
        ? this.query(t, s + 1, close(t, s), outer, local)
        : isKeyword(t[s], "SELECT")
          ? this.select(t, s, end, outer, local)
          : undefined; // VALUES, TABLE t, …: accepted
      if (problem) return problem;
    }
    return undefined;
  }

  private select(t: Token[], from: number, to: number, outer: Scope[], ctes: Map<string, true>) {
    const clauses = clauseRanges(t, from, to);
    const scope: Scope = { sources: new Map(), opaque: false, names: new Set() };
    const fromClause = clauses.get("FROM");
    const expressions: [number, number][] = [];
    if (fromClause) {
      const problem = this.fromItems(t, fromClause[0], fromClause[1], scope, outer, ctes, expressions);
      if (problem) return problem;
    }
    const list = clauses.get("SELECT")!;
    for (let k = list[0]; k < list[1]; k++) {
      if (isKeyword(t[k], "AS") && isName(t[k + 1])) scope.names.add(lower(t[k + 1]!));
    }
    const window = clauses.get("WINDOW");
    if (window) for (let k = window[0]; k < window[1]; k++) if (isName(t[k])) scope.names.add(lower(t[k]!));
    for (const name of ["SELECT", "WHERE", "GROUP", "HAVING", "QUALIFY", "ORDER"]) {
      const range = clauses.get(name);
      if (range) expressions.push(range);
    }
    for (const [start, end] of expressions) {
      const problem = this.expression(t, start, end, [scope, ...outer], ctes);
      if (problem) return problem;
    }
    return undefined;
  }

  private fromItems(
    t: Token[],
    from: number,
    to: number,
    scope: Scope,
    outer: Scope[],
    ctes: Map<string, true>,
    conditions: [number, number][],
  ): NameProblem | undefined {
    // `LEFT(s, 3)` is a function, not a join.
    const items = split(
      t,
      from,
      to,
      (k) => isPunct(t[k], ",") || (isKeyword(t[k], ...JOIN_WORDS) && !isPunct(t[k + 1], "(")),
    );
    for (const [start, end] of items) {
      const on = findTopLevel(t, start, end, (k) => isKeyword(t[k], "ON", "USING"));
      const itemEnd = on < 0 ? end : on;
      if (on >= 0 && isKeyword(t[on], "ON")) conditions.push([on + 1, end]);
      if (start >= itemEnd) continue;
      const head = t[start]!;
      if (isPunct(head, "(")) {
        const inner = close(t, start);
        if (isKeyword(t[start + 1], "SELECT", "WITH", "VALUES")) {
          const problem = this.query(t, start + 1, inner, outer, ctes);
          if (problem) return problem;
        }
        this.opaque(scope, t, inner + 1, itemEnd);
        continue;
      }
      if (!isName(head) || isKeyword(head, "TABLE", "LATERAL", "UNNEST") || isPunct(t[start + 1], "(")) {
        scope.opaque = true;
        continue;
      }
      if (isPunct(t[start + 1], ".")) {
        scope.opaque = true; // schema-qualified: not modelled
        continue;
      }
      const name = lower(head);
      const declared = ctes.has(name) ? "opaque" : this.relations.get(name);
      if (!declared) return { token: head, message: `Object '${shown(head)}' not found` };
      const source: Source =
        declared !== "opaque" && declared.kind === "table"
          ? { columns: new Set(declared.fields.map((f) => f.name.toLowerCase())) }
          : {};
      // `t AS x (a, b)` renames the columns: not modelled.
      const renamed = t.slice(start + 1, itemEnd).some((x) => isPunct(x, "("));
      if (!source.columns || renamed) scope.opaque = true;
      scope.sources.set(aliasOf(t, start + 1, itemEnd) ?? name, renamed ? {} : source);
    }
    return undefined;
  }

  private opaque(scope: Scope, t: Token[], from: number, to: number): void {
    scope.opaque = true;
    const alias = aliasOf(t, from, to);
    if (alias) scope.sources.set(alias, {});
  }

  /** Column references in tokens[from, to), with nested queries resolved in their own scopes. */
  private expression(t: Token[], from: number, to: number, scopes: Scope[], ctes: Map<string, true>) {
    for (let k = from; k < to; k++) {
      const tok = t[k]!;
      if (isPunct(tok, "(") && isKeyword(t[k + 1], "SELECT", "WITH", "VALUES")) {
        const end = close(t, k);
        const problem = this.query(t, k + 1, end, scopes, ctes);
        if (problem) return problem;
        k = end;
        continue;
      }
      if (!isName(tok) || isPunct(t[k - 1], ".") || isPunct(t[k + 1], "(")) continue;
      if (isKeyword(t[k - 1], "AS", "OVER") || (isPunct(t[k - 1], ":") && isPunct(t[k - 2], ":"))) continue;
      if (isReserved(tok)) continue;
      if (endsValue(t[k - 1]) && k > from) {
        scopes[0]!.names.add(lower(tok)); // an implicit alias
        continue;
      }
      if (isPunct(t[k + 1], ".")) {
        const problem = qualified(tok, t[k + 2], scopes);
        if (problem) return problem;
        k += 2;
        continue;
      }
      if (unresolved(lower(tok), scopes))
        return { token: tok, message: `Column '${shown(tok)}' not found in any table` };
    }
    return undefined;
  }
}

function qualified(qualifier: Token, column: Token | undefined, scopes: Scope[]): NameProblem | undefined {
  if (!isName(column)) return undefined; // `t.*`
  const source = scopes.map((s) => s.sources.get(lower(qualifier))).find((s) => s !== undefined);
  // Not an alias: a field of a struct column (`addr.city`), or something else not modelled.
  if (!source?.columns || source.columns.has(lower(column))) return undefined;
  return { token: column, message: `Column '${shown(column)}' not found in table '${shown(qualifier)}'` };
}

function unresolved(name: string, scopes: Scope[]): boolean {
  for (const scope of scopes) {
    if (scope.opaque || scope.names.has(name) || scope.sources.has(name)) return false;
    for (const source of scope.sources.values()) if (source.columns?.has(name)) return false;
  }
  return scopes.length > 0;
}

/** `[AS] alias [(columns)]` after a FROM item. */
function aliasOf(t: Token[], from: number, to: number): string | undefined {
  let k = from;
  if (isKeyword(t[k], "AS")) k++;
  const a = t[k];
  if (k >= to || !isName(a) || isReserved(a)) return undefined;
  return lower(a);
}

/** Each top-level clause of a SELECT, by its keyword: the range of tokens after the keyword. */
function clauseRanges(t: Token[], from: number, to: number): Map<string, [number, number]> {
  const starts: [string, number][] = [["SELECT", from]];
  let depth = 0;
  for (let k = from + 1; k < to; k++) {
    if (isPunct(t[k], "(")) depth++;
    else if (isPunct(t[k], ")")) depth--;
    else if (depth === 0 && isKeyword(t[k], ...CLAUSES)) starts.push([t[k]!.value.toUpperCase(), k]);
  }
  const out = new Map<string, [number, number]>();
  starts.forEach(([name, at], n) => {
    const skip = name === "GROUP" || name === "ORDER" ? 2 : 1; // GROUP BY, ORDER BY
    if (!out.has(name)) out.set(name, [at + skip, starts[n + 1]?.[1] ?? to]);
  });
  return out;
}
