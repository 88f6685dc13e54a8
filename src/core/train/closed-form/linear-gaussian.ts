/**
 * Linear-Gaussian mechanisms by ordinary least squares on the normal equations:
 * coef = (Z'Z)^-1 Z'y with Z = [1, x] (a Cholesky solve, features centred by their means first so
 * Z'Z is well conditioned), sd = sqrt(RSS / n) — the maximum-likelihood estimate, not the unbiased
 * sqrt(RSS / (n - p)) — and classical standard errors from the same sigma^2:
 * se(coef) = sqrt(diag(sigma^2 (Z'Z)^-1)), se(sd) = sd / sqrt(2 n) (the inverse information).
 * The statistics come from one pass: the caller's shared moment matrix when it covers the
 * mechanism's columns, else a cross-products pass of its own (after a means pass when the
 * source knows no centre for a column).
 */
import { featureCentres, type SufficientStatistics, sufficientStatistics } from "../../data/sufficient-statistics";
import { type ClosedFormFitter, type ClosedFormInput, featureColumns, paramName, requireVaryingFeatures, singular } from "./closed-form";
import { cholesky, choleskyInverse, choleskySolve, standardErrorsOf, unshift } from "./linear-algebra";

/** Centred statistics: Z = [1, x - shift], y - yShift. */
interface Centred extends SufficientStatistics { shift: Float64Array; yShift: number }

export const fitLinearGaussian: ClosedFormFitter = async (input) => {
  await requireVaryingFeatures(input, "linear-Gaussian");
  await input.source.requireVariation([input.variable], (n) => `the linear-Gaussian mechanism of "${n}" needs its values to vary (its sd would be 0)`);
  const s = fromMoments(input) ?? (await ownStatistics(input));
  const k = s.d + 1;
  const L = cholesky(s.xtx, k);
  if (!L) throw singular(input, "X'X is singular");
  const b = choleskySolve(L, k, s.xty);
  let fitted = 0;
  for (let i = 0; i < k; i++) fitted += b[i] * s.xty[i];
  const rss = Math.max(0, s.yty - fitted), n = s.n, variance = rss / n;
  if (!(variance > 0)) throw singular(input, "the features predict the child exactly (RSS = 0), so the noise sd would be 0");
  const cov = choleskyInverse(L, k).map((v) => v * variance);
  b[0] += s.yShift;
  const back = unshift(b, cov, s.shift);
  const sd = Math.sqrt(variance);
  const coefName = paramName(input, "coef"), sdName = paramName(input, "sd");
  const loss = 0.5 * Math.log(2 * Math.PI * variance) + 0.5;
  input.onIteration?.(1, loss);
  return {
    params: { [coefName]: back.coef, [sdName]: sd },
    standardErrors: { [coefName]: standardErrorsOf(back.cov, k), [sdName]: sd / Math.sqrt(2 * n) },
    loss, rows: n, iterations: 1, converged: true, method: "closed form", warnings: [],
  };
};

/** The mechanism's statistics read off a shared moment matrix, when it holds its columns. */
function fromMoments(input: ClosedFormInput): Centred | undefined {
  const mm = input.moments;
  if (!mm || input.path === "scan") return undefined;
  const cols = [input.variable, ...input.learned.featureParents];
  if (cols.some((c) => c === undefined || !mm.names.includes(c))) return undefined;
  const K = mm.names.length + 1, at = (c: string) => 1 + mm.names.indexOf(c);
  const idx = [0, ...input.learned.featureParents.map((p) => at(p!))], iy = at(input.variable), k = idx.length;
  const xtx = new Float64Array(k * k), xty = new Float64Array(k);
  for (let a = 0; a < k; a++) {
    xty[a] = mm.m[idx[a] * K + iy];
    for (let c = 0; c < k; c++) xtx[a * k + c] = mm.m[idx[a] * K + idx[c]];
  }
  return { n: mm.n, d: k - 1, xtx, xty, yty: mm.m[iy * K + iy], shift: Float64Array.from(idx.slice(1), (i) => mm.shift[i - 1]), yShift: mm.shift[iy - 1] };
}

async function ownStatistics(input: ClosedFormInput): Promise<Centred> {
  const features = featureColumns(input);
  const shift = await featureCentres(input.source, features, input.path);
  const yShift = (await featureCentres(input.source, { child: input.variable, featureParents: [input.variable] }, input.path))[0];
  const s = await sufficientStatistics(input.source, { ...features, shift, yShift, ...(input.path ? { path: input.path } : {}) });
  return { ...s, shift, yShift };
}
