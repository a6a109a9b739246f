/**
 * JSON parsing that remembers where each value and key was, so a violation inside a connector's
 * configuration can name its line in the SQL program. `JSON.parse` gives no positions (Node 20 has no
 * source-text access in revivers), and connector specs are small, so a plain recursive-descent parser
 * over RFC 8259 is enough. It never throws: malformed input is a result, because a policy must not crash
 * on a program the SQL compiler would reject anyway.
 */

export type JsonNode =
  | { type: "object"; offset: number; members: JsonMember[] }
  | { type: "array"; offset: number; items: JsonNode[] }
  | { type: "scalar"; offset: number; value: string | number | boolean | null };

export interface JsonMember {
  key: string;
  keyOffset: number;
  value: JsonNode;
}

export type JsonParse = { ok: true; node: JsonNode } | { ok: false; offset: number; message: string };

const NUMBER_SOURCE = "-?(?:0|[1-9]\\d*)(?:\\.\\d+)?(?:[eE][+-]?\\d+)?";
const LITERALS: [string, boolean | null][] = [
  ["true", true],
  ["false", false],
  ["null", null],
];
/** Deeper nesting than any connector spec, and well within the call stack. */
const MAX_DEPTH = 256;

export function parseLocatedJson(text: string): JsonParse {
  let pos = 0;
  // Sticky, so it matches exactly at `pos`; built per call because `lastIndex` is state.
  const number = new RegExp(NUMBER_SOURCE, "y");
  let error: { offset: number; message: string } | undefined;

  const fail = (message: string): undefined => {
    error ??= { offset: pos, message };
    return undefined;
  };
  /** Consumes the closing bracket of `node`. */
  const close = (node: JsonNode): JsonNode => {
    pos++;
    return node;
  };
  const skipSpace = () => {
    while (pos < text.length && " \t\n\r".includes(text[pos]!)) pos++;
  };

  const parseString = (): string | undefined => {
    const start = pos;
    pos++; // opening quote
    while (pos < text.length && text[pos] !== '"') {
      if (text[pos] === "\\") pos++;
      else if (text.charCodeAt(pos) < 0x20) return fail("control character inside a string");
      pos++;
    }
    if (pos >= text.length) {
      pos = start; // point at the opening quote: the end of the input says nothing
      return fail("unterminated string");
    }
    pos++;
    try {
      return JSON.parse(text.slice(start, pos)) as string;
    } catch {
      pos = start;
      return fail("invalid escape in a string");
    }
  };

  const parseValue = (depth: number): JsonNode | undefined => {
    skipSpace();
    const offset = pos;
    const c = text[pos];
    if (depth > MAX_DEPTH) return fail("nested too deeply");
    if (c === "{") {
      pos++;
      const members: JsonMember[] = [];
      skipSpace();
      if (text[pos] === "}") return close({ type: "object", offset, members });
      for (;;) {
        skipSpace();
        if (text[pos] !== '"') return fail("expected a quoted key");
        const keyOffset = pos;
        const key = parseString();
        if (key === undefined) return undefined;
        skipSpace();
        if (text[pos] !== ":") return fail(`expected ':' after key "${key}"`);
        pos++;
        const value = parseValue(depth + 1);
        if (!value) return undefined;
        members.push({ key, keyOffset, value });
        skipSpace();
        if (text[pos] === ",") pos++;
        else if (text[pos] === "}") return close({ type: "object", offset, members });
        else return fail("expected ',' or '}'");
      }
    }
    if (c === "[") {
      pos++;
      const items: JsonNode[] = [];
      skipSpace();
      if (text[pos] === "]") return close({ type: "array", offset, items });
      for (;;) {
        const item = parseValue(depth + 1);
        if (!item) return undefined;
        items.push(item);
        skipSpace();
        if (text[pos] === ",") pos++;
        else if (text[pos] === "]") return close({ type: "array", offset, items });
        else return fail("expected ',' or ']'");
      }
    }
    if (c === '"') {
      const value = parseString();
      return value === undefined ? undefined : { type: "scalar", offset, value };
    }
    number.lastIndex = pos;
    const digits = number.exec(text);
    if (digits) {
      pos += digits[0].length;
      return { type: "scalar", offset, value: Number(digits[0]) };
    }
    for (const [word, value] of LITERALS) {
      if (text.startsWith(word, pos)) {
        pos += word.length;
        return { type: "scalar", offset, value };
      }
    }
    return fail(pos >= text.length ? "unexpected end of input" : `unexpected character '${c}'`);
  };

  const node = parseValue(0);
  skipSpace();
  if (node && pos < text.length) fail("unexpected text after the JSON value");
  return error || !node
    ? { ok: false, ...(error ?? { offset: pos, message: "invalid JSON" }) }
    : { ok: true, node };
}

/** The member `key` of an object node, if the node is an object that has it. */
export function member(node: JsonNode | undefined, key: string): JsonNode | undefined {
  return node?.type === "object" ? node.members.find((m) => m.key === key)?.value : undefined;
}

/** Line numbers (1-based, counted from `firstLine`) of offsets into `text`. */
export function lineCounter(text: string, firstLine: number): (offset: number) => number {
  const breaks: number[] = [];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) breaks.push(i);
  return (offset) => {
    let lo = 0;
    let hi = breaks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (breaks[mid]! < offset) lo = mid + 1;
      else hi = mid;
    }
    return firstLine + lo;
  };
}
