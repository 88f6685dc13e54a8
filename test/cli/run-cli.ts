/** Runs the CLI in-process and records what it prints. */
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

export async function runCli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  if (argv[0] === "query" || argv[0] === "run") await ensureModelRunner();
  let stdout = "";
  let stderr = "";
  const code = await main(argv, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cwd: FIXTURES });
  return { code, stdout, stderr };
}
