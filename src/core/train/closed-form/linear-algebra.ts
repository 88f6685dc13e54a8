/**
 * The small dense linear algebra the closed-form fitters need, on row-major Float64Arrays: a
 * Cholesky factorisation of a symmetric positive-definite matrix (Golub & Van Loan, Matrix
 * Computations, 4th ed., Algorithm 4.2.1), solves and the inverse from it, and the change of
 * coordinates that undoes centring the features. Nothing here allocates per row of data.
 */

/** The lower-triangular L with A = L L^T, or undefined when A is not (numerically) positive definite. */
export function cholesky(A: Float64Array, k: number): Float64Array | undefined {
  const L = new Float64Array(k * k);
  let scale = 0;
  for (let i = 0; i < k; i++) scale = Math.max(scale, Math.abs(A[i * k + i]));
  for (let j = 0; j < k; j++) {
    let s = A[j * k + j];
    for (let p = 0; p < j; p++) s -= L[j * k + p] * L[j * k + p];
    if (!(s > 1e-13 * scale)) return undefined;
    const ljj = Math.sqrt(s);
    L[j * k + j] = ljj;
    for (let i = j + 1; i < k; i++) {
      let t = A[i * k + j];
      for (let p = 0; p < j; p++) t -= L[i * k + p] * L[j * k + p];
      L[i * k + j] = t / ljj;
    }
  }
  return L;
}

/** Solves L L^T x = b. */
export function choleskySolve(L: Float64Array, k: number, b: Float64Array): Float64Array {
  const y = new Float64Array(k);
  for (let i = 0; i < k; i++) { let s = b[i]; for (let p = 0; p < i; p++) s -= L[i * k + p] * y[p]; y[i] = s / L[i * k + i]; }
  const x = new Float64Array(k);
  for (let i = k - 1; i >= 0; i--) { let s = y[i]; for (let p = i + 1; p < k; p++) s -= L[p * k + i] * x[p]; x[i] = s / L[i * k + i]; }
  return x;
}

/** (L L^T)^-1, column by column. */
export function choleskyInverse(L: Float64Array, k: number): Float64Array {
  const inv = new Float64Array(k * k), e = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    e.fill(0); e[j] = 1;
    const col = choleskySolve(L, k, e);
    for (let i = 0; i < k; i++) inv[i * k + j] = col[i];
  }
  return inv;
}

/**
 * Coefficients fitted on centred features (eta = b0' + b . (x - shift)) back to the model's
 * (eta = b0 + b . x, b0 = b0' - b . shift), with their covariance (T C T^T), for `blocks`
 * consecutive blocks of 1 + d coefficients (softmax has one per non-reference level).
 */
export function unshift(coef: Float64Array, cov: Float64Array, shift: Float64Array, blocks = 1): { coef: Float64Array; cov: Float64Array } {
  const m = shift.length + 1, P = coef.length;
  const T = new Float64Array(P * P);
  for (let r = 0; r < blocks; r++) {
    const o = r * m;
    for (let a = 0; a < m; a++) T[(o + a) * P + o + a] = 1;
    for (let j = 0; j < m - 1; j++) T[o * P + o + 1 + j] = -shift[j];
  }
  const out = new Float64Array(P);
  for (let i = 0; i < P; i++) { let s = 0; for (let j = 0; j < P; j++) s += T[i * P + j] * coef[j]; out[i] = s; }
  const TC = new Float64Array(P * P), C2 = new Float64Array(P * P);
  for (let i = 0; i < P; i++) for (let j = 0; j < P; j++) { let s = 0; for (let p = 0; p < P; p++) s += T[i * P + p] * cov[p * P + j]; TC[i * P + j] = s; }
  for (let i = 0; i < P; i++) for (let j = 0; j < P; j++) { let s = 0; for (let p = 0; p < P; p++) s += TC[i * P + p] * T[j * P + p]; C2[i * P + j] = s; }
  return { coef: out, cov: C2 };
}

/** sqrt of the diagonal. */
export function standardErrorsOf(cov: Float64Array, k: number): Float64Array {
  return Float64Array.from({ length: k }, (_, i) => Math.sqrt(Math.max(0, cov[i * k + i])));
}
