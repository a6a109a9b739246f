/**
 * Healthy for a while after a start: the promotion gate (`healthGate`). A change that crashes its
 * pipeline a few seconds after it reached Running must fail `pulumi up` in staging instead of passing
 * and being promoted. Done when:
 *  1. the pipeline has been observed Running, with no deployment error, continuously for `seconds`,
 *     counted from the first such observation of this wait (on the provider's clock: server timestamps and
 *     ours may disagree).
 * Terminal: any observation that is not Running without error — a crash (Stopping/Stopped with a
 * deployment error), someone pausing or stopping it — fails the gate with what happened and after how long.
 * Input progress (`requireInputProgress`) is a separate wait over the pipeline's statistics that follows.
 */
import type { PipelineStatus } from "../../model/wire";
import { HealthGateError } from "../errors";
import type { Condition } from "../wait";
import { isRunningCleanly } from "./inputs-progressed";

export function healthyFor(pipeline: string, seconds: number): Condition<PipelineStatus> {
  let since: number | undefined;
  return {
    waitingFor: `stay Running for ${seconds} s (health gate)`,
    timeoutInput: "healthGate.seconds (and timeouts.start)",
    classify(s, now) {
      if (!isRunningCleanly(s)) {
        const held = since === undefined ? 0 : (now - since) / 1000;
        return {
          kind: "fail",
          error: () =>
            new HealthGateError({ pipeline, requiredSeconds: seconds, heldSeconds: held, last: s }),
        };
      }
      since ??= now;
      const held = (now - since) / 1000;
      return held >= seconds
        ? { kind: "done" }
        : { kind: "pending", status: `Running for ${held.toFixed(1)} s` };
    },
  };
}
