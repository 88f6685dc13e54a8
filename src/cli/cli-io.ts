/** What a command may touch: two output streams and the working directory. Tests pass a recorder. */
import { CausalError, type Diagnostic } from "../core/errors/diagnostic";
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

/**
 * A Diagnostic carried by a thrown value: a CausalError, or an object that looks like one (a
 * CausalError from another copy of the library) whose diagnostic has a code and a message that
 * are strings; anything else is not trusted as a diagnostic.
 */
export function thrownDiagnostic(e: unknown): Diagnostic | undefined {
  const d = isA(e, CausalError) ? (e as CausalError).diagnostic : safely(() => (e as { diagnostic?: unknown } | null)?.diagnostic);
  if (typeof d !== "object" || d === null) return undefined;
  const { code, message, severity, range, notes } = d as Record<string, unknown>;
  if (typeof code !== "string" || typeof message !== "string") return undefined;
  const okRange = typeof range === "object" && range !== null && typeof (range as { start?: { line?: unknown } }).start?.line === "number" ? (range as Diagnostic["range"]) : undefined;
  const okNotes = Array.isArray(notes) && notes.every((n) => typeof n === "string") ? (notes as string[]) : undefined;
  return { code: code as Diagnostic["code"], message, severity: severity === "warning" || severity === "info" ? severity : "error", ...(okRange ? { range: okRange } : {}), ...(okNotes ? { notes: okNotes } : {}) };
}

/** Words for any thrown value, never throwing itself (a null-prototype object, a getter that throws, a revoked proxy). */
export function describeThrown(e: unknown): string {
  if (isA(e, Error)) return safely(() => `${(e as Error).name}: ${(e as Error).message}`) ?? "an Error";
  if (e === null || (typeof e !== "object" && typeof e !== "function")) return `a ${e === null ? "null" : typeof e} was thrown: ${String(e)}`;
  const text = safely(() => JSON.stringify(e)) ?? safely(() => String(e));
  return `a non-error value was thrown: ${text ?? safely(() => Object.prototype.toString.call(e)) ?? "a value that cannot be read"}`;
}

/** The stack of a thrown Error, if it has one that can be read. */
export function stackOf(e: unknown): string | undefined {
  return isA(e, Error) ? safely(() => { const s = (e as Error).stack; return typeof s === "string" ? s : undefined; }) : undefined;
}

/** `e instanceof C`, false where even asking throws (a revoked Proxy). */
export function isA(e: unknown, C: abstract new (...args: never[]) => unknown): boolean {
  return safely(() => e instanceof C) === true;
}

function safely<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch {
    return undefined;
  }
}

export const nodeIo: CliIo = {
  stdout: (t) => void process.stdout.write(t),
  stderr: (t) => void process.stderr.write(t),
  cwd: process.cwd(),
  stderrIsTTY: !!process.stderr.isTTY,
};
