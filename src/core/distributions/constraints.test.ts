// Constraints: the bijections round-trip, land inside their sets, and their log-Jacobians equal
// a finite-difference determinant computed here; violations are named.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Constraint, constraintViolation, fromUnconstrained, logAbsDetJacobian, toUnconstrained, unconstrainedSize } from "./constraints";

const CONSTRAINTS: [string, Constraint, number][] = [["real", "real", 3], ["positive", "positive", 3], ["unit-interval", "unit-interval", 3], ["interval", { interval: [-2, 5] }, 3], ["simplex", "simplex", 4], ["simplices", { simplices: 3 }, 6]];

/** log |det J| of f at u by central differences and Gaussian elimination with partial pivoting. */
function numericLogDet(f: (u: Float64Array) => Float64Array, u: Float64Array, outputs: number): number {
  const n = u.length, h = 1e-6, J: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let j = 0; j < n; j++) {
    const up = Float64Array.from(u), dn = Float64Array.from(u);
    up[j] += h; dn[j] -= h;
    const a = f(up), b = f(dn);
    for (let i = 0; i < outputs; i++) J[i][j] = (a[i] - b[i]) / (2 * h);
  }
  let logDet = 0;
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(J[r][c]) > Math.abs(J[p][c])) p = r;
    [J[c], J[p]] = [J[p], J[c]];
    logDet += Math.log(Math.abs(J[c][c]));
    for (let r = c + 1; r < n; r++) { const m = J[r][c] / J[c][c]; for (let k = c; k < n; k++) J[r][k] -= m * J[c][k]; }
  }
  return logDet;
}

const reals = (n: number) => fc.array(fc.double({ min: -6, max: 6, noNaN: true }), { minLength: n, maxLength: n }).map((a) => Float64Array.from(a));

describe("constraints", () => {
  it.each(CONSTRAINTS)("%s: x = from(u) satisfies the constraint and to(from(u)) = u", (_n, c, size) => {
    fc.assert(fc.property(reals(unconstrainedSize(c, size)), (u) => {
      const x = fromUnconstrained(c, u);
      expect(constraintViolation(c, x)).toBeUndefined();
      const back = toUnconstrained(c, x);
      back.forEach((v, i) => expect(v).toBeCloseTo(u[i], 6));
    }), { numRuns: 200 });
  });
  it.each(CONSTRAINTS)("%s: the log-Jacobian equals a finite-difference determinant", (_n, c, size) => {
    fc.assert(fc.property(reals(unconstrainedSize(c, size)), (u) => {
      // The free entries: all but the last of each simplex (the rest are determined by them).
      const k = typeof c === "object" && "simplices" in c ? c.simplices : 0;
      const free = (x: Float64Array) => (k ? x.filter((_, i) => i % k !== k - 1) : x);
      const expected = numericLogDet((v) => free(fromUnconstrained(c, v)), u, u.length);
      expect(logAbsDetJacobian(c, u)).toBeCloseTo(expected, 4);
    }), { numRuns: 60 });
  });
  it("the simplex's origin is the uniform simplex", () => {
    expect(Array.from(fromUnconstrained("simplex", new Float64Array(4))).map((x) => x * 5)).toEqual([1, 1, 1, 1, 1].map((v) => expect.closeTo(v, 12)));
  });
  it("names what is wrong", () => {
    expect(constraintViolation("positive", 0)).toBe("0 is not positive");
    expect(constraintViolation("positive", Float64Array.of(1, -2))).toBe("entry 1: -2 is not positive");
    expect(constraintViolation("simplex", Float64Array.of(0.5, 0.6))).toBe("the entries sum to 1.1, not 1");
    expect(constraintViolation("simplex", 1)).toMatch(/vector of at least 2/);
    expect(constraintViolation({ interval: [0, 2] }, 2)).toBe("2 is not in (0, 2)");
    expect(constraintViolation("real", NaN)).toBe("NaN is not a finite number");
    expect(constraintViolation({ simplices: 2 }, Float64Array.of(0.5, 0.5, 0.2, 0.9))).toBe("row 1: the entries sum to 1.1, not 1");
    expect(constraintViolation({ simplices: 2 }, Float64Array.of(0.5, 0.5, 0.2))).toMatch(/multiple of 2/);
  });
});
