/**
 * An application of several pipelines: one per SQL file in ./sql, all sized alike. Add a file, run
 * `pulumi up`: a new pipeline appears; edit one: only that pipeline restarts; delete one: it is stopped,
 * its storage cleared and the pipeline deleted.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import * as feldera from "pulumi-feldera";

const config = new pulumi.Config();
const workers = config.getNumber("workers") ?? 4;
const desiredStatus = (config.get("desiredStatus") ?? "running") as feldera.DesiredStatus;

const sqlDir = path.join(__dirname, "sql");
const pipelines = fs
  .readdirSync(sqlDir)
  .filter((file) => file.endsWith(".sql"))
  .sort()
  .map((file) => {
    const name = path.basename(file, ".sql");
    return new feldera.Pipeline(name, {
      programCode: fs.readFileSync(path.join(sqlDir, file), "utf8"),
      description: `${name} (from sql/${file})`,
      tags: ["app=storefront", "owner=data-platform"],
      runtimeConfig: { workers, resources: { memory_mb_max: 4096 } },
      desiredStatus,
    });
  });

export const statuses = pulumi
  .all(pipelines.map((p) => pulumi.all([p.name, p.deploymentStatus])))
  .apply((pairs) => Object.fromEntries(pairs));
