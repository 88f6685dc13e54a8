/**
 * `causal-studio run <script.ts> [args...]`: bundles and runs a script with "causal-studio"
 * resolved to this library. A `main` export is called with the arguments and awaited.
 */
import { loadModule } from "../core/io/load-module";
import { diagnosticFromThrown } from "../core/io/error-location";
import { type CliIo, EXIT_ERROR, EXIT_OK, report, UsageError } from "./cli-io";

export async function runCommand(args: string[], io: CliIo): Promise<number> {
  const [script, ...rest] = args;
  if (script === undefined || script.startsWith("-")) throw new UsageError("missing the script to run");
  const loaded = await loadModule(script, rest);
  if ("diagnostics" in loaded) return report(io, loaded.diagnostics), EXIT_ERROR;
  const main = loaded.exports.main;
  if (typeof main !== "function") return EXIT_OK;
  try {
    const result: unknown = await main(rest);
    return typeof result === "number" && Number.isInteger(result) ? result : EXIT_OK;
  } catch (e) {
    return report(io, [diagnosticFromThrown(e, loaded.info, `${script}: main()`)]), EXIT_ERROR;
  }
}
