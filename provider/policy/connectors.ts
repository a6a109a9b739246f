/**
 * The connectors a SQL program declares, with line numbers.
 *
 * Each `'connectors' = '[…]'` property holds a JSON array of connector specs:
 * `{ "transport": { "name": "kafka_input", "config": {…} }, "format": { "name": "json", "config": {…} }, … }`.
 * Whatever cannot be read as such an array is returned as `malformed` (the connectors-parseable policy
 * reports it); the rest is returned even when a sibling clause is broken, so one typo does not hide a
 * plaintext password elsewhere in the program.
 */
import { type JsonNode, lineCounter, member, parseLocatedJson } from "./located-json";
import { connectorsProperties } from "./sql-scan";

export interface Connector {
  /** `table "orders" connector #1`: how messages point at it besides the line. */
  label: string;
  /** Line of the connector's opening brace in the program. */
  line: number;
  /** `transport.name`, when it is a string. */
  transport: string | undefined;
  node: JsonNode;
  /** Program line of an offset into the connector's JSON (node and key offsets). */
  lineOf(offset: number): number;
}

export interface MalformedConnectors {
  label: string;
  line: number;
  problem: string;
}

export function programConnectors(sql: string): {
  connectors: Connector[];
  malformed: MalformedConnectors[];
} {
  const connectors: Connector[] = [];
  const malformed: MalformedConnectors[] = [];
  for (const property of connectorsProperties(sql)) {
    const owner = property.relation ? `${property.relation.kind} "${property.relation.name}"` : "a relation";
    const label = `the connectors of ${owner}`;
    const lineOf = lineCounter(property.json, property.line);
    if (!property.terminated) {
      malformed.push({ label, line: property.line, problem: "the string literal is never closed" });
      continue;
    }
    const parsed = parseLocatedJson(property.json);
    if (!parsed.ok) {
      malformed.push({ label, line: lineOf(parsed.offset), problem: `invalid JSON: ${parsed.message}` });
      continue;
    }
    if (parsed.node.type !== "array") {
      malformed.push({ label, line: property.line, problem: "expected a JSON array of connector objects" });
      continue;
    }
    parsed.node.items.forEach((node, i) => {
      const itemLabel = `${owner} connector #${i + 1}`;
      if (node.type !== "object") {
        malformed.push({
          label: itemLabel,
          line: lineOf(node.offset),
          problem: "expected a connector object",
        });
        return;
      }
      const name = member(member(node, "transport"), "name");
      const transport = name?.type === "scalar" && typeof name.value === "string" ? name.value : undefined;
      connectors.push({ label: itemLabel, line: lineOf(node.offset), transport, node, lineOf });
    });
  }
  return { connectors, malformed };
}

export interface ConfigEntry {
  /** Dotted path from the connector, keys with dots quoted: `transport.config."sasl.password"`. */
  path: string;
  key: string;
  keyOffset: number;
  value: JsonNode;
}

/** Every key/value at any depth under `transport.config` and `format.config` (where Feldera resolves secrets). */
export function configEntries(connector: Connector): ConfigEntry[] {
  const out: ConfigEntry[] = [];
  const walk = (node: JsonNode, path: string) => {
    if (node.type === "object") {
      for (const m of node.members) {
        const at = `${path}.${/^[A-Za-z0-9_]+$/.test(m.key) ? m.key : JSON.stringify(m.key)}`;
        out.push({ path: at, key: m.key, keyOffset: m.keyOffset, value: m.value });
        walk(m.value, at);
      }
    } else if (node.type === "array") {
      node.items.forEach((item, i) => {
        walk(item, `${path}[${i}]`);
      });
    }
  };
  for (const section of ["transport", "format"]) {
    const config = member(member(connector.node, section), "config");
    if (config) walk(config, `${section}.config`);
  }
  return out;
}
