/**
 * Quickstart as an ES module program (`"type": "module"` in package.json): the same pipelines as
 * ../quickstart, written with `import`, top-level code and `import.meta.url` instead of `__dirname`.
 * Pulumi runs it through ts-node's ESM loader; pulumi-feldera is a CommonJS package imported by name.
 *
 * Feldera pipelines from SQL files, declared once and kept in sync by `pulumi up`.
 *
 * Where the pipelines live comes from the provider's stack config (`feldera:host`, and `feldera:apiKey`
 * as a secret). Everything else is this project's stack config, so one program covers a whole lifecycle:
 * set a key, `pulumi up`, and only what changed changes. See README.md for each key.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import * as pulumi from "@pulumi/pulumi";
import * as feldera from "pulumi-feldera";

const config = new pulumi.Config();
const here = path.dirname(fileURLToPath(import.meta.url));

// The SQL: a file from ./sql, or inline SQL (`programCode`), optionally kept secret in the state.
const sql =
  config.get("programCode") ??
  fs.readFileSync(path.join(here, "sql", config.get("sqlFile") ?? "orders.sql"), "utf8");
const programCode = config.getBoolean("secretProgram") ? pulumi.secret(sql) : sql;

// One pipeline by default; `count` > 1 declares orders, orders-2, … (a fleet from one SQL program).
const count = config.getNumber("count") ?? 1;
const baseName = config.get("pipelineName") ?? "orders";

const pipelines = Array.from({ length: count }, (_, i) => {
  const suffix = i === 0 ? "" : `-${i + 1}`;
  // The resource name stays fixed, so changing `pipelineName` renames the pipeline in place.
  return new feldera.Pipeline(`orders${suffix}`, {
    name: `${baseName}${suffix}`,
    programCode,
    description: config.get("description"),
    desiredStatus: config.get<feldera.DesiredStatus>("desiredStatus"),
    // A rename needs the pipeline's storage cleared first (Feldera's rule); "clear" consents to that.
    onStorageConflict: config.get<"fail" | "clear">("onStorageConflict"),
    adopt: config.getBoolean("adopt"),
    validateSqlOnPreview: config.getBoolean("validateSqlOnPreview"),
  });
});

/** Each pipeline's Feldera name and what it is doing, e.g. `{ orders: "Running" }`. */
export const statuses = pulumi
  .all(pipelines.map((p) => pulumi.all([p.name, p.deploymentStatus])))
  .apply((pairs) => Object.fromEntries(pairs));
