/**
 * The `causal-studio` command: argv -> one command -> stdout/stderr and an exit code.
 * `main` never throws and never calls process.exit, so tests run it in-process.
 */
import { type CliIo, describeThrown, EXIT_ERROR, isA, EXIT_OK, EXIT_USAGE, nodeIo, report, stackOf, thrownDiagnostic, UsageError } from "./cli-io";
import { printable } from "../core/errors/printable";
import { DIAGNOSE_HELP, GRAPH_HELP, MAIN_HELP, QUERY_HELP, RUN_HELP, SIMULATE_HELP, TRAIN_HELP, VERSION } from "./help";

type Command = (args: string[], io: CliIo) => Promise<number>;
/** Commands load on demand, so `--help` and one command do not pay for the others' imports. */
const COMMANDS: Record<string, { load: () => Promise<Command>; help: string }> = {
  graph: { load: async () => (await import("./graph-command")).graphCommand, help: GRAPH_HELP },
  query: { load: async () => (await import("./query-command")).queryCommand, help: QUERY_HELP },
  train: { load: async () => (await import("./train-command")).trainCommand, help: TRAIN_HELP },
  diagnose: { load: async () => (await import("./diagnose-command")).diagnoseCommand, help: DIAGNOSE_HELP },
  simulate: { load: async () => (await import("./simulate-command")).simulateCommand, help: SIMULATE_HELP },
  run: { load: async () => (await import("./run-command")).runCommand, help: RUN_HELP },
};

export async function main(argv: string[], io: CliIo = nodeIo): Promise<number> {
  const debug = argv.includes("--debug");
  const [name, ...rest] = argv.filter((a) => a !== "--debug");
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.stdout(MAIN_HELP);
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  if (name === "--version" || name === "-v") {
    io.stdout(`${VERSION}\n`);
    return EXIT_OK;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr(`causal-studio: unknown command "${printable(name)}"; commands: ${Object.keys(COMMANDS).join(", ")} (see --help)\n`);
    return EXIT_USAGE;
  }
  const wantsHelp = name === "run" ? rest.slice(0, 1).some(isHelp) : rest.some(isHelp);
  if (wantsHelp) {
    io.stdout(command.help);
    return EXIT_OK;
  }
  try {
    return await (await command.load())(rest, io);
  } catch (e) {
    return reportThrown(io, name, e, debug, command.help);
  }
}

/**
 * One path for whatever a command threw: bad usage (exit 2, with the usage line), a Diagnostic
 * (a CausalError or a validated look-alike: printed with its file:line:col, exit 1), or else a bug
 * of ours ("internal error" with its stack, exit 1). Never throws, whatever the value.
 */
export function reportThrown(io: CliIo, name: string, e: unknown, debug: boolean, help: string): number {
  if (isA(e, UsageError) || isParseArgsError(e)) {
    io.stderr(`causal-studio ${name}: ${printable((e as Error).message)}\n${help.split("\n")[0]}\n`);
    return EXIT_USAGE;
  }
  const d = thrownDiagnostic(e);
  if (d) {
    report(io, [d]);
    if (debug) io.stderr(`${stackOf(e) ?? ""}\n`);
    return EXIT_ERROR;
  }
  const stack = stackOf(e);
  io.stderr(`causal-studio ${name}: internal error (a bug in causal-studio; please report it with this output): ${printable(`${describeThrown(e)}\n${stack ? `${stack}\n` : ""}`)}`);
  return EXIT_ERROR;
}

const isHelp = (a: string) => a === "--help" || a === "-h";

function isParseArgsError(e: unknown): boolean {
  if (!isA(e, Error)) return false;
  const code = (e as { code?: unknown }).code;
  return typeof code === "string" && code.startsWith("ERR_PARSE_ARGS_");
}

// Run when this file is the bundle's entry (dist/cli.js); importing it (tests) runs nothing.
if (typeof require !== "undefined" && typeof module !== "undefined" && require.main === module) {
  // A reader that stops early (`causal-studio graph big.dagitty | head`) closes the pipe: stop quietly, as Unix tools do.
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code !== "EPIPE") throw e;
    process.exit(0);
  });
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
