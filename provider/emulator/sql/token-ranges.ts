/** Ranges of a statement's tokens by parenthesis depth, shared by the declaration and name checkers. */
import { isPunct, type Token } from "./lexer";

/** tokens[from, to) split at depth-0 tokens where `at` holds (the separators dropped). */
export function splitTopLevel(
  t: Token[],
  from: number,
  to: number,
  at: (k: number) => boolean,
): [number, number][] {
  const out: [number, number][] = [];
  let start = from;
  let depth = 0;
  for (let k = from; k < to; k++) {
    if (isPunct(t[k], "(")) depth++;
    else if (isPunct(t[k], ")")) depth--;
    else if (depth === 0 && at(k)) {
      out.push([start, k]);
      start = k + 1;
    }
  }
  out.push([start, to]);
  return out.filter(([s, e]) => e > s);
}

export function findTopLevel(t: Token[], from: number, to: number, at: (k: number) => boolean): number {
  let depth = 0;
  for (let k = from; k < to; k++) {
    if (isPunct(t[k], "(")) depth++;
    else if (isPunct(t[k], ")")) depth--;
    else if (depth === 0 && at(k)) return k;
  }
  return -1;
}

/** The index of the `)` matching the `(` at `open` (the last token when it never closes). */
export function closingParen(t: Token[], open: number): number {
  let depth = 0;
  for (let k = open; k < t.length; k++) {
    if (isPunct(t[k], "(")) depth++;
    if (isPunct(t[k], ")") && --depth === 0) return k;
  }
  return t.length - 1;
}
