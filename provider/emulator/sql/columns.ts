/**
 * Column definitions of `CREATE TABLE`, turned into the `Field`s of `program_info.schema` (OpenAPI
 * `Field`/`ColumnType`). Plausible, not complete: common SQL types map to Feldera's wire names, anything
 * else reads as VARCHAR; `NOT NULL` and `PRIMARY KEY` make a column non-nullable.
 */
import { isKeyword, isPunct, type Token } from "./lexer";
import { splitTopLevel } from "./token-ranges";

export interface SourcePosition {
  start_line_number: number;
  start_column: number;
  end_line_number: number;
  end_column: number;
}

export interface ColumnType {
  type: string;
  nullable: boolean;
  precision?: number;
  scale?: number;
  component?: ColumnType;
  key?: ColumnType;
  value?: ColumnType;
}

export interface Field {
  name: string;
  case_sensitive: boolean;
  columntype: ColumnType;
  unused: boolean;
}

export function toSourcePosition(t: Token): SourcePosition {
  return {
    start_line_number: t.start.line,
    start_column: t.start.column,
    end_line_number: t.end.line,
    end_column: t.end.column,
  };
}

const TYPE_NAMES: Record<string, string> = {
  BOOL: "BOOLEAN",
  BOOLEAN: "BOOLEAN",
  TINYINT: "TINYINT",
  SMALLINT: "SMALLINT",
  INT: "INTEGER",
  INTEGER: "INTEGER",
  BIGINT: "BIGINT",
  REAL: "REAL",
  FLOAT: "REAL",
  DOUBLE: "DOUBLE",
  DECIMAL: "DECIMAL",
  NUMERIC: "DECIMAL",
  CHAR: "CHAR",
  VARCHAR: "VARCHAR",
  STRING: "VARCHAR",
  TEXT: "VARCHAR",
  BINARY: "BINARY",
  VARBINARY: "VARBINARY",
  BYTEA: "VARBINARY",
  DATE: "DATE",
  TIME: "TIME",
  TIMESTAMP: "TIMESTAMP",
  UUID: "UUID",
  VARIANT: "VARIANT",
};

/** Words that end a column's type and start its constraints. */
const CONSTRAINTS = ["NOT", "NULL", "PRIMARY", "DEFAULT", "LATENESS", "WATERMARK", "FOREIGN", "REFERENCES"];
/** Items of a table body that are table constraints, not columns. */
const TABLE_CONSTRAINTS = ["PRIMARY", "FOREIGN", "CONSTRAINT", "UNIQUE", "CHECK", "WATERMARK", "LATENESS"];

/** `tokens` is the body between the table's parentheses. */
export function parseColumns(tokens: Token[]): Field[] {
  return splitTopLevel(tokens, 0, tokens.length, (k) => isPunct(tokens[k], ","))
    .map(([start, end]) => tokens.slice(start, end))
    .filter((item) => item.length >= 2 && !isKeyword(item[0], ...TABLE_CONSTRAINTS))
    .map((item) => {
      const nameToken = item[0]!;
      const end = item.findIndex((t, k) => k > 0 && isKeyword(t, ...CONSTRAINTS));
      const typeTokens = item.slice(1, end < 0 ? undefined : end);
      const text = item.map((t) => t.text.toUpperCase()).join(" ");
      const nullable = !text.includes("NOT NULL") && !text.includes("PRIMARY KEY");
      return {
        name: nameToken.kind === "quoted" ? nameToken.value : nameToken.value.toLowerCase(),
        case_sensitive: nameToken.kind === "quoted",
        columntype: columnType(typeTokens, nullable),
        unused: false,
      };
    });
}

function columnType(tokens: Token[], nullable: boolean): ColumnType {
  const words = tokens.filter((t) => t.kind === "word").map((t) => t.text.toUpperCase());
  const base = TYPE_NAMES[words[0] ?? ""] ?? "VARCHAR";
  if (words.includes("ARRAY")) {
    return { type: "ARRAY", nullable, component: { type: base, nullable: true } };
  }
  if (words[0] === "MAP") {
    return {
      type: "MAP",
      nullable,
      key: { type: "VARCHAR", nullable: false },
      value: { type: "VARCHAR", nullable: true },
    };
  }
  const numbers = tokens.filter((t) => t.kind === "number").map((t) => Number(t.text));
  const type: ColumnType = { type: base, nullable };
  if (numbers[0] !== undefined) type.precision = numbers[0];
  else if (base === "VARCHAR") type.precision = -1;
  if (numbers[1] !== undefined) type.scale = numbers[1];
  return type;
}
