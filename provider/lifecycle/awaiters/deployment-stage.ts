/**
 * The stage of a deployment wait and when it began. `deployment_status_since` alone is not it: after
 * `/start`, a pipeline that stopped an hour ago is still "Stopped since an hour ago", yet this episode
 * began with the start. The later of the status's and the desired status's timestamps marks when the
 * current stage of the current episode began.
 */
import type { PipelineStatus } from "../../model/wire";

export function deploymentStage(wait: string, s: PipelineStatus): { key: string; since: string | undefined } {
  const a = s.deployment_status_since;
  const b = s.deployment_desired_status_since;
  const since = a && b ? (Date.parse(a) >= Date.parse(b) ? a : b) : (a ?? b);
  return { key: `${wait}:${s.deployment_status}`, since };
}
