/**
 * Pipeline inputs for policy tests: one declaration that passes every policy in a production stack,
 * and SQL programs with connectors, each line placed so that tests can assert line numbers.
 */

/** Kafka in, Kafka out; every credential a secret reference. The connector arrays open on lines 5 and 18. */
export const ORDERS_SQL = `-- Orders, enriched with their customer.
CREATE TABLE orders (
    id BIGINT NOT NULL PRIMARY KEY,
    customer_id BIGINT NOT NULL
) WITH ('connectors' = '[{
    "transport": {
        "name": "kafka_input",
        "config": {
            "bootstrap.servers": "kafka:9092",
            "topic": "orders",
            "sasl.password": "\${secret:kubernetes:kafka/password}"
        }
    },
    "format": { "name": "json" }
}]');

CREATE VIEW order_count
WITH ('connectors' = '[{
    "transport": { "name": "kafka_output", "config": { "topic": "order_count", "sasl.password": "\${secret:kubernetes:kafka/password}" } },
    "format": { "name": "json" }
}]')
AS SELECT COUNT(*) AS n FROM orders;
`;

/** A pipeline that every policy accepts in a stack named "prod". */
export function compliantPipeline(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: "orders",
    programCode: ORDERS_SQL,
    description: "Orders with customers",
    tags: ["owner=data-eng", "cost-center:analytics"],
    runtimeConfig: {
      workers: 8,
      max_rss_mb: 8192,
      fault_tolerance: { model: "exactly_once" },
      storage: { backend: { name: "default" } },
    },
    programConfig: { profile: "optimized" },
    desiredStatus: "running",
    ...overrides,
  };
}

/** `compliantPipeline` with `runtimeConfig` members replaced (undefined removes one). */
export function withRuntime(runtime: Record<string, unknown>, overrides: Record<string, unknown> = {}) {
  const base = compliantPipeline().runtimeConfig as Record<string, unknown>;
  const merged = Object.fromEntries(
    Object.entries({ ...base, ...runtime }).filter(([, v]) => v !== undefined),
  );
  return compliantPipeline({ runtimeConfig: merged, ...overrides });
}

/** A one-table program whose connector JSON (a string literal body) is `json`, on line 2 onward. */
export function tableWithConnectors(json: string, table = "events"): string {
  return `CREATE TABLE ${table} (id INT)\nWITH ('connectors' = '${json.replaceAll("'", "''")}');\n`;
}
