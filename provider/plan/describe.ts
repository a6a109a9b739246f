/** One sentence per step, for the progress line of a re-planned round (lifecycle/converge.ts). */
import type { Step } from "./steps";

function describeStep(step: Step): string {
  switch (step.kind) {
    case "await-settled":
      return "wait for the pipeline to finish its current transition";
    case "stop":
      return "stop the pipeline (force)";
    case "await-stopped":
      return "wait until the pipeline is stopped";
    case "clear-storage":
      return `clear its storage (needed to change ${step.fields.join(", ")})`;
    case "await-cleared":
      return "wait until storage is cleared";
    case "patch":
      return `update ${step.fields.join(", ")}`;
    case "await-compiled":
      return "wait for the program to compile";
    case "dismiss-error":
      return "dismiss the previous deployment error";
    case "start":
      return `start it (initial: ${step.initial}, bootstrap policy: ${step.bootstrapPolicy})`;
    case "pause":
      return "pause it";
    case "resume":
      return "resume it";
    case "activate":
      return `activate it from standby (${step.initial})`;
    case "approve":
      return "approve bootstrapping the changed program";
    case "await-deployed":
      return `wait until it is ${step.target}`;
    case "health-gate":
      return `check it stays Running for ${step.seconds} s${step.requireInputProgress ? " and its inputs make progress" : ""}`;
    case "delete":
      return "delete it";
  }
}

export function describePlan(steps: readonly Step[]): string {
  return steps.length === 0 ? "nothing to do" : steps.map(describeStep).join(", then ");
}
