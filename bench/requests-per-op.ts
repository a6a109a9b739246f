/**
 * Section 1: requests per operation, counted from the emulator's request log, each beside the minimum the
 * API allows: the writes the operation requires plus one final read (none for a no-op: the engine calls
 * only check and diff, and there is nothing to confirm).
 *
 * Writes, full reads, validations and the config read do not depend on timing; status polls do (how many
 * it takes to see a transition), so they are reported apart, as the range over the repetitions.
 */
import { startEmulator } from "../provider/emulator";
import { destroy, type ResourceState, upCreate, upUpdate } from "./engine-ops";
import { pipelineProps, smallProgram } from "./pipelines";
import { ProviderProcess } from "./provider-host";
import { countKinds, describeRequest, type KindCounts, kindOf } from "./request-kinds";
import type { Section } from "./section";
import type { Table } from "./table";
import { atMost } from "./targets";

const TIME_SCALE = 0.2;

interface OpSpec {
  op: string;
  /** The writes the API requires, in order. */
  required: string[];
  /** One final read, unless there is nothing to confirm. */
  finalRead: number;
}

const OPS: OpSpec[] = [
  {
    op: "create and start",
    required: ["POST /v0/pipelines", "POST /v0/pipelines/{name}/start"],
    finalRead: 1,
  },
  { op: "no-op up", required: [], finalRead: 0 },
  { op: "description-only change", required: ["PATCH /v0/pipelines/{name}"], finalRead: 1 },
  {
    op: "program change (running)",
    required: [
      "POST /v0/pipelines/{name}/stop",
      "PATCH /v0/pipelines/{name}",
      "POST /v0/pipelines/{name}/start",
    ],
    finalRead: 1,
  },
  {
    op: "destroy",
    required: [
      "POST /v0/pipelines/{name}/stop",
      "POST /v0/pipelines/{name}/clear",
      "DELETE /v0/pipelines/{name}",
    ],
    finalRead: 1,
  },
];

interface OpObservation {
  counts: KindCounts;
  /** Every request but status polls, in order. */
  sequence: string[];
}

export const requestsPerOp: Section = async ({ quick, log }) => {
  const reps = quick ? 2 : 3;
  const emulator = await startEmulator({ timeScale: TIME_SCALE });
  const provider = await ProviderProcess.spawn(emulator.url);
  const observed: OpObservation[][] = OPS.map(() => []);
  try {
    for (let rep = 0; rep < reps; rep++) {
      log(`  requests per operation: repetition ${rep + 1}/${reps}`);
      const name = `rpo-${rep}`;
      const base = pipelineProps(name, smallProgram(`r${rep}`));
      const steps: Array<(s: ResourceState | undefined) => Promise<ResourceState | undefined>> = [
        async () => (await upCreate(provider, base)).state,
        async (s) => (await upUpdate(provider, s!, base)).state,
        async (s) => (await upUpdate(provider, s!, { ...base, description: "now described" })).state,
        async (s) =>
          (
            await upUpdate(provider, s!, {
              ...base,
              description: "now described",
              programCode: smallProgram(`r${rep}`, 1),
            })
          ).state,
        async (s) => {
          await destroy(provider, s!);
          return undefined;
        },
      ];
      let state: ResourceState | undefined;
      for (const [i, step] of steps.entries()) {
        emulator.clearRequests();
        state = await step(state);
        const requests = [...emulator.requests];
        observed[i]!.push({
          counts: countKinds(requests),
          sequence: requests.filter((r) => kindOf(r) !== "status").map(describeRequest),
        });
      }
    }
  } finally {
    await provider.close();
    await emulator.close();
  }

  const rows = OPS.map((spec, i) => summarizeOp(spec, observed[i]!));
  const table: Table = {
    title:
      "1. Requests per operation (emulator request log; engine calls check → diff → create/update/delete)",
    headers: [
      "operation",
      "writes",
      "min",
      "full GET",
      "config",
      "validate",
      "deterministic",
      "min (+1 read)",
      "status polls*",
      "same every run",
    ],
    rows: rows.map((r) => [
      r.op,
      r.writes,
      r.minWrites,
      r.fullReads,
      r.config,
      r.validate,
      r.deterministic,
      r.minimum,
      r.polls[0] === r.polls[1] ? r.polls[0] : `${r.polls[0]}–${r.polls[1]}`,
      r.deterministicEveryRun,
    ]),
    notes: [
      `${reps} repetitions at timeScale ${TIME_SCALE} (default stage delays), one provider process.`,
      "writes: non-GET requests except POST /v0/validate_program; min: the writes the API requires.",
      "deterministic = writes + full GETs + GET /v0/config + validate; min (+1 read) = required writes + one final read.",
      "config: GET /v0/config is sent once per provider process (feature detection), so it shows on the first operation only.",
      "validate: POST /v0/validate_program, sent by check when the program is new or changed (validateSqlOnPreview, default on); it stores nothing.",
      "* status polls (GET ?selector=status) depend on timing: range over the repetitions. The final read of each operation is one of them.",
    ],
  };
  const sequences: Table = {
    title: "1b. Request sequences (status polls left out), first repetition",
    headers: ["operation", "requests"],
    rows: rows.map((r) => [r.op, r.sequence.join(" → ") || "(none)"]),
  };
  const extraWrites = rows.reduce((s, r) => s + Math.max(0, r.writes - r.minWrites), 0);
  return {
    key: "requestsPerOperation",
    title: "Requests per operation",
    tables: [table, sequences],
    data: { timeScale: TIME_SCALE, repetitions: reps, operations: rows },
    targets: [
      atMost(
        "writes beyond the minimum (per operation, section 1)",
        extraWrites,
        0,
        "requests",
        "sum over the five operations of max(0, writes − required writes)",
      ),
    ],
  };
};

function summarizeOp(spec: OpSpec, runs: OpObservation[]) {
  const first = runs[0]!;
  const key = (o: OpObservation) =>
    `${o.counts.write}/${o.counts.full}/${o.counts.validate}/${o.counts.list}`;
  const polls = runs.map((o) => o.counts.status);
  const writes = first.counts.write;
  const deterministic =
    writes + first.counts.full + first.counts.config + first.counts.validate + first.counts.list;
  return {
    op: spec.op,
    writes,
    minWrites: spec.required.length,
    requiredWrites: spec.required,
    fullReads: first.counts.full,
    listReads: first.counts.list,
    config: first.counts.config,
    validate: first.counts.validate,
    deterministic,
    minimum: spec.required.length + spec.finalRead,
    polls: [Math.min(...polls), Math.max(...polls)] as [number, number],
    deterministicEveryRun: runs.every((o) => key(o) === key(first)),
    sequence: first.sequence,
    perRun: runs.map((o) => o.counts),
  };
}
