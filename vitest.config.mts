import { configDefaults, defineConfig } from "vitest/config";

/**
 * Three layers, each a vitest project (`npx vitest run --project unit`):
 *  - unit: pure functions and scripted fakes (planner, lifecycle against a scripted PipelineApi, field
 *    table, policies, retry and config resolution): no server, no process, seconds in all;
 *  - integration: real HTTP servers on 127.0.0.1 (the emulator, scripted servers) and the real Pulumi
 *    provider host over gRPC;
 *  - e2e: Pulumi programs through the engine and the CLI (most of the suite's time).
 */
const UNIT = [
  "test/plan/**/*.test.ts",
  "test/lifecycle/**/*.test.ts",
  "test/model/**/*.test.ts",
  "test/policy/policies/**/*.test.ts",
  "test/policy/connectors.test.ts",
  "test/policy/environment.test.ts",
  "test/client/config.test.ts",
  "test/client/retry-policy.test.ts",
  "test/bench/stats.test.ts",
  "test/bench/targets.test.ts",
  "test/emulator/field-rules.test.ts",
];
const E2E = [
  "test/e2e/**/*.test.ts",
  "test/cli/**/*.test.ts",
  "test/demo/**/*.test.ts",
  "test/policy/pulumi-preview.test.ts",
];

export default defineConfig({
  test: {
    // Tests talk to real processes (HTTP servers, the gRPC provider host); isolate them per file.
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores here and in CI: more workers only add contention to timing-sensitive waits.
    maxWorkers: 2,
    projects: [
      // Pure tests share one module graph per worker: importing zod schemas, not running tests, is their cost.
      { extends: true, test: { name: "unit", include: UNIT, pool: "threads", isolate: false } },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["test/**/*.test.ts"],
          exclude: [...configDefaults.exclude, ...UNIT, ...E2E],
        },
      },
      { extends: true, test: { name: "e2e", include: E2E } },
    ],
  },
});
