/**
 * Two pipelines, the second described by the first's pipeline id: an input computed from another
 * resource's output, which a preview cannot know before that resource is created or while it changes.
 */
import * as pulumi from "@pulumi/pulumi";
import * as feldera from "pulumi-feldera";

const config = new pulumi.Config();
const name = config.require("pipelineName");

const upstream = new feldera.Pipeline("upstream", { name, programCode: config.require("upstreamSql") });
new feldera.Pipeline("downstream", {
  name: `${name}-downstream`,
  programCode: config.require("downstreamSql"),
  description: pulumi.interpolate`reads what pipeline ${upstream.pipelineId} writes`,
});
