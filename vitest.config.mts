import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Tests talk to real processes (HTTP servers, the gRPC provider host); isolate them per file.
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores here and in CI: more workers only add contention to timing-sensitive waits.
    maxWorkers: 2,
  },
});
