/**
 * Writes data.csv: 4,000 rows drawn from the true SCM (truth.ts) with seed 2026, four decimals.
 *   causal-studio run samples/learn-from-data/generate.ts
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import truth from "./truth";

export const ROWS = 4000;
export const SEED = 2026;

export function dataCsv(rows = ROWS, seed = SEED): string {
  const s = truth.sample(rows, { seed });
  const names = ["ability", "educ", "training", "wage", "satisfaction"] as const;
  const lines = [names.join(",")];
  for (let i = 0; i < rows; i++) lines.push(names.map((n) => (n === "training" ? String(s[n][i]) : s[n][i].toFixed(4))).join(","));
  return lines.join("\n") + "\n";
}

export function main(): void {
  writeFileSync(join(__dirname, "data.csv"), dataCsv());
  console.log(`wrote ${join(__dirname, "data.csv")} (${ROWS} rows, seed ${SEED})`);
}
