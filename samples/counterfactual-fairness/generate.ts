/**
 * Writes law-school.csv: the observed columns (race, sex, gpa, lsat, fya) of the first 5,000
 * people of the synthetic law-school population (truth.ts, seed 1703, the population main.ts
 * fits), GPA and FYA to four decimals. K and the noise terms stay out: K is latent.
 *   causal-studio run samples/counterfactual-fairness/generate.ts
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { LAW_DEFAULT } from "./fairness";
import { lawPopulation } from "./truth";

export const ROWS = LAW_DEFAULT.rows;
export const SEED = LAW_DEFAULT.seed;

export function dataCsv(rows = ROWS, seed = SEED): string {
  const p = lawPopulation(rows, seed);
  const lines = ["race,sex,gpa,lsat,fya"];
  for (let i = 0; i < rows; i++) lines.push(`${p.race[i]},${p.sex[i]},${p.gpa[i].toFixed(4)},${p.lsat[i]},${p.fya[i].toFixed(4)}`);
  return lines.join("\n") + "\n";
}

export function main(): void {
  writeFileSync(join(__dirname, "law-school.csv"), dataCsv());
  console.log(`wrote ${join(__dirname, "law-school.csv")} (${ROWS} rows, seed ${SEED})`);
}
