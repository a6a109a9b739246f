/**
 * Two pipelines, the second described by the first's pipeline id: an input computed from another
 * resource's output, which a preview cannot know before that resource is created or while it changes;
 * and an output of an optional input the program never set.
 */
import * as pulumi from "@pulumi/pulumi";
import * as feldera from "pulumi-feldera";

const config = new pulumi.Config();
const name = config.require("pipelineName");

const upstream = new feldera.Pipeline("upstream", { name, programCode: config.require("upstreamSql") });
new feldera.Pipeline("downstream", {
  name: `${name}-downstream`,
  programCode: config.require("downstreamSql"),
  // `tags` was never given to upstream: its Output must exist all the same (undefined until known).
  description: pulumi.interpolate`reads what pipeline ${upstream.pipelineId} writes (${upstream.tags.apply((t) => (t ?? []).length)} tags)`,
});
