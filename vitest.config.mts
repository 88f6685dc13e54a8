import { defineConfig } from "vitest/config";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";

const alias = { "causal-studio": fileURLToPath(new URL("./src/core/index.ts", import.meta.url)) };

// Three projects: fast unit/property tests beside the code, real-Chromium webview tests,
// and real-VS-Code (code-server) end-to-end tests. `npm test` runs all three: the unit files on
// every core (vitest's default leaves one idle, which on CI's two cores ran them one at a time),
// then the browser and e2e files one at a time (they drive one browser each).
export default defineConfig({
  test: {
    projects: [
      { resolve: { alias }, test: { name: "unit", include: ["src/**/*.test.ts", "test/*.test.ts", "test/cli/**/*.test.ts", "test/samples/**/*.test.ts"], testTimeout: 60_000, maxWorkers: availableParallelism() } },
      { resolve: { alias }, test: { name: "browser", include: ["test/browser/**/*.test.ts"], testTimeout: 60_000, hookTimeout: 120_000, fileParallelism: false } },
      { resolve: { alias }, test: { name: "e2e", include: ["test/e2e/**/*.test.ts"], testTimeout: 180_000, hookTimeout: 600_000, fileParallelism: false } },
    ],
  },
});
