/**
 * Promotion: prod deploys only programs that staging has run. Each stack exports the hash of every
 * program it runs healthily (`healthyPrograms`, written only after `pulumi up` succeeded, health gate
 * included); a stack with `promoteFrom` reads the previous stack's export through a StackReference and
 * refuses, before anything is sent to Feldera, a program the previous stack has not run.
 */
import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import type * as feldera from "pulumi-feldera";

export function programHash(sql: string): string {
  return createHash("sha256").update(sql).digest("hex").slice(0, 16);
}

/** The program text, released only if `from` (a stack name) runs exactly this program for `name`. */
export function promotedProgram(name: string, sql: string, from: string | undefined): pulumi.Input<string> {
  if (!from) return sql;
  const upstream = new pulumi.StackReference(`promote-${name}`, { name: from });
  return upstream.getOutput("healthyPrograms").apply((healthy: Record<string, string> | undefined) => {
    const want = programHash(sql);
    if (healthy?.[name] !== want) {
      throw new Error(
        `refusing to deploy pipeline '${name}': its program (${want}) is not running healthily in ${from} (${healthy?.[name] ?? "absent"}). Deploy it there first.`,
      );
    }
    return sql;
  });
}

/** name → program hash, for the pipelines that are Running now (after their health gate). */
export function collectHealthyPrograms(
  pipelines: Record<string, { sql: string; resource: feldera.Pipeline }>,
) {
  const entries = Object.entries(pipelines).map(([name, { sql, resource }]) =>
    resource.deploymentStatus.apply((status) =>
      status === "Running" ? [name, programHash(sql)] : undefined,
    ),
  );
  return pulumi
    .all(entries)
    .apply((pairs) => Object.fromEntries(pairs.filter((p) => p !== undefined) as [string, string][]));
}
