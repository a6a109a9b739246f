/**
 * What users put in `runtimeConfig`: a credential from the stack's secrets, deep inside the config
 * (`env.KAFKA_PASSWORD`), and an object-store URL that another resource computes (a bucket, here a
 * dynamic resource of the program's own, so its URL is unknown until it exists).
 */
import * as pulumi from "@pulumi/pulumi";
import * as feldera from "pulumi-feldera";

const config = new pulumi.Config();

/** A stand-in for a cloud bucket: its URL is an output, known only once it is created. */
class Bucket extends pulumi.dynamic.Resource {
  declare readonly url: pulumi.Output<string>;
  constructor(name: string, args: { bucketName: pulumi.Input<string> }) {
    const provider: pulumi.dynamic.ResourceProvider = {
      async create(inputs) {
        return { id: inputs.bucketName, outs: { ...inputs, url: `s3://${inputs.bucketName}/checkpoints` } };
      },
    };
    super(provider, name, { ...args, url: undefined }, {}, "test", "Bucket");
  }
}

const bucket = new Bucket("checkpoints", { bucketName: `${config.require("pipelineName")}-bucket` });

const pipeline = new feldera.Pipeline("secret-config", {
  name: config.require("pipelineName"),
  programCode: config.require("programCode"),
  runtimeConfig: {
    workers: 4,
    env: { KAFKA_PASSWORD: config.requireSecret("kafkaPassword"), KAFKA_USER: "orders" },
    storage: { backend: { name: "object", config: { url: bucket.url } } },
  },
});

export const storageUrl = bucket.url;
export const effectiveEnv = pipeline.effectiveRuntimeConfig.apply((c) => c?.["env"]);
export const status = pipeline.deploymentStatus;
