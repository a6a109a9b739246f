// The program pulumi-preview.test.ts previews with examples/policy-pack: one production-ready
// pipeline and, unless the stack sets `careful: true`, one with a plaintext Kafka password, more workers
// than the pack allows and a program over its size limit (mandatory and advisory violations), and a second resource managing the
// Feldera pipeline "orders". Plain JavaScript so that it needs no build; `validateSqlOnPreview: false` keeps the preview
// off the network (a preview of new resources never contacts Feldera otherwise).
const pulumi = require("@pulumi/pulumi");
const feldera = require("pulumi-feldera");

const careful = new pulumi.Config().getBoolean("careful") ?? false;

const kafka = (password) =>
  JSON.stringify([
    {
      transport: { name: "kafka_input", config: { topic: "orders", "sasl.password": password } },
      format: { name: "json" },
    },
  ]).replaceAll("'", "''");

const sql = (password) =>
  `CREATE TABLE orders (id BIGINT NOT NULL PRIMARY KEY)\nWITH ('connectors' = '${kafka(password)}');\n`;

const production = {
  tags: ["owner=data-eng", "cost-center=analytics"],
  runtimeConfig: {
    workers: 8,
    max_rss_mb: 8192,
    fault_tolerance: { model: "exactly_once" },
    storage: { backend: { name: "default" } },
  },
  programConfig: { profile: "optimized" },
  validateSqlOnPreview: false,
};

new feldera.Pipeline("orders", { programCode: sql(`\${secret:kubernetes:kafka/password}`), ...production });
if (!careful) {
  new feldera.Pipeline("leaky", {
    programCode: `${sql("hunter2")}-- ${"padding ".repeat(40_000)}\n`,
    ...production,
    runtimeConfig: { ...production.runtimeConfig, workers: 64 },
  });
  new feldera.Pipeline("orders-replay", {
    name: "orders",
    programCode: sql(`\${secret:kubernetes:kafka/password}`),
    ...production,
  });
}
