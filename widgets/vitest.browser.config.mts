import { defineConfig } from "vitest/config";

// The browser suite: scripts/browser-tests.sh starts JupyterLab and runs this config.
export default defineConfig({
  test: {
    root: new URL("..", import.meta.url).pathname,
    include: ["widgets/test/browser/**/*.browser.test.ts"],
    testTimeout: 240_000,
    hookTimeout: 240_000,
    pool: "forks",
    fileParallelism: false,
  },
});
