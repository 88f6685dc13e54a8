/**
 * The one place that decides "exact, else sample". Exact inference signals that it has no exact
 * answer with NotExactError (core/infer); a caller that asked for `method: "exact"` gets that as
 * the public diagnostic `exact-inference-unavailable` (a CausalError), and `"auto"` falls back to
 * sampling. Both estimateTarget (one target, one pass) and answer (batched, with progress) go
 * through here, so the two can never disagree on when an answer is exact.
 * Where exact inference would apply but its tables are too large, the fallback carries a note
 * ("exact tables would need 10^10 parent configurations; sampled instead") that the sampled
 * estimate's method repeats (withNote), so the answer says why it is not exact.
 */
import { CausalError, error } from "../errors/diagnostic";
import type { Estimate } from "../infer/estimate";
import { NotExactError } from "../infer/not-exact";
import type { Method } from "./options";

export type ExactOrSample<T> = { exact: true; value: T } | { exact: false; note?: string };

/** The public refusals made from a NotExactError, with the note of the error they came from. */
const notes = new WeakMap<CausalError, string>();

/** exact()'s value, or `exact: false` when the caller should sample (method "sampling", or "auto" and no exact answer). */
export function tryExact<T>(method: Method | undefined, exact: () => T): ExactOrSample<T> {
  if (method === "sampling") return { exact: false };
  try {
    return { exact: true, value: exact() };
  } catch (e) {
    if (!isNotExact(e)) throw e;
    if (method !== "exact") {
      const note = e instanceof NotExactError ? e.note : notes.get(e as CausalError);
      return { exact: false, ...(note ? { note } : {}) };
    }
    throw e instanceof CausalError ? e : notExact(e as NotExactError);
  }
}

/** The estimate with `note` appended to its method ("ancestral sampling — exact tables would need ..."). */
export function withNote(e: Estimate, note: string | undefined): Estimate {
  return note ? { ...e, method: `${e.method} — ${note}` } : e;
}

/** NotExactError from the engine, or its public form (an inner tryExact with method "exact"). */
export function isNotExact(e: unknown): boolean {
  return e instanceof NotExactError || (e instanceof CausalError && e.diagnostic.code === "exact-inference-unavailable");
}

function notExact(e: NotExactError): CausalError {
  const out = new CausalError(error("exact-inference-unavailable", `exact inference is not possible for this query: ${e.message}. Use method "sampling" (or "auto").`));
  if (e.note) notes.set(out, e.note);
  return out;
}
