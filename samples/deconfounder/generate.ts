/**
 * Writes the shipped data (FULL configuration of data.ts, seed 1805: 2,828 films x 901 actors):
 *   cast.csv      the (movie, actor) pairs, long format;
 *   movies.csv    per film: log_revenue (standardised units), franchise, budget, runtime, genre1..9;
 *   franchise.csv per film: the model file's columns lee, smulders, hero, revenue (for diagnose).
 * The truth (beta, Z, U, the noise) stays out.
 *   causal-studio run samples/deconfounder/generate.ts
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { castCsv, type DataConfig, FULL, generate, HERO, leeIndex, moviesCsv, SMULDERS } from "./data";

export function franchiseCsv(c: DataConfig = FULL): string {
  const { movies } = generate(c);
  const lee = leeIndex(c);
  const lines = ["lee,smulders,hero,revenue"];
  movies.cast.forEach((cst, i) => lines.push(`${+cst.includes(lee)},${+cst.includes(SMULDERS)},${+cst.includes(HERO)},${movies.y[i].toFixed(3)}`));
  return lines.join("\n") + "\n";
}
export function files(c: DataConfig = FULL): Record<string, string> {
  const { movies } = generate(c);
  return { "cast.csv": castCsv(movies), "movies.csv": moviesCsv(movies), "franchise.csv": franchiseCsv(c) };
}

export function main(): void {
  for (const [name, text] of Object.entries(files())) {
    writeFileSync(join(__dirname, name), text);
    console.log(`wrote ${join(__dirname, name)} (${text.length} bytes)`);
  }
}
