/**
 * Writes data.csv: 500 rows from each environment's true SCM (truth.ts), seeds 2018 + k, six
 * decimals, with the environment's name in the `env` column.
 *   causal-studio run samples/misspecification/generate.ts
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { ENVIRONMENTS, ROWS_PER_ENVIRONMENT, truth } from "./truth";

export const SEED = 2018;

export function dataCsv(rows = ROWS_PER_ENVIRONMENT, seed = SEED): string {
  const lines = ["x,y,env"];
  ENVIRONMENTS.forEach((e, k) => {
    const s = truth(e).sample(rows, { seed: seed + k });
    for (let i = 0; i < rows; i++) lines.push(`${s.x[i].toFixed(6)},${s.y[i].toFixed(6)},"${e.name}"`);
  });
  return lines.join("\n") + "\n";
}

export function main(): void {
  writeFileSync(join(__dirname, "data.csv"), dataCsv());
  console.log(`wrote ${join(__dirname, "data.csv")} (${ENVIRONMENTS.length} x ${ROWS_PER_ENVIRONMENT} rows, seed ${SEED})`);
}
