/**
 * The one place that decides "exact, else sample". Exact inference signals that it has no exact
 * answer with NotExactError (core/infer); a caller that asked for `method: "exact"` gets that as
 * the public diagnostic `exact-inference-unavailable` (a CausalError), and `"auto"` falls back to
 * sampling. Both estimateTarget (one target, one pass) and answer (batched, with progress) go
 * through here, so the two can never disagree on when an answer is exact.
 */
import { CausalError, error } from "../errors/diagnostic";
import { NotExactError } from "../infer/not-exact";
import type { Method } from "./options";

/** exact()'s value, or undefined when the caller should sample (method "sampling", or "auto" and no exact answer). */
export function tryExact<T>(method: Method | undefined, exact: () => T): { value: T } | undefined {
  if (method === "sampling") return undefined;
  try {
    return { value: exact() };
  } catch (e) {
    if (!isNotExact(e)) throw e;
    if (method !== "exact") return undefined;
    throw e instanceof CausalError ? e : notExact(e as Error);
  }
}

/** NotExactError from the engine, or its public form (an inner tryExact with method "exact"). */
function isNotExact(e: unknown): boolean {
  return e instanceof NotExactError || (e instanceof CausalError && e.diagnostic.code === "exact-inference-unavailable");
}

function notExact(e: Error): CausalError {
  return new CausalError(error("exact-inference-unavailable", `exact inference is not possible for this query: ${e.message}. Use method "sampling" (or "auto").`));
}
