/** Raised inside exact inference when a query has no exact answer here (non-finite support,
 * tables too large, a cross-world coupling without a closed form); callers fall back to sampling. */
export class NotExactError extends Error {
  override readonly name = "NotExactError";
}
