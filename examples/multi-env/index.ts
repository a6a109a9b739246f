/**
 * The same SQL pipelines in dev, staging and prod, sized and guarded per stack (see ../../Pulumi.*.yaml):
 *
 *   pulumi stack select dev && pulumi up        # small, dev build, no fault tolerance
 *   pulumi stack select staging && pulumi up    # production-like, health gate
 *   pulumi stack select prod && pulumi up       # refuses programs staging has not run healthily
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as feldera from "pulumi-feldera";
import { collectHealthyPrograms, promotedProgram } from "./promotion";
import { loadSettings } from "./settings";

const settings = loadSettings();

const programs = {
  orders: fs.readFileSync(path.join(__dirname, "sql", "orders.sql"), "utf8"),
  fraud: fs.readFileSync(path.join(__dirname, "sql", "fraud.sql"), "utf8"),
};

const pipelines = Object.fromEntries(
  Object.entries(programs).map(([name, sql]) => {
    const resource = new feldera.Pipeline(name, {
      name: `${name}-${settings.environment}`,
      description: `${name} (${settings.environment})`,
      tags: [
        `owner=${settings.owner}`,
        `env=${settings.environment}`,
        ...(settings.costCenter ? [`cost-center=${settings.costCenter}`] : []),
      ],
      programCode: promotedProgram(name, sql, settings.promoteFrom),
      programConfig: { profile: settings.profile },
      runtimeConfig: {
        workers: settings.workers,
        fault_tolerance: { model: settings.faultTolerance },
        // Checkpoints go to storage declared here, not to whatever the server defaults to.
        ...(settings.faultTolerance !== "none" ? { storage: { backend: { name: "default" } } } : {}),
        ...(settings.memoryMbMax ? { resources: { memory_mb_max: settings.memoryMbMax } } : {}),
      },
      desiredStatus: "running",
      ...(settings.healthGateSeconds ? { healthGate: { seconds: settings.healthGateSeconds } } : {}),
      // Scaling a stateful pipeline changes storage-bound settings: allowed outside prod only.
      onStorageConflict: settings.environment === "prod" ? "fail" : "clear",
    });
    return [name, { sql, resource }];
  }),
);

export const pipelineNames = Object.values(pipelines).map((p) => p.resource.name);
export const statuses = Object.fromEntries(
  Object.entries(pipelines).map(([n, p]) => [n, p.resource.deploymentStatus]),
);
/** Read by the next environment's promotion check (promotion.ts). */
export const healthyPrograms = collectHealthyPrograms(pipelines);
