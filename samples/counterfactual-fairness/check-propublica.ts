/**
 * Checks the loader on ProPublica's own file, which is never shipped (no licence to redistribute):
 *   causal-studio run samples/counterfactual-fairness/check-propublica.ts compas-scores-two-years.csv
 * Exit 0 when the filter gives ProPublica's published counts (7,214 -> 6,172 rows, 2,809 recidivists,
 * 3,175 African-American and 2,103 Caucasian defendants), 1 naming each count that differs, 2 when
 * no readable file is given. CI cannot fetch the file, so this is a command, not a test that skips.
 */
import { existsSync } from "node:fs";
import { loadProPublica, proPublicaMismatches } from "./compas";

export function main(args: string[]): number {
  const [file] = args;
  if (!file) {
    console.error("usage: causal-studio run samples/counterfactual-fairness/check-propublica.ts <compas-scores-two-years.csv>");
    return 2;
  }
  if (!existsSync(file)) {
    console.error(`${file}: no such file (ProPublica's compas-scores-two-years.csv, from propublica/compas-analysis)`);
    return 2;
  }
  let table;
  try {
    table = loadProPublica(file);
  } catch (e) {
    console.error(`${file}: ${e instanceof Error ? e.message : String(e)}`);
    return 2;
  }
  const wrong = proPublicaMismatches(table);
  for (const w of wrong) console.error(`${file}: ${w}`);
  if (!wrong.length) console.log(`${file}: ${table.rows} -> ${table.filtered} rows, ${table.recidivists} recidivists, as ProPublica published`);
  return wrong.length ? 1 : 0;
}
