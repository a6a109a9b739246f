/**
 * The emulator for tests, with conformance built in: every response the emulator sends during a test is
 * validated against Feldera's OpenAPI spec when the test ends, and a violation fails that test with the
 * list of violations. The emulator is closed for you.
 *
 * Two ways to get one:
 *
 *   // one emulator per test (inside `it` or `beforeEach`): closed when the test finishes
 *   it("…", async () => {
 *     const emu = await startTestEmulator({ edition: "open-source" });
 *     …
 *   });
 *
 *   // one emulator per file or `describe` (call at collection time, not inside beforeAll):
 *   const env = useTestEmulator();
 *   it("…", async () => { await env.api.get("/v0/pipelines"); env.emulator.crash("p"); });
 *
 * Both use `recordResponseBodies: true` and `timeScale: 0.02` unless overridden. Pipeline names must be
 * unique per test: use `uniqueName(prefix)`.
 */
import { randomBytes } from "node:crypto";
import { afterAll, afterEach, beforeAll, expect, onTestFinished } from "vitest";
import { type Emulator, type EmulatorOptions, startEmulator } from "../../provider/emulator";
import { type Client, client, waitFor } from "./http";
import { validateResponse } from "./openapi";

export const TEST_TIME_SCALE = 0.02;

export interface TestEmulator extends Emulator {
  /** A raw HTTP client bound to the emulator (no retries, no parsing beyond JSON). */
  api: Client;
}

function withDefaults(options: EmulatorOptions): EmulatorOptions {
  return { timeScale: TEST_TIME_SCALE, ...options, recordResponseBodies: true };
}

/** Every logged response from `from` on that does not conform to the spec. */
export function specViolations(emulator: Emulator, from = 0): string[] {
  return emulator.requests.slice(from).flatMap((entry) =>
    entry.status === 0 || entry.fault !== undefined
      ? [] // dropped or injected: not the server's answer
      : validateResponse(
          entry.method,
          entry.path,
          entry.status,
          entry.responseContentType,
          entry.responseBody,
        ),
  );
}

function assertConforms(emulator: Emulator, from: number): void {
  const violations = specViolations(emulator, from);
  if (violations.length > 0) {
    throw new Error(`emulator responses violate the OpenAPI spec:\n  ${violations.join("\n  ")}`);
  }
}

function decorate(emulator: Emulator): TestEmulator {
  return Object.assign(emulator, { api: client(emulator.url) });
}

function insideTest(): boolean {
  return expect.getState().currentTestName !== undefined;
}

/**
 * Starts an emulator for the current test (inside `it` or `beforeEach`). When the test finishes, its
 * responses are validated against the spec and it is closed.
 */
export async function startTestEmulator(options: EmulatorOptions = {}): Promise<TestEmulator> {
  if (!insideTest()) {
    throw new Error(
      "startTestEmulator() must run inside a test or beforeEach; for one emulator per file use useTestEmulator()",
    );
  }
  const emulator = decorate(await startEmulator(withDefaults(options)));
  onTestFinished(async () => {
    try {
      assertConforms(emulator, 0);
    } finally {
      await emulator.close();
    }
  });
  return emulator;
}

export interface SharedTestEmulator {
  readonly emulator: TestEmulator;
  readonly api: Client;
  readonly url: string;
}

/**
 * One emulator shared by the tests of the current file or `describe` block; call it at collection time.
 * Responses are validated after each test (only that test's), the emulator closed after the last one.
 */
export function useTestEmulator(options: EmulatorOptions = {}): SharedTestEmulator {
  let current: TestEmulator | undefined;
  let validatedUpTo = 0;
  beforeAll(async () => {
    current = decorate(await startEmulator(withDefaults(options)));
  });
  afterEach(() => {
    if (!current) return;
    const from = validatedUpTo;
    validatedUpTo = current.requests.length;
    assertConforms(current, from);
  });
  afterAll(async () => {
    await current?.close();
  });
  const get = () => {
    if (!current) throw new Error("useTestEmulator(): the emulator is not started yet (use it inside tests)");
    return current;
  };
  return {
    get emulator() {
      return get();
    },
    get api() {
      return get().api;
    },
    get url() {
      return get().url;
    },
  };
}

/** `prefix-3f9a1c`: unique per call, valid as a Feldera pipeline name. */
export function uniqueName(prefix = "p"): string {
  return `${prefix}-${randomBytes(4).toString("hex")}`;
}

export type Pipeline = Record<string, unknown> & { name: string };

/**
 * Polls `GET /v0/pipelines/{name}` (selector=all) until `predicate` holds; the timeout error shows the
 * last pipeline seen, which is what one needs to understand a stuck transition.
 */
export async function waitForPipeline(
  api: Client,
  name: string,
  predicate: (p: Pipeline) => boolean,
  { timeoutMs = 10_000, what = "the pipeline to reach the expected state" } = {},
): Promise<Pipeline> {
  let last: unknown;
  try {
    return await waitFor(
      async () => {
        const res = await api.get(`/v0/pipelines/${encodeURIComponent(name)}`);
        last = res.json;
        return res.status === 200 && predicate(res.json as Pipeline) ? (res.json as Pipeline) : undefined;
      },
      { timeoutMs, what },
    );
  } catch (e) {
    throw new Error(`${(e as Error).message}; last seen: ${JSON.stringify(last)}`);
  }
}

/** Common waits, by the fields a person would look at. */
export const until = {
  compiled: (p: Pipeline) => p["program_status"] === "Success",
  programStatus: (status: string) => (p: Pipeline) => p["program_status"] === status,
  status: (status: string) => (p: Pipeline) => p["deployment_status"] === status,
  fullyStopped: (p: Pipeline) =>
    p["deployment_resources_status"] === "Stopped" && p["deployment_resources_desired_status"] === "Stopped",
  storage: (status: string) => (p: Pipeline) => p["storage_status"] === status,
};
