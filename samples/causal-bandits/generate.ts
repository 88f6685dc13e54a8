/**
 * Writes the observational data the diagnostics read (pulls of the empty do(), every variable seen):
 *   parallel.csv    parallel.causal.ts at m = 2, eps = 0.3 (its default export): 1,000 rows of do() (seed 2016), 50 rows of
 *                   each rare arm do(X_i = 1), i = 1, 2 (seeds 2016 + i), as a bandit that has played
 *                   Algorithm 1 would have them; column `intervention` names the variable set ("none")
 *   confounded.csv  2,000 rows of confounded.causal.ts (seed 2017): Z, X1..X10, Y
 * drawn by the library's own sampler (model.sample), so they follow the SCMs' mechanisms exactly.
 *   causal-studio run samples/causal-bandits/generate.ts
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import confounded from "./confounded.causal";
import { parallelBandit } from "./parallel.causal";

export const PARALLEL = { m: 2, epsilon: 0.3, rows: 1000, armRows: 50, seed: 2016 };
export const CONFOUNDED = { rows: 2000, seed: 2017 };

type Sample = Record<string, Float64Array>;

function rowsOf(sample: Sample, names: string[], rows: number, tail: string[] = []): string[] {
  return Array.from({ length: rows }, (_, r) => [...names.map((n) => String(sample[n][r])), ...tail].join(","));
}

export function parallelCsv(): string {
  const m = parallelBandit({ m: PARALLEL.m, epsilon: PARALLEL.epsilon });
  const names = m.variables.map((v) => v.name);
  const lines = [[...names, "intervention"].join(",")];
  lines.push(...rowsOf(m.sample(PARALLEL.rows, { seed: PARALLEL.seed }) as unknown as Sample, names, PARALLEL.rows, ["none"]));
  for (let i = 1; i <= PARALLEL.m; i++) {
    const arm = m.do({ [`X${i}`]: 1 } as Record<string, 0 | 1>).sample(PARALLEL.armRows, { seed: PARALLEL.seed + i }) as unknown as Sample;
    lines.push(...rowsOf(arm, names, PARALLEL.armRows, [`X${i}`]));
  }
  return lines.join("\n") + "\n";
}

export function confoundedCsv(): string {
  const names = confounded.variables.map((v) => v.name);
  return [names.join(","), ...rowsOf(confounded.sample(CONFOUNDED.rows, { seed: CONFOUNDED.seed }) as unknown as Sample, names, CONFOUNDED.rows)].join("\n") + "\n";
}

export function main(): void {
  writeFileSync(join(__dirname, "parallel.csv"), parallelCsv());
  writeFileSync(join(__dirname, "confounded.csv"), confoundedCsv());
  console.log(`wrote parallel.csv (${PARALLEL.rows} rows of do() and ${PARALLEL.armRows} of each do(X_i = 1), i <= ${PARALLEL.m}; seed ${PARALLEL.seed}) and confounded.csv (${CONFOUNDED.rows} rows, seed ${CONFOUNDED.seed}) in ${__dirname}`);
}
