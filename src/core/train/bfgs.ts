/**
 * BFGS minimisation with a backtracking (Armijo) line search and central-difference gradients
 * (Nocedal & Wright, Numerical Optimization, 2nd ed., Algorithm 6.1 and §8.1). Written by hand: a
 * few dozen lines, deterministic, no dependencies; the objective is any function of a vector.
 * Used for maximum likelihood of small parameter vectors where no closed form is assumed.
 */

export interface BfgsOptions {
  maxIterations?: number;
  /** Stop when the gradient's largest entry is below this (scaled by 1 + |f|). */
  gradientTolerance?: number;
  /** Called after each iteration with its number and value; return true to stop early (cancel). */
  onIteration?: (iteration: number, value: number) => boolean | void;
}

export interface BfgsResult {
  x: Float64Array;
  value: number;
  iterations: number;
  converged: boolean;
  /** The approximate inverse Hessian at x (row-major n x n). */
  inverseHessian: Float64Array;
}

/** Central differences with a relative step: f must be finite near x. */
export function numericGradient(f: (x: Float64Array) => number, x: Float64Array): Float64Array {
  const g = new Float64Array(x.length), y = Float64Array.from(x);
  for (let i = 0; i < x.length; i++) {
    const h = 1e-5 * Math.max(1, Math.abs(x[i]));
    y[i] = x[i] + h; const fp = f(y);
    y[i] = x[i] - h; const fm = f(y);
    y[i] = x[i];
    g[i] = (fp - fm) / (2 * h);
  }
  return g;
}

/** The Hessian by central differences of the numeric gradient (row-major, symmetrised). */
export function numericHessian(f: (x: Float64Array) => number, x: Float64Array): Float64Array {
  const n = x.length, H = new Float64Array(n * n), y = Float64Array.from(x);
  for (let j = 0; j < n; j++) {
    const h = 1e-4 * Math.max(1, Math.abs(x[j]));
    y[j] = x[j] + h; const gp = numericGradient(f, y);
    y[j] = x[j] - h; const gm = numericGradient(f, y);
    y[j] = x[j];
    for (let i = 0; i < n; i++) H[i * n + j] = (gp[i] - gm[i]) / (2 * h);
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) { const m = (H[i * n + j] + H[j * n + i]) / 2; H[i * n + j] = m; H[j * n + i] = m; }
  return H;
}

export function minimiseBfgs(f: (x: Float64Array) => number, x0: Float64Array, options: BfgsOptions = {}): BfgsResult {
  const n = x0.length, maxIt = options.maxIterations ?? 500, tol = options.gradientTolerance ?? 1e-9;
  let x = Float64Array.from(x0), fx = f(x), g = numericGradient(f, x);
  const Hinv = new Float64Array(n * n);
  for (let i = 0; i < n; i++) Hinv[i * n + i] = 1;
  let it = 0, converged = false;
  for (; it < maxIt; it++) {
    if (maxAbs(g) <= tol * (1 + Math.abs(fx))) { converged = true; break; }
    // Search direction p = -Hinv g; fall back to steepest descent if it is not a descent direction.
    let p = matVec(Hinv, g, n).map((v) => -v);
    let slope = dot(p, g);
    if (!(slope < 0)) { p = g.map((v) => -v); slope = -dot(g, g); resetIdentity(Hinv, n); }
    // The first step (identity Hessian) is capped at unit length: the gradient's scale says nothing about the step's.
    if (it === 0) { const len = Math.sqrt(dot(p, p)); if (len > 1) { p = p.map((v) => v / len); slope /= len; } }
    // Backtracking; a point is accepted only where the objective and its numeric gradient are finite
    // (near a boundary, e.g. a probability that rounds to 1, a difference can leave the domain).
    let step = 1, xNew = x, fNew = fx, gNew = g, accepted = false;
    for (let k = 0; k < 60; k++) {
      xNew = x.map((v, i) => v + step * p[i]);
      fNew = f(xNew);
      if (Number.isFinite(fNew) && fNew <= fx + 1e-4 * step * slope) {
        gNew = numericGradient(f, xNew);
        if (gNew.every(Number.isFinite)) { accepted = true; break; }
      }
      step /= 2;
    }
    if (!accepted) { converged = maxAbs(g) <= 1e-6 * (1 + Math.abs(fx)); break; } // no progress possible at this precision
    const s = xNew.map((v, i) => v - x[i]), yv = gNew.map((v, i) => v - g[i]);
    const sy = dot(s, yv);
    if (sy > 1e-12 * Math.sqrt(dot(s, s) * dot(yv, yv))) {
      // Before the first update, scale the identity to the curvature seen (Nocedal & Wright eq. 6.20).
      if (it === 0) { resetIdentity(Hinv, n); const c = sy / dot(yv, yv); for (let i = 0; i < n; i++) Hinv[i * n + i] = c; }
      bfgsUpdate(Hinv, s, yv, sy, n);
    }
    const improvement = fx - fNew;
    x = xNew; fx = fNew; g = gNew;
    if (options.onIteration?.(it + 1, fx)) break;
    if (improvement <= 1e-15 * (1 + Math.abs(fx)) && maxAbs(g) <= 1e-6 * (1 + Math.abs(fx))) { converged = true; it++; break; }
  }
  return { x, value: fx, iterations: it, converged, inverseHessian: Hinv };
}

function bfgsUpdate(H: Float64Array, s: Float64Array, y: Float64Array, sy: number, n: number): void {
  // H+ = (I - rho s y^T) H (I - rho y s^T) + rho s s^T, rho = 1 / (y^T s)
  const rho = 1 / sy, Hy = matVec(H, y, n), yHy = dot(y, Hy);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      H[i * n + j] += -rho * (s[i] * Hy[j] + Hy[i] * s[j]) + (rho * rho * yHy + rho) * s[i] * s[j];
    }
  }
}

function resetIdentity(H: Float64Array, n: number): void {
  H.fill(0);
  for (let i = 0; i < n; i++) H[i * n + i] = 1;
}

function matVec(M: Float64Array, v: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) { let s = 0; for (let j = 0; j < n; j++) s += M[i * n + j] * v[j]; out[i] = s; }
  return out;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (const v of a) m = Math.max(m, Math.abs(v));
  return m;
}

/** The inverse of a symmetric positive-definite matrix by Cholesky, or undefined when it is not positive definite. */
export function inverseSpd(A: Float64Array, n: number): Float64Array | undefined {
  const L = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i * n + j];
      for (let k = 0; k < j; k++) s -= L[i * n + k] * L[j * n + k];
      if (i === j) { if (!(s > 0)) return undefined; L[i * n + i] = Math.sqrt(s); } else L[i * n + j] = s / L[j * n + j];
    }
  }
  const inv = new Float64Array(n * n);
  for (let c = 0; c < n; c++) {
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) { let s = i === c ? 1 : 0; for (let k = 0; k < i; k++) s -= L[i * n + k] * y[k]; y[i] = s / L[i * n + i]; }
    for (let i = n - 1; i >= 0; i--) { let s = y[i]; for (let k = i + 1; k < n; k++) s -= L[k * n + i] * inv[k * n + c]; inv[i * n + c] = s / L[i * n + i]; }
  }
  return inv;
}
