/**
 * The little of YAML that Pulumi writes into `Pulumi.<stack>.yaml` and `Pulumi.yaml`, read without a YAML
 * library (this package's dependencies are undici and zod only):
 *
 * ```yaml
 * config:
 *   feldera:host: https://feldera.example.com      # plain scalar, maybe quoted
 *   feldera:apiKey:
 *     secure: v1:AAAA…                              # a secret: ciphertext only the CLI can decrypt
 *   app:tags: [a, b]                                 # structured values: not a single setting
 * ```
 *
 * Anything it does not understand is reported as "not a single value" rather than guessed: doctor then says
 * it could not read that key, instead of checking a wrong value.
 */

export type ConfigValue = { kind: "plain"; value: string } | { kind: "secure" } | { kind: "structured" };

/** The `config:` map of a stack file, by fully qualified key. */
export function readConfigBlock(text: string): Map<string, ConfigValue> {
  const out = new Map<string, ConfigValue>();
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((l) => /^config:\s*(#.*)?$/.test(l));
  if (start < 0) return out;
  let indent: number | undefined;
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^\s*(#.*)?$/.test(line)) continue;
    const lead = line.length - line.trimStart().length;
    if (lead === 0) break;
    indent ??= lead;
    if (lead !== indent) continue; // a nested line, handled with its key
    const entry = /^\s*("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s'"][^:]*(?::[^\s:][^:]*)*):(?:\s+(.*))?$/.exec(
      line,
    );
    if (!entry) continue;
    const key = unquote(entry[1]!.trim());
    if (key === undefined) continue;
    const rest = stripComment(entry[2] ?? "");
    if (rest !== "") {
      const value = scalar(rest);
      out.set(key, value === undefined ? { kind: "structured" } : { kind: "plain", value });
      continue;
    }
    const nested: string[] = [];
    for (let j = i + 1; j < lines.length; j++) {
      const n = lines[j]!;
      if (/^\s*(#.*)?$/.test(n)) continue;
      if (n.length - n.trimStart().length <= indent) break;
      nested.push(n.trim());
    }
    out.set(
      key,
      nested.length === 1 && /^secure:\s*\S/.test(nested[0]!) ? { kind: "secure" } : { kind: "structured" },
    );
  }
  return out;
}

/** A top-level `key: value` of a project file, e.g. `stackConfigDir`. */
export function readTopLevelScalar(text: string, key: string): string | undefined {
  for (const line of text.split(/\r?\n/)) {
    const m = /^([A-Za-z][\w-]*):\s+(.*)$/.exec(line);
    if (m && m[1] === key) return scalar(stripComment(m[2]!));
  }
  return undefined;
}

/** A plain, single- or double-quoted scalar; undefined for flow collections and anything else. */
function scalar(text: string): string | undefined {
  if (text.startsWith('"') || text.startsWith("'")) return unquote(text);
  if (/^[[{&*!|>]/.test(text)) return undefined;
  return text;
}

function unquote(text: string): string | undefined {
  if (text.startsWith('"')) {
    try {
      const v: unknown = JSON.parse(text);
      return typeof v === "string" ? v : undefined;
    } catch {
      return undefined;
    }
  }
  if (text.startsWith("'")) {
    return text.length >= 2 && text.endsWith("'") ? text.slice(1, -1).replace(/''/g, "'") : undefined;
  }
  return text;
}

/** ` # comment` ends a plain scalar; inside quotes a `#` is text. */
function stripComment(text: string): string {
  const t = text.trim();
  if (t.startsWith('"') || t.startsWith("'")) {
    const close = t.startsWith('"') ? /^"(?:[^"\\]|\\.)*"/.exec(t) : /^'(?:[^']|'')*'/.exec(t);
    return close ? close[0] : t;
  }
  return t.replace(/\s+#.*$/, "").trim();
}
