/**
 * Writes data.csv: 2,000 rows from the true SCM (truth.ts) with seed 7, four decimals.
 *   causal-studio run samples/wrong-graph/generate.ts
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import truth from "./truth";

export const ROWS = 2000;
export const SEED = 7;
const NAMES = ["age", "exercise", "diet", "fitness", "heart"] as const;

export function dataCsv(rows = ROWS, seed = SEED): string {
  const s = truth.sample(rows, { seed });
  const lines = [NAMES.join(",")];
  for (let i = 0; i < rows; i++) lines.push(NAMES.map((n) => s[n][i].toFixed(4)).join(","));
  return lines.join("\n") + "\n";
}

export function main(): void {
  writeFileSync(join(__dirname, "data.csv"), dataCsv());
  console.log(`wrote ${join(__dirname, "data.csv")} (${ROWS} rows, seed ${SEED})`);
}
