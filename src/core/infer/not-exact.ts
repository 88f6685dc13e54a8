/** Raised inside exact inference when a query has no exact answer here (non-finite support,
 * tables too large, a cross-world coupling without a closed form); callers fall back to sampling.
 * `note`, when set, is what a sampled answer says about why it is not exact (set where exact
 * inference would otherwise apply but its tables are too large: a user expects an exact answer). */
export class NotExactError extends Error {
  override readonly name = "NotExactError";
  constructor(message: string, readonly note?: string) {
    super(message);
  }
}

/** `n` for a message: grouped digits below a million, else "10^k" or "m×10^k" (n may be Infinity for a product of huge supports: give log10 n). */
export function countText(n: number, log10 = Math.log10(n)): string {
  if (log10 < 6) return Math.round(n).toLocaleString("en-US");
  let k = Math.floor(log10 + 1e-9), m = (10 ** (log10 - k)).toFixed(1);
  if (m === "10.0") { k++; m = "1.0"; }
  return m === "1.0" ? `10^${k}` : `${m}×10^${k}`;
}

/** "exact tables would need <what>; sampled instead": the note of a too-large table. */
export function tooLarge(message: string, what: string): NotExactError {
  return new NotExactError(message, `exact tables would need ${what}; sampled instead`);
}
