/**
 * The one shape of every violation message: which pipeline, which property (and its value, or where in
 * the program), which rule, and the fix.
 *
 *   Pipeline 'orders' (runtimeConfig.fault_tolerance.model = "none") violates fault-tolerance-required:
 *   stacks matching "prod" must run with at_least_once or exactly_once. Fix: set
 *   runtimeConfig.fault_tolerance = { model: "exactly_once" }.
 *
 * @pulumi/policy prefixes it with the policy's description and a newline before it reaches the engine.
 * Values are shown as JSON and shortened; credential values are never passed in (rules use `note`).
 */

export interface Violation {
  /** Property path: camelCase at the top, Feldera's snake_case inside configs. */
  property: string;
  /** The offending value, rendered as JSON. Mutually exclusive with `note`. */
  value?: unknown;
  /** Says what is wrong with the property instead of showing its value, e.g. `is not set`. */
  note?: string;
  /** What the rule requires, as a sentence without the final period. */
  rule: string;
  /** How to comply, as an instruction without the final period. */
  fix: string;
}

const MAX_VALUE_CHARS = 80;

export function violationMessage(pipeline: string, policy: string, v: Violation): string {
  const shown =
    v.note !== undefined ? ` ${v.note}` : v.value === undefined ? " is not set" : ` = ${render(v.value)}`;
  return `Pipeline '${pipeline}' (${v.property}${shown}) violates ${policy}: ${sentence(v.rule)}. Fix: ${sentence(v.fix)}.`;
}

/** JSON, shortened; `undefined` reads as "(not set)" because that is what it means for an input. */
export function render(value: unknown): string {
  if (value === undefined) return "(not set)";
  const json = JSON.stringify(value) ?? String(value);
  return json.length > MAX_VALUE_CHARS ? `${json.slice(0, MAX_VALUE_CHARS - 1)}…` : json;
}

/** A list for prose: `"a"`, `"a" or "b"`, `"a", "b" or "c"` (unquoted for names such as exactly_once). */
export function oneOf(values: readonly unknown[], quoted = true): string {
  const items = values.map((v) => (quoted ? JSON.stringify(v) : String(v)));
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]}`;
}

function sentence(s: string): string {
  return s.trim().replace(/\.+$/, "");
}

/** Lines of a text as an editor counts them: a final newline does not start another line. */
export function lineCount(text: string): number {
  return text === "" ? 0 : text.replace(/\r?\n$/, "").split("\n").length;
}
