/**
 * The engine's builtin provider, for the one resource of it the harness serves: `pulumi:pulumi:StackReference`
 * (pulumi/pulumi `pkg/resource/deploy/builtins.go` `Read`, `readStackReference`). The SDK reads it
 * (ReadResource, id = the referenced stack's name, inputs `{ name }`); the engine answers with
 * `{ name, outputs, secretOutputNames }`: the outputs of that stack's root Stack resource in its latest
 * checkpoint in the same backend (`pkg/backend/backend.go` `backendClient.GetStackOutputs`,
 * `pkg/backend/diy/state.go` `getSnapshotStackOutputs`, `pkg/resource/stack/deployment.go`
 * `DeserializeStackOutputs`), secrets decrypted and kept secret, and the names of the outputs that hold a
 * secret, sorted.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { StateFile } from "./state";
import { contains, isSecret, type Props } from "./values";

export const STACK_REFERENCE = "pulumi:pulumi:StackReference";

/**
 * A file backend's stack names (`pkg/backend/diy/store.go` `projectReferenceStore.ParseReference`):
 * `<stack>`, `organization/<stack>` or `organization/<project>/<stack>`; the project defaults to the
 * current one, and the organization must be "organization".
 */
export function parseStackName(name: string, currentProject: string): { project: string; stack: string } {
  if (name === "") throw new Error("stack name must not be empty");
  const parts = name.split("/");
  if (parts.length > 3 || parts.includes("")) throw new Error(`invalid stack name "${name}"`);
  const [org, project, stack] =
    parts.length === 1
      ? ["organization", currentProject, parts[0]!]
      : parts.length === 2
        ? [parts[0]!, currentProject, parts[1]!]
        : [parts[0]!, parts[1]!, parts[2]!];
  if (org !== "organization") throw new Error("organization name must be 'organization'");
  return { project, stack };
}

/**
 * `builtinProvider.Read` of a StackReference: inputs other than `name` are refused, a stack with no
 * checkpoint in `stateDir` is `unknown stack "<name>"` (`GetStack` returns nil), a checkpoint without a
 * root Stack resource has no outputs.
 */
export function readStackReference(stateDir: string, currentProject: string, inputs: Props): Props {
  for (const k of Object.keys(inputs)) if (k !== "name") throw new Error(`unknown property "${k}"`);
  const name = inputs["name"];
  if (typeof name !== "string") throw new Error("stack reference can not be imported");
  const { project, stack } = parseStackName(name, currentProject);
  if (!existsSync(join(stateDir, project, `${stack}.json`))) throw new Error(`unknown stack "${name}"`);
  const root = new StateFile(stateDir, project, stack)
    .read()
    .resources.find((r) => r.type === "pulumi:pulumi:Stack" && !r.parent);
  const outputs = root?.outputs ?? {};
  const secretOutputNames = Object.keys(outputs)
    .filter((k) => contains(outputs[k], isSecret))
    .sort();
  return { name, outputs, secretOutputNames };
}
