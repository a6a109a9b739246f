/**
 * The emulator's compiler resolves names in views (docs/feldera/compilation.md#program-error): an unknown relation or column is a SqlError at
 * the identifier's line and column, as Feldera's compiler reports it; valid SQL of the shapes users write
 * (aliases, joins, CTEs, qualified names, functions, `*`, subqueries) compiles. Through the HTTP API, as
 * a user's CI would reach it.
 */
import { describe, expect, it } from "vitest";
import type { SqlCompilerMessage } from "../../provider/emulator/sql/messages";
import { useTestEmulator } from "../support/emulator";

const env = useTestEmulator();

const TABLES = `CREATE TABLE orders (id INT NOT NULL PRIMARY KEY, amount DECIMAL(10, 2), placed_at TIMESTAMP, customer VARCHAR, tags VARCHAR ARRAY);
CREATE TABLE customers (id INT NOT NULL PRIMARY KEY, name VARCHAR, "Region" VARCHAR);
`;

async function validate(view: string): Promise<{
  Success?: unknown;
  SqlError?: { info: { exit_code: number; messages: SqlCompilerMessage[] } };
}> {
  const res = await env.api.post("/v0/validate_program", { body: { program_code: TABLES + view } });
  expect(res.status).toBe(200);
  return res.json as never;
}

describe("names in views", () => {
  it("reports an unknown column with its line and column, as Calcite words it", async () => {
    const r = await validate("CREATE VIEW v AS\n  SELECT id, no_such_col FROM orders;\n");
    expect(r.SqlError?.info.exit_code).toBe(1);
    expect(r.SqlError?.info.messages).toEqual([
      {
        start_line_number: 4,
        start_column: 14,
        end_line_number: 4,
        end_column: 24,
        warning: false,
        error_type: "Error in SQL statement",
        message: "Column 'no_such_col' not found in any table",
        snippet: expect.stringContaining(`    4|  SELECT id, no_such_col FROM orders;
${" ".repeat(6 + 13)}^^^^^^^^^^^
`),
      },
    ]);
  });

  it.each([
    ["an unknown table", "CREATE VIEW v AS SELECT * FROM ordrs;", "Object 'ordrs' not found", 32],
    [
      "an unknown joined table",
      "CREATE VIEW v AS SELECT o.id FROM orders o JOIN custs c ON o.id = c.id;",
      "Object 'custs' not found",
      49,
    ],
    [
      "a qualified column the table lacks",
      "CREATE VIEW v AS SELECT o.total FROM orders o;",
      "Column 'total' not found in table 'o'",
      27,
    ],
    [
      "an unknown column in WHERE",
      "CREATE VIEW v AS SELECT id FROM orders WHERE amout > 1;",
      "Column 'amout' not found in any table",
      46,
    ],
    [
      "an unknown column in a subquery",
      "CREATE VIEW v AS SELECT id FROM orders WHERE id IN (SELECT ident FROM customers);",
      "Column 'ident' not found in any table",
      60,
    ],
    [
      "an unknown column in a join condition",
      "CREATE VIEW v AS SELECT o.id FROM orders o JOIN customers c ON o.customer = c.nam;",
      "Column 'nam' not found in table 'c'",
      79,
    ],
  ])("reports %s", async (_what, view, message, column) => {
    const r = await validate(view);
    expect(r.SqlError?.info.messages).toEqual([
      expect.objectContaining({
        start_line_number: 3,
        start_column: column,
        error_type: "Error in SQL statement",
        message,
      }),
    ]);
  });

  it.each([
    "CREATE VIEW v AS SELECT * FROM orders;",
    "CREATE VIEW v AS SELECT o.*, c.name FROM orders AS o LEFT OUTER JOIN customers c ON o.customer = c.name;",
    "CREATE VIEW v AS WITH big AS (SELECT id, amount FROM orders WHERE amount > 100) SELECT id, amount FROM big;",
    "CREATE VIEW v AS SELECT id, amount total, CAST(amount AS DECIMAL(12, 2)) AS a2, amount::INT i FROM orders ORDER BY total DESC;",
    "CREATE VIEW v AS SELECT id FROM orders WHERE id IN (SELECT id FROM customers WHERE customers.name = orders.customer);",
    "CREATE VIEW v AS SELECT x.n FROM (SELECT id AS n FROM orders) x;",
    "CREATE VIEW v AS SELECT customer, COUNT(*) AS c, SUM(amount) s FROM orders GROUP BY customer HAVING SUM(amount) > 1;",
    "CREATE VIEW v AS SELECT EXTRACT(YEAR FROM placed_at) AS y, TRIM(BOTH ' ' FROM customer) n, SUBSTRING(customer FROM 1 FOR 2) FROM orders;",
    "CREATE VIEW v AS SELECT id, ROW_NUMBER() OVER (PARTITION BY customer ORDER BY placed_at) rn FROM orders;",
    "CREATE VIEW v AS SELECT CASE WHEN amount > 1 THEN 'big' ELSE 'small' END size FROM orders;",
    "CREATE VIEW v AS SELECT id FROM orders UNION ALL SELECT id FROM customers;",
    'CREATE VIEW v AS SELECT "Region", region FROM customers;',
    "CREATE VIEW v AS SELECT id, tag FROM orders, UNNEST(tags) AS tag;",
    "CREATE VIEW v AS SELECT id FROM orders WHERE placed_at >= NOW() - INTERVAL 30 MINUTES AND placed_at < CURRENT_TIMESTAMP;",
    "CREATE VIEW w AS SELECT id FROM orders; CREATE VIEW v AS SELECT anything FROM w;",
    "CREATE VIEW v AS SELECT id, LEFT(customer, 3) FROM orders;",
    "CREATE VIEW v AS SELECT id FROM orders o WHERE EXISTS (SELECT 1 FROM customers c WHERE c.id = o.id);",
    "CREATE VIEW v AS SELECT id FROM orders JOIN customers USING (id);",
    "CREATE VIEW v AS SELECT my_udf(id), DATE '2020-01-01' d FROM orders;",
    "CREATE VIEW v AS SELECT COUNT(*) FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(placed_at), INTERVAL 1 HOUR)) GROUP BY window_start;",
    "DECLARE RECURSIVE VIEW r (x INT); CREATE VIEW r AS SELECT x FROM r UNION ALL SELECT id FROM orders;",
    "CREATE VIEW v AS SELECT 1 + 2 AS three;",
  ])("compiles %s", async (view) => {
    const r = await validate(view);
    expect(r.SqlError?.info.messages ?? []).toEqual([]);
    expect(r.Success).toBeDefined();
  });
});
