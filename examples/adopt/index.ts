/**
 * Bringing pipelines that already exist under Pulumi. Pulumi's `import` option does not work for dynamic
 * providers, so a Pipeline takes `adopt: true` instead: on create it finds the pipeline by name, records
 * it, and brings it to this declaration with the fewest changes (nothing at all when they already match).
 * Without `adopt`, an existing name is an error, so a typo never takes over someone else's pipeline.
 * After the first `pulumi up`, `adopt` can stay or go: it only matters on create.
 */
import * as pulumi from "@pulumi/pulumi";
import * as feldera from "pulumi-feldera";

const config = new pulumi.Config();
// The names of the pipelines to adopt, and the SQL each should run (usually: the SQL it runs today).
const existing = config.requireObject<Record<string, string>>("pipelines");

const adopted = Object.entries(existing).map(
  ([name, programCode]) => new feldera.Pipeline(name, { programCode, adopt: true }),
);

export const adoptedIds = adopted.map((p) => p.pipelineId);
