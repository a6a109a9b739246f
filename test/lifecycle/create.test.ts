/**
 * `createOrAdopt` and `settleCreated` against a scripted PipelineApi: make the pipeline exist (or take
 * over the one of that name, when asked), then converge it like an update.
 */
import { describe, expect, it } from "vitest";
import { isFelderaError } from "../../provider/errors";
import { createOrAdopt, settleCreated } from "../../provider/lifecycle/create";
import type { PipelineInputs } from "../../provider/model/inputs";
import type { PlanFeatures } from "../../provider/plan/field-changes";
import { desired, FEATURES_0_300, FEATURES_0_337, running, stopped } from "../fixtures/pipelines";
import {
  apiError,
  lifecycleContext,
  lostAnswer,
  type Script,
  ScriptedApi,
  status,
  unknownPipeline,
} from "./scripted-api";

const duplicate = () => apiError("DuplicateName", 409);

async function create(
  declared: Partial<PipelineInputs>,
  script: Script,
  features: PlanFeatures = FEATURES_0_337,
) {
  const api = new ScriptedApi({ current: stopped({ program_status: "Pending" }), ...script });
  const ctx = lifecycleContext(api, desired(declared), features);
  const outcome = await createOrAdopt(ctx).catch((e: unknown) => e);
  return { api, ctx, outcome };
}

describe("createOrAdopt", () => {
  it("creates the pipeline with the declared fields", async () => {
    const { api, outcome } = await create({ description: "orders by day" }, {});
    expect(api.calls).toEqual(["create name,program_code,description"]);
    expect(outcome).toMatchObject({ adopted: false, tracker: { full: { description: "orders by day" } } });
  });

  it("then converges it: waits for compilation, starts it and waits until Running", async () => {
    const polls = [status(stopped({ program_status: "CompilingSql" })), status(stopped()), status(running())];
    const { api, ctx, outcome } = await create({}, { polls });
    if (outcome instanceof Error) throw outcome;
    const final = await settleCreated(ctx, outcome as Awaited<ReturnType<typeof createOrAdopt>>);
    expect(final.deployment_status).toBe("Running");
    expect(api.writes).toEqual(["create name,program_code", "start orders running allow"]);
  });

  it("refuses a setting the server is too old to know before sending anything", async () => {
    const { api, outcome } = await create(
      { programConfig: { use_platform_compiler: true } },
      {},
      FEATURES_0_300,
    );
    expect(isFelderaError(outcome, "FELDERA_ERR_PLAN_REFUSED")).toBe(true);
    expect(outcome).toMatchObject({ reason: "unsupported-setting" });
    expect(api.calls).toEqual([]);
  });

  it("adopts an existing pipeline of that name when asked, creating nothing", async () => {
    const { api, outcome } = await create({ adopt: true }, { reads: [running()] });
    expect(outcome).toMatchObject({ adopted: true, tracker: { full: { id: running().id } } });
    expect(api.writes).toEqual([]);
  });

  it("creates when adopt finds no pipeline of that name", async () => {
    const { api, outcome } = await create({ adopt: true }, { reads: [unknownPipeline()] });
    expect(outcome).toMatchObject({ adopted: false });
    expect(api.calls).toEqual(["getPipeline orders", "create name,program_code"]);
  });

  it("adopts a pipeline someone else created between our read and our POST", async () => {
    const { api, outcome } = await create(
      { adopt: true },
      { reads: [unknownPipeline(), running()], failures: { createPipeline: [duplicate()] } },
    );
    expect(outcome).toMatchObject({ adopted: true });
    expect(api.calls).toEqual(["getPipeline orders", "create name,program_code", "getPipeline orders"]);
  });

  it("refuses a taken name without adopt, saying how to take it over", async () => {
    const { outcome } = await create({}, { failures: { createPipeline: [duplicate()] } });
    expect(isFelderaError(outcome, "FELDERA_ERR_PLAN_REFUSED")).toBe(true);
    expect(outcome).toMatchObject({ reason: "exists" });
    expect((outcome as Error).message).toContain("set adopt: true");
  });

  it("refuses when the taken name is free again by the time adopt reads it", async () => {
    const { outcome } = await create(
      { adopt: true },
      { reads: [unknownPipeline()], failures: { createPipeline: [duplicate()] } },
    );
    expect(outcome).toMatchObject({ reason: "exists" });
  });

  it("reports a lost answer to the POST as it is: the client has already tried to resolve it", async () => {
    const { api, outcome } = await create(
      {},
      { failures: { createPipeline: [lostAnswer("/v0/pipelines")] } },
    );
    expect(isFelderaError(outcome, "FELDERA_ERR_REQUEST_TIMEOUT")).toBe(true);
    expect(api.calls).toEqual(["create name,program_code"]);
  });
});
