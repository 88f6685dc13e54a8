/**
 * Steinhardt's example (../shared/notes/seeds.md, section h) for the environment checks' tests:
 * y = x^2 + N(0, 0.1^2) in five environments of 500 rows, and a linear-Gaussian model of y whose
 * features are given (a line {x} or a quadratic {x, x2}), built as the DSL builder stores it.
 */
import { normal } from "../distributions/normal";
import { expandLearned, learnedRecipe } from "../learned/learned-mechanism";
import { LINEAR_GAUSSIAN, linearGaussian } from "../learned/linear-gaussian";
import { createRng } from "../random/rng";
import type { Mechanism, ModelSpec } from "../runtime/model-spec";

export function model(features: (p: { x: number }) => Record<string, number>): ModelSpec {
  const { spec: learned, decls, mechanism } = expandLearned("y", ["x"], learnedRecipe(linearGaussian(features))!, LINEAR_GAUSSIAN);
  return {
    name: "steinhardt",
    variables: [
      { name: "x", latent: false, parents: [], mechanism: () => normal(0, 1) },
      { name: "y", latent: false, parents: ["x"], mechanism: mechanism as unknown as Mechanism, vectorized: true, learned },
    ],
    params: decls,
  };
}

export const ENVS: [string, (u: number, z: number) => number, number][] = [
  ["U(0,1)", (u) => u, 1], ["U(1,2)", (u) => 1 + u, 3], ["U(-1,0)", (u) => u - 1, -1], ["N(0,1)", (_u, z) => z, 0], ["N(2,0.5)", (_u, z) => 2 + 0.5 * z, 4],
];

export function steinhardtData(seed: number, perEnv = 500) {
  const rng = createRng(seed), x: number[] = [], y: number[] = [], env: string[] = [];
  for (const [name, draw] of ENVS) for (let i = 0; i < perEnv; i++) {
    const xi = draw(rng.next(), rng.normal());
    x.push(xi); y.push(xi * xi + 0.1 * rng.normal()); env.push(name);
  }
  return { x, y, env };
}


/** A well-specified case: y = 1 + 2x + N(0, 1), x ~ N(mu_e, 1) in three environments (mu = -1, 0, 2). */
export function linearData(seed: number, perEnv: number) {
  const rng = createRng(seed), x: number[] = [], y: number[] = [], env: string[] = [];
  for (const [name, mu] of [["a", -1], ["b", 0], ["c", 2]] as const) for (let i = 0; i < perEnv; i++) {
    const xi = mu + rng.normal();
    x.push(xi); y.push(1 + 2 * xi + rng.normal()); env.push(name);
  }
  return { x, y, env };
}
