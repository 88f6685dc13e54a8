import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

const alias = { "causal-studio": fileURLToPath(new URL("./src/core/index.ts", import.meta.url)) };

// Three projects: fast unit/property tests beside the code, real-Chromium webview tests,
// and real-VS-Code (code-server) end-to-end tests. `npm test` runs all three.
export default defineConfig({
  test: {
    projects: [
      { resolve: { alias }, test: { name: "unit", include: ["src/**/*.test.ts", "test/*.test.ts", "test/cli/**/*.test.ts", "test/samples/**/*.test.ts"], testTimeout: 60_000 } },
      { resolve: { alias }, test: { name: "browser", include: ["test/browser/**/*.test.ts"], testTimeout: 60_000, hookTimeout: 120_000, fileParallelism: false } },
      { resolve: { alias }, test: { name: "e2e", include: ["test/e2e/**/*.test.ts"], testTimeout: 180_000, hookTimeout: 600_000, fileParallelism: false } },
    ],
  },
});
