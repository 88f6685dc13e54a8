/** Builds the model-runner child (as .ci/build.mjs does for dist/model-runner.js) into .tmp/ for tests. */
import { build } from "esbuild";
import { join } from "node:path";

const root = join(__dirname, "..", "..", "..");

export async function buildChildForTests(name = "model-runner"): Promise<string> {
  const outfile = join(root, ".tmp", "test-model-runner", `${name}-${process.pid}.js`);
  await build({
    entryPoints: [join(root, "src/core/io/model-process-child.ts")], bundle: true, platform: "node", target: "node20", format: "cjs",
    outfile, external: ["esbuild", "@duckdb/node-api", "@duckdb/node-bindings*"], alias: { "causal-studio": join(root, "src/core/index.ts") }, logLevel: "warning",
  });
  return outfile;
}

export const runnerFixture = (name: string) => join(root, "test", "fixtures", "runner", name);
