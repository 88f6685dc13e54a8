/**
 * How an estimate's numbers are written, everywhere an answer is shown (the panel's plot labels,
 * its table and headings, the CLI): the digits shown are the ones the standard error supports.
 *
 * The rule: the standard error is rounded to two significant digits and the value (and every
 * number derived from the same samples: sd, interval, the plot's labels) to the same decimal place,
 * at most six significant digits of the value. A standard error below that sixth digit prints as
 * "± < 0.0001" (the unit of the last digit shown) rather than as 5.274e-9. An exact answer
 * (standard error 0) prints up to six significant digits and the word "exact". Magnitudes from
 * 10^6 up or below 10^-4 use scientific notation with the same number of significant digits.
 *
 *     estimateText(26.01734, 0.01123)   // "26.017 ± 0.011"
 *     estimateText(26.01734, 5.274e-9)  // "26.0173 ± < 0.0001"
 *     estimateText(0.9025, 0)           // "0.9025 exact"
 *
 * In protocol (imports nothing) so the webview and the CLI share it, like query-text.ts.
 */

const MAX_SIGNIFICANT = 6;

/** Decimal places for numbers measured with this standard error (se 0: undefined, i.e. significant digits instead). */
export function decimalsFor(value: number, se: number): number | undefined {
  if (!(se > 0) || !Number.isFinite(se)) return undefined;
  const seDecimals = 1 - Math.floor(Math.log10(se));
  const cap = value === 0 ? seDecimals : MAX_SIGNIFICANT - 1 - Math.floor(Math.log10(Math.abs(value)));
  return Math.max(0, Math.min(seDecimals, cap));
}

function scientific(x: number): boolean {
  return x !== 0 && (Math.abs(x) >= 1e6 || Math.abs(x) < 1e-4);
}

/** Up to `digits` significant digits, trailing zeros dropped ("0.9025", "26", "1.5e-7"). */
export function significantText(x: number, digits = MAX_SIGNIFICANT): string {
  if (x === 0) return "0";
  if (scientific(x)) return x.toExponential(digits - 1).replace(/\.?0+e/, "e");
  return Number(x.toPrecision(digits)).toString();
}

/** A number measured with standard error `se`, to the decimals that se supports (the value's part of estimateText). */
export function valueText(x: number, se: number): string {
  const d = decimalsFor(x, se);
  if (d === undefined) return significantText(x);
  if (scientific(x) || (x === 0 && scientific(se))) {
    const ref = x === 0 ? se : x;
    const sig = Math.max(1, Math.min(MAX_SIGNIFICANT, Math.floor(Math.log10(Math.abs(ref))) - Math.floor(Math.log10(se)) + 2));
    return x.toExponential(sig - 1);
  }
  return x.toFixed(d);
}

/** The standard error as shown: two significant digits at the value's decimals, or "< unit" below the sixth digit. */
export function standardErrorText(x: number, se: number): string {
  const d = decimalsFor(x, se);
  if (d === undefined) return "0";
  if (scientific(x) || (x === 0 && scientific(se))) return se.toExponential(1);
  const unit = 10 ** -d;
  if (se < unit / 2) return `< ${unit.toFixed(d)}`;
  return se.toFixed(d);
}

/** "value ± se", or "value exact". */
export function estimateText(x: number, se: number): string {
  return se === 0 ? `${significantText(x)} exact` : `${valueText(x, se)} ± ${standardErrorText(x, se)}`;
}
