import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// The opt-in Spark SQL tests (`npm run test:spark`, .ci/test-spark.sh starts the server): never part of
// `npm test`, whose projects (vitest.config.mts) do not include test/spark.
const alias = { "causal-studio": fileURLToPath(new URL("../../src/core/index.ts", import.meta.url)) };
export default defineConfig({
  root: fileURLToPath(new URL("../..", import.meta.url)),
  resolve: { alias },
  test: { name: "spark", include: ["test/spark/**/*.test.ts"], testTimeout: 300_000, hookTimeout: 300_000, fileParallelism: false },
});
