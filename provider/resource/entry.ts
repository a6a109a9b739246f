/**
 * The stable entry point that serialized providers call: `pulumi-feldera/dynamic-provider-v1`.
 *
 * Pulumi stores the serialized provider in state and runs *that* copy for refresh and destroy, so a
 * provider serialized by today's version will call this module from tomorrow's. Its contract is therefore
 * frozen: each function takes the provider instance (`this` of the serialized method, where configure
 * keeps the connection) followed by exactly the arguments Pulumi passes to the method. Change behaviour
 * freely behind it; change a signature only by adding `dynamic-provider-v2` and keeping this one.
 */
import type * as pulumi from "@pulumi/pulumi";
import { diffInputs } from "../plan/input-diff";
import { checkPipeline } from "./check";
import { configureInstance } from "./connection";
import { createResource, deleteResource, readResource, updateResource } from "./crud";

type Props = Record<string, unknown>;

export async function configure(self: unknown, req: pulumi.dynamic.ConfigureRequest): Promise<void> {
  configureInstance(self, req.config);
}

export function check(self: unknown, olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult> {
  return checkPipeline(self, olds ?? {}, news);
}

export async function diff(
  _self: unknown,
  _id: string,
  olds: Props,
  news: Props,
): Promise<pulumi.dynamic.DiffResult> {
  const d = diffInputs(olds, news);
  return { changes: d.changes, replaces: d.replaces, deleteBeforeReplace: d.deleteBeforeReplace };
}

export function create(self: unknown, props: Props): Promise<pulumi.dynamic.CreateResult> {
  return createResource(self, props);
}

export function read(self: unknown, id: string, props: Props): Promise<pulumi.dynamic.ReadResult> {
  return readResource(self, id, props ?? {});
}

export function update(
  self: unknown,
  id: string,
  olds: Props,
  news: Props,
): Promise<pulumi.dynamic.UpdateResult> {
  return updateResource(self, id, olds, news);
}

export function destroy(self: unknown, id: string, props: Props): Promise<void> {
  return deleteResource(self, id, props);
}
