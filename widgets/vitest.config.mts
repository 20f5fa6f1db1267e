import { defineConfig } from "vitest/config";

// Unit tests of the widgets (pure frontend modules, and the kernel-side classes in
// kernel-ext/src/widgets). The browser suite has its own config (vitest.browser.config.mts).
export default defineConfig({
  test: {
    root: new URL("..", import.meta.url).pathname,
    include: ["widgets/test/unit/**/*.test.ts", "widgets/test/kernel/**/*.test.ts"],
    testTimeout: 60_000,
    pool: "forks",
  },
});
