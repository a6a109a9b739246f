/**
 * `pipelineProvider`: the dynamic provider object Pulumi serializes into every Pipeline's `__provider`.
 *
 * Pulumi serializes a dynamic provider by capturing its functions *and everything they reference at
 * module scope* (zod schemas, clients, config: native functions inside those break serialization,
 * pulumi#5294, and a captured credential would land in state in plain text, pulumi#8265). So each method
 * is a one-line trampoline that `require`s this package's stable entry point by name when it runs and
 * captures nothing: the serialized provider stays a few hundred bytes, the package resolves from the
 * program's node_modules inside the provider host, and refresh/destroy of state written by an older
 * version run today's code. Do not reference anything from this module's scope inside these methods.
 */
import type * as pulumi from "@pulumi/pulumi";

export const pipelineProvider: pulumi.dynamic.ResourceProvider = {
  async configure(req) {
    return require("pulumi-feldera/dynamic-provider-v1").configure(this, req);
  },
  async check(olds, news) {
    return require("pulumi-feldera/dynamic-provider-v1").check(this, olds, news);
  },
  async diff(id, olds, news) {
    return require("pulumi-feldera/dynamic-provider-v1").diff(this, id, olds, news);
  },
  async create(props) {
    return require("pulumi-feldera/dynamic-provider-v1").create(this, props);
  },
  async read(id, props) {
    return require("pulumi-feldera/dynamic-provider-v1").read(this, id, props);
  },
  async update(id, olds, news) {
    return require("pulumi-feldera/dynamic-provider-v1").update(this, id, olds, news);
  },
  async delete(id, props) {
    return require("pulumi-feldera/dynamic-provider-v1").destroy(this, id, props);
  },
};
