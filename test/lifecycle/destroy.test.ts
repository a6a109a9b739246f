/**
 * `destroyPipeline` against a scripted PipelineApi: stop, clear, delete what is there; a pipeline that is
 * gone, by name or by id, is success; a pipeline that took our old name is never touched.
 */
import { describe, expect, it } from "vitest";
import { type FelderaErrorCode, isFelderaError } from "../../provider/errors";
import { destroyPipeline } from "../../provider/lifecycle/destroy";
import { clearing, running, stopped, stoppedAfterRun, stopping } from "../fixtures/pipelines";
import {
  apiError,
  lostAnswer,
  type Script,
  ScriptedApi,
  status,
  stepContext,
  unknownPipeline,
} from "./scripted-api";

const ID = running().id;
const renamed = stopped({ name: "orders-v2" });

const deletes: Record<string, { script: Script; id?: string; writes: string[] }> = {
  "stops, clears and deletes a running pipeline": {
    script: { reads: [running()], polls: [status(stopping()), status(stoppedAfterRun()), status(stopped())] },
    writes: ["stop orders force", "clear orders", "delete orders"],
  },
  "deletes a stopped pipeline with cleared storage at once": {
    script: { reads: [stopped()] },
    writes: ["delete orders"],
  },
  "waits for a clear under way instead of clearing again": {
    script: { reads: [clearing()], polls: [status(clearing()), status(stopped())] },
    writes: ["delete orders"],
  },
  "treats a pipeline that is already gone as deleted": {
    script: { reads: [unknownPipeline()], list: [] },
    writes: [],
  },
  "finds a pipeline renamed outside Pulumi by its id and deletes it under its new name": {
    script: { reads: [unknownPipeline(), renamed], list: [status(renamed)] },
    writes: ["delete orders-v2"],
  },
  "never touches another pipeline that took the name": {
    script: { reads: [stopped({ id: "0193a0f4-7c1e-7000-8000-0000000000ff" })], list: [] },
    writes: [],
  },
  "counts a pipeline deleted by someone else during its stop as deleted": {
    script: {
      reads: [running(), unknownPipeline()],
      polls: [status(stopping()), unknownPipeline()],
      list: [],
    },
    writes: ["stop orders force"],
  },
  "counts a DELETE that finds the pipeline gone as deleted": {
    script: {
      reads: [stopped(), unknownPipeline()],
      failures: { deletePipeline: [unknownPipeline()] },
      list: [],
    },
    writes: ["delete orders"],
  },
  "starts over when someone started the pipeline again before our DELETE": {
    script: {
      reads: [stopped(), running()],
      failures: { deletePipeline: [apiError("DeleteRestrictedToFullyStopped")] },
      polls: [status(stoppedAfterRun()), status(stopped())],
    },
    writes: ["delete orders", "stop orders force", "clear orders", "delete orders"],
  },
};

describe("destroyPipeline", () => {
  for (const [name, row] of Object.entries(deletes)) {
    it(name, async () => {
      const api = new ScriptedApi(row.script);
      await destroyPipeline(stepContext(api), "orders", row.id ?? ID);
      expect(api.writes).toEqual(row.writes);
    });
  }

  const fails: Record<string, { script: Script; code: FelderaErrorCode; says: string }> = {
    "gives up after four rounds when something keeps starting the pipeline": {
      script: {
        reads: [stopped()],
        failures: {
          deletePipeline: Array.from({ length: 4 }, () => apiError("DeleteRestrictedToFullyStopped")),
        },
      },
      code: "FELDERA_ERR_UNEXPECTED_STATE",
      says: "could not be deleted after 4 attempts",
    },
    "ends with a lost answer": {
      script: { reads: [running()], failures: { stop: [lostAnswer()] } },
      code: "FELDERA_ERR_REQUEST_TIMEOUT",
      says: "did not answer",
    },
    "times out a stop that never completes, saying to run pulumi destroy again": {
      script: { reads: [running()], polls: [status(stopping())] },
      code: "FELDERA_ERR_WAIT_TIMEOUT",
      says: "run `pulumi destroy` again",
    },
  };

  for (const [name, row] of Object.entries(fails)) {
    it(name, async () => {
      const api = new ScriptedApi(row.script);
      const ctx = stepContext(api, { rerun: "pulumi destroy" });
      const err = await destroyPipeline(ctx, "orders", ID).catch((e: unknown) => e);
      expect(isFelderaError(err, row.code), String(err)).toBe(true);
      expect((err as Error).message).toContain(row.says);
    });
  }
});
