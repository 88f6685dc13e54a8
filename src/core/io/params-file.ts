/**
 * Parameters files: what `causal-studio train` and the editor's "Train Model…" write, what
 * `query --params`, `--resume` and the DAG panel's Run read. A file is either a plain object of
 * values ({"slope": 1.2, "w": [0.1, 0.2]}) or the object training writes, with the values under
 * "params" beside where they came from (data file, rows, its stamp, when).
 *
 * Staleness, the one rule: a file's values fit a model when the model declares exactly the file's
 * param names, each with the same size (a number is size 1, a vector its length). Anything else
 * (a param added, removed, renamed or resized since training) makes the file stale for that model,
 * and queries fall back to the model's declared values. Changing a mechanism's body without
 * touching its params keeps the file valid: values are data, not code.
 */
import { CausalError, type Diagnostic, error } from "../errors/diagnostic";
import { ParamStore } from "../runtime/param-store";
import { readTextFile } from "./read-text-file";

/** What training writes (the "params" object alone is also a valid parameters file). */
export interface SavedParams {
  model: string;
  params: Record<string, number | number[]>;
  standardErrors?: Record<string, number | number[] | null>;
  data?: { file: string; rows: number; map?: Record<string, string>; levels?: Record<string, readonly string[]>; stamp?: DataStamp };
  /** ISO time the file was written. */
  trainedAt?: string;
  [more: string]: unknown;
}

/** A data file's identity when it was read: training results name the version they came from. */
export interface DataStamp {
  size: number;
  mtimeMs: number;
}

export type ParamsFileRead = { store: ParamStore; saved?: SavedParams } | { diagnostics: Diagnostic[] };

/** Reads and checks a parameters file (either form); errors name the file. */
export async function readParamsFile(file: string): Promise<ParamsFileRead> {
  const read = await readTextFile(file);
  if ("diagnostics" in read) return read;
  let json: unknown;
  try {
    json = JSON.parse(read.text);
  } catch (e) {
    return { diagnostics: [error("invalid-argument", `${file}: not valid JSON (${(e as Error).message}); a parameters file is an object {"name": number or [numbers]}`)] };
  }
  const saved = typeof json === "object" && json !== null && "params" in json && typeof (json as { params: unknown }).params === "object" ? (json as SavedParams) : undefined;
  try {
    return { store: ParamStore.fromJSON(saved ? saved.params : json, file), ...(saved ? { saved } : {}) };
  } catch (e) {
    if (e instanceof CausalError) return { diagnostics: [named(file, e.diagnostic)] };
    throw e;
  }
}

/** The model with a store's values, or the diagnostics that say why not (withParams's own checks). */
export function applyParams<M extends { withParams(s: ParamStore): M }>(m: M, store: ParamStore, file: string): { model: M } | { diagnostics: Diagnostic[] } {
  try {
    return { model: m.withParams(store) };
  } catch (e) {
    if (e instanceof CausalError) return { diagnostics: [named(file, e.diagnostic)] };
    throw e;
  }
}

/** Each declared param's size (1 for a number, the length of a vector). */
export function paramLayout(declared: readonly { name: string; init: number | ArrayLike<number> }[] | undefined): Record<string, number> {
  return Object.fromEntries((declared ?? []).map((p) => [p.name, typeof p.init === "number" ? 1 : p.init.length]));
}

/** Why a store does not fit a model's declared params (the staleness rule above), or undefined when it fits. */
export function staleReason(declared: Record<string, number>, store: ParamStore): string | undefined {
  const problems: string[] = [];
  for (const name of store.names()) {
    const v = store.get(name)!;
    const size = typeof v === "number" ? 1 : v.length;
    if (!Object.hasOwn(declared, name)) problems.push(`"${name}" is no longer declared`);
    else if (declared[name] !== size) problems.push(`"${name}" has size ${declared[name]} now, ${size} in the file`);
  }
  for (const name of Object.keys(declared)) if (!store.has(name)) problems.push(`"${name}" is new since training`);
  return problems.length ? `the model's params changed since training: ${problems.join("; ")}` : undefined;
}

function named(file: string, d: Diagnostic): Diagnostic {
  return { ...d, message: d.message.startsWith(file) ? d.message : `${file}: ${d.message}` };
}
