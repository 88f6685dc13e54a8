/**
 * The truth behind data.csv (generate.ts): y = x^2 + N(0, 0.1^2), with x drawn in five
 * environments — U(0,1), U(1,2), U(-1,0), N(0,1), N(2,0.5) — 500 rows each (Steinhardt's
 * example, ../../../shared/notes/seeds.md section h). The environments differ only in where x
 * comes from; the mechanism of y is the same everywhere, so a correct model of it is invariant.
 */
import { normal, scm, uniform } from "causal-studio";

export const NOISE_SD = 0.1;
export const ROWS_PER_ENVIRONMENT = 500;

/** Each environment: its name, the distribution of x, and the slope a line fitted there has (2 E[x]: l + u for U(l, u)). */
export const ENVIRONMENTS = [
  { name: "U(0,1)", x: () => uniform(0, 1), slope: 1 },
  { name: "U(1,2)", x: () => uniform(1, 2), slope: 3 },
  { name: "U(-1,0)", x: () => uniform(-1, 0), slope: -1 },
  { name: "N(0,1)", x: () => normal(0, 1), slope: 0 },
  { name: "N(2,0.5)", x: () => normal(2, 0.5), slope: 4 },
] as const;

/** The true SCM of one environment. */
export function truth(environment: (typeof ENVIRONMENTS)[number]) {
  return scm(`y = x^2 in ${environment.name}`)
    .variable("x", environment.x)
    .variable("y", ({ x }) => normal(x * x, NOISE_SD));
}
