/**
 * `locate` and `getIfExists` against a scripted PipelineApi: the id is the identity, the name the usual
 * way to reach it.
 */
import { describe, expect, it } from "vitest";
import { isFelderaError } from "../../provider/errors";
import { getIfExists, locate } from "../../provider/lifecycle/locate";
import type { Pipeline } from "../../provider/model/wire";
import { stopped } from "../fixtures/pipelines";
import { lostAnswer, type Script, ScriptedApi, status, unknownPipeline } from "./scripted-api";

const ours = stopped();
const renamed = stopped({ name: "orders-v2" });
const other = stopped({ id: "0193a0f4-7c1e-7000-8000-0000000000ff" });

const rows: Record<string, { script: Script; id?: string; found: Pipeline | undefined; calls: string[] }> = {
  "finds the pipeline by its name in one request": {
    script: { reads: [ours] },
    id: ours.id,
    found: ours,
    calls: ["getPipeline orders"],
  },
  "takes the pipeline of that name when no id is known yet": {
    script: { reads: [other] },
    found: other,
    calls: ["getPipeline orders"],
  },
  "follows a rename by the id when the name is gone": {
    script: { reads: [unknownPipeline(), renamed], list: [status(renamed)] },
    id: ours.id,
    found: renamed,
    calls: ["getPipeline orders", "listPipelineStatuses", "getPipeline orders-v2"],
  },
  "follows a rename by the id when another pipeline took the name": {
    script: { reads: [other, renamed], list: [status(other), status(renamed)] },
    id: ours.id,
    found: renamed,
    calls: ["getPipeline orders", "listPipelineStatuses", "getPipeline orders-v2"],
  },
  "says gone when neither the name nor the id exists": {
    script: { reads: [unknownPipeline()], list: [status(other)] },
    id: ours.id,
    found: undefined,
    calls: ["getPipeline orders", "listPipelineStatuses"],
  },
  "says gone when the name is unknown and no id is known": {
    script: { reads: [unknownPipeline()] },
    found: undefined,
    calls: ["getPipeline orders"],
  },
  "says gone when the renamed pipeline is deleted between the list and the read": {
    script: { reads: [unknownPipeline()], list: [status(renamed)] },
    id: ours.id,
    found: undefined,
    calls: ["getPipeline orders", "listPipelineStatuses", "getPipeline orders-v2"],
  },
};

describe("locate", () => {
  for (const [name, row] of Object.entries(rows)) {
    it(name, async () => {
      const api = new ScriptedApi(row.script);
      expect(await locate(api, "orders", row.id)).toEqual(row.found);
      expect(api.calls).toEqual(row.calls);
    });
  }
});

describe("getIfExists", () => {
  it("passes on any failure other than an unknown name", async () => {
    const err = await getIfExists(new ScriptedApi({ reads: [lostAnswer()] }), "orders").catch((e) => e);
    expect(isFelderaError(err, "FELDERA_ERR_REQUEST_TIMEOUT")).toBe(true);
  });
});
