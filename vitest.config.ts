import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 30_000,
    // suites that convert the whole corpus or build on the engine set up for longer than the 10 s default
    hookTimeout: 300_000,
    pool: "threads",
    reporters: ["default", "./test/support/summary-reporter.ts"],
  },
});
