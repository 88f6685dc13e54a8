/** Runs the CLI in-process and records what it prints. */
import { join } from "node:path";
import { main } from "../../src/cli/main";

export const FIXTURES = join(__dirname, "..", "fixtures");
export const fixture = (name: string) => join(FIXTURES, name);

export async function runCli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cwd: FIXTURES });
  return { code, stdout, stderr };
}
