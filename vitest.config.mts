import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "kernel-ext/test/**/*.test.ts", "widgets/test/unit/**/*.test.ts", "widgets/test/kernel/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
