/** What a command may touch: two output streams and the working directory. Tests pass a recorder. */
import type { Diagnostic } from "../core/errors/diagnostic";
import { formatDiagnostics } from "./format-diagnostic";

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
  /** Whether stderr is a terminal (progress bars are drawn only there). */
  stderrIsTTY?: boolean;
}

export const EXIT_OK = 0;
/** An error in the model, the graph or the query. */
export const EXIT_ERROR = 1;
/** Bad usage: unknown flags, missing arguments. */
export const EXIT_USAGE = 2;

/** Thrown inside commands for bad usage; main prints the message and the command's usage line. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** Prints diagnostics to stderr; returns true when any of them is an error. */
export function report(io: CliIo, diagnostics: Diagnostic[], sources?: Map<string, string>): boolean {
  if (diagnostics.length) io.stderr(formatDiagnostics(diagnostics, { cwd: io.cwd, sources }));
  return diagnostics.some((d) => d.severity === "error");
}

export const nodeIo: CliIo = {
  stdout: (t) => void process.stdout.write(t),
  stderr: (t) => void process.stderr.write(t),
  cwd: process.cwd(),
  stderrIsTTY: !!process.stderr.isTTY,
};
