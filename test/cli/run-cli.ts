/** Runs the CLI in-process and records what it prints. */
import { build } from "esbuild";
import { join } from "node:path";
import { main } from "../../src/cli/main";
import { buildChildForTests } from "../../src/core/io/model-process.test-util";

export const FIXTURES = join(__dirname, "..", "fixtures");
export const fixture = (name: string) => join(FIXTURES, name);

let runner: Promise<string> | undefined;
/** `query` runs the model in the model process: its child is built for the test run (as core/io's own tests do) unless one is set. */
export async function ensureModelRunner(): Promise<void> {
  if (process.env.CAUSAL_STUDIO_MODEL_RUNNER) return;
  process.env.CAUSAL_STUDIO_MODEL_RUNNER = await (runner ??= buildChildForTests("cli"));
}

let cli: Promise<string> | undefined;
/** `run` runs the script in a child CLI (dist/cli.js when bundled): a bundle of the CLI is built for the test run unless one is set. */
export async function ensureCliBundle(): Promise<void> {
  if (process.env.CAUSAL_STUDIO_CLI) return;
  process.env.CAUSAL_STUDIO_CLI = await (cli ??= buildCliForTests());
}

async function buildCliForTests(): Promise<string> {
  const root = join(__dirname, "..", "..");
  const outfile = join(root, ".tmp", "test-cli", `cli-${process.pid}.js`);
  await build({
    entryPoints: [join(root, "src", "cli", "main.ts")], bundle: true, platform: "node", format: "cjs", target: "node20", outfile,
    external: ["esbuild", "@duckdb/node-api", "@duckdb/node-bindings*"], alias: { "causal-studio": join(root, "src", "core", "index.ts") }, logLevel: "error",
  });
  return outfile;
}

export async function runCli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  if (argv[0] === "query" || (argv[0] === "graph" && argv.includes("bif"))) await ensureModelRunner();
  if (argv[0] === "run" && argv[1] !== "--help") await ensureCliBundle();
  let stdout = "";
  let stderr = "";
  const code = await main(argv, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cwd: FIXTURES });
  return { code, stdout, stderr };
}
