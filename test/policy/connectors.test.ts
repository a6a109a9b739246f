import { describe, expect, it } from "vitest";
import { configEntries, programConnectors } from "../../provider/policy/connectors";
import { parseLocatedJson } from "../../provider/policy/located-json";
import { connectorsProperties } from "../../provider/policy/sql-scan";
import { ORDERS_SQL, tableWithConnectors } from "./support/pipelines";

describe("connectorsProperties", () => {
  it("finds the connectors of a table and of a view, with the line each literal opens on", () => {
    const found = connectorsProperties(ORDERS_SQL);
    expect(found.map((p) => [p.relation, p.line])).toEqual([
      [{ kind: "table", name: "orders" }, 5],
      [{ kind: "view", name: "order_count" }, 18],
    ]);
  });

  it("decodes doubled quotes inside the literal", () => {
    const [p] = connectorsProperties(tableWithConnectors(`[{"transport":{"name":"it's"}}]`));
    expect(p?.json).toBe(`[{"transport":{"name":"it's"}}]`);
  });

  it("ignores connectors written inside comments and other string literals", () => {
    const sql = [
      "-- WITH ('connectors' = '[1]')",
      "/* 'connectors' = '[2]' */",
      "CREATE VIEW v AS SELECT '''connectors'' = ''[3]''' AS s;",
    ].join("\n");
    expect(connectorsProperties(sql)).toEqual([]);
  });

  it("names a relation written as a quoted identifier, after OR REPLACE and MATERIALIZED", () => {
    const sql = `CREATE OR REPLACE MATERIALIZED VIEW "Big View" WITH ('connectors' = '[]') AS SELECT 1;`;
    expect(connectorsProperties(sql)[0]?.relation).toEqual({ kind: "view", name: "Big View" });
  });

  it("reports a literal that the program never closes", () => {
    const [p] = connectorsProperties("CREATE TABLE t (x INT) WITH ('connectors' = '[{");
    expect(p?.terminated).toBe(false);
  });
});

describe("parseLocatedJson", () => {
  it("keeps the offset of every key", () => {
    const parsed = parseLocatedJson('{\n  "a": {"b": [1, true, null, "x"]}\n}');
    expect(parsed.ok && parsed.node.type === "object" && parsed.node.members[0]?.keyOffset).toBe(4);
  });

  it("agrees with JSON.parse on escapes and numbers", () => {
    const text = '{"s":"a\\"b\\u00e9\\n","n":-1.5e3}';
    const parsed = parseLocatedJson(text);
    expect(parsed.ok && parsed.node.type === "object" && parsed.node.members.map((m) => m.value)).toEqual([
      { type: "scalar", offset: 5, value: JSON.parse(text).s },
      { type: "scalar", offset: text.indexOf("-1.5e3"), value: -1500 },
    ]);
  });

  it.each([
    ["[1,]", 3, "unexpected character ']'"],
    ['{"a" 1}', 5, "expected ':' after key \"a\""],
    ["[1] 2", 4, "unexpected text after the JSON value"],
    ['{"a": "b', 6, "unterminated string"],
    ["", 0, "unexpected end of input"],
  ])("reports %j as malformed at offset %i: %s", (text, offset, message) => {
    expect(parseLocatedJson(text)).toEqual({ ok: false, offset, message });
  });
});

describe("programConnectors", () => {
  it("reads each connector's transport and the line of its opening brace", () => {
    const { connectors, malformed } = programConnectors(ORDERS_SQL);
    expect(malformed).toEqual([]);
    expect(connectors.map((c) => [c.label, c.transport, c.line])).toEqual([
      ['table "orders" connector #1', "kafka_input", 5],
      ['view "order_count" connector #1', "kafka_output", 18],
    ]);
  });

  it("maps a key inside the connector JSON to its program line", () => {
    const [orders] = programConnectors(ORDERS_SQL).connectors;
    const password = configEntries(orders!).find((e) => e.key === "sasl.password");
    expect(password?.path).toBe('transport.config."sasl.password"');
    expect(orders!.lineOf(password!.keyOffset)).toBe(11);
  });

  it("returns malformed JSON with its line and keeps the well-formed clauses of the same program", () => {
    const sql = `${tableWithConnectors('[{"transport": {"name": "url_input"}},\n {"transport": }]', "broken")}${tableWithConnectors('[{"transport": {"name": "kafka_input"}}]', "fine")}`;
    const { connectors, malformed } = programConnectors(sql);
    expect(malformed).toEqual([
      {
        label: 'the connectors of table "broken"',
        line: 3,
        problem: "invalid JSON: unexpected character '}'",
      },
    ]);
    expect(connectors.map((c) => c.transport)).toEqual(["kafka_input"]);
  });

  it("rejects connectors that are not an array of objects", () => {
    const { malformed } = programConnectors(
      `${tableWithConnectors('{"transport": {}}', "a")}${tableWithConnectors("[42]", "b")}`,
    );
    expect(malformed.map((m) => [m.label, m.problem])).toEqual([
      ['the connectors of table "a"', "expected a JSON array of connector objects"],
      ['table "b" connector #1', "expected a connector object"],
    ]);
  });

  it("walks nested objects and arrays under transport.config and format.config", () => {
    const sql = tableWithConnectors(
      '[{"transport": {"name": "x", "config": {"auth": {"token": "t"}, "hosts": [{"password": "p"}]}}, "format": {"name": "avro", "config": {"registry_password": "r"}}}]',
    );
    const [c] = programConnectors(sql).connectors;
    expect(configEntries(c!).map((e) => e.path)).toEqual([
      "transport.config.auth",
      "transport.config.auth.token",
      "transport.config.hosts",
      "transport.config.hosts[0].password",
      "format.config.registry_password",
    ]);
  });
});
