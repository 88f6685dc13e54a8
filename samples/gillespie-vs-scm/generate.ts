/**
 * Writes Gillespie steady states (t = 50) of the cascade, as the SCM's variables (active counts:
 * Raf = #PRaf, Mek = #PMek, Erk = #PErk, and E1), 500 runs in each of four environments (the `env`
 * column; `intervened` names the variable an environment set, for diagnose --interventions):
 *   nominal             rate set 2, the rates the model file was derived from, E1 = 1
 *   E1=2                two molecules of the input enzyme: do(E1 = 2), the rates unchanged
 *   raf_activate/3      the rate intervention of the experiment: only Raf's activation changes
 *   mek_deactivate*1.5  the misspecified world of the demonstration: Mek's deactivation is faster
 * data.csv holds the first two (where the model's rates are the true ones; diagnose needs E1 to
 * vary), environments.csv all four.
 * Row i of environment k is one run from createRng(SEED + 10,000 k + i), so any prefix of an
 * environment's rows can be regenerated alone.
 *   causal-studio run samples/gillespie-vs-scm/generate.ts
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { CASCADE, RATE_SETS, gillespieRuns, mekDeactivationTimes, rafActivateOver3, withInitial, type Network, type Rates } from "./cascade";
import { activeCounts } from "./experiment";

export const SEED = 500_000;
export const ROWS_PER_ENVIRONMENT = 500;

export const ENVIRONMENTS: { name: string; network: Network; rates: Rates; intervened: string }[] = [
  { name: "nominal", network: CASCADE, rates: RATE_SETS["2"], intervened: "none" },
  { name: "E1=2", network: withInitial(CASCADE, { E1: 2 }), rates: RATE_SETS["2"], intervened: "E1" },
  { name: "raf_activate/3", network: CASCADE, rates: rafActivateOver3(RATE_SETS["2"]), intervened: "none" },
  { name: "mek_deactivate*1.5", network: CASCADE, rates: mekDeactivationTimes(RATE_SETS["2"]), intervened: "none" },
];

/** The CSV's lines for `rows` runs per environment (header first, no trailing newline). */
export function dataLines(rows = ROWS_PER_ENVIRONMENT, seed = SEED): string[] {
  const lines = ["E1,Raf,Mek,Erk,env,intervened"];
  ENVIRONMENTS.forEach((e, k) => {
    for (const u of gillespieRuns(e.network, e.rates, rows, seed + 10_000 * k).map(activeCounts)) lines.push(`${u.E1},${u.Raf},${u.Mek},${u.Erk},"${e.name}",${e.intervened}`);
  });
  return lines;
}

/** data.csv: the environments where the model's rates are the truth (nominal, E1=2). */
export const DATA_ENVIRONMENTS = 2;

export function main(): void {
  const lines = dataLines();
  writeFileSync(join(__dirname, "data.csv"), lines.slice(0, 1 + DATA_ENVIRONMENTS * ROWS_PER_ENVIRONMENT).join("\n") + "\n");
  writeFileSync(join(__dirname, "environments.csv"), lines.join("\n") + "\n");
  console.log(`wrote data.csv (${DATA_ENVIRONMENTS} x ${ROWS_PER_ENVIRONMENT} rows) and environments.csv (${ENVIRONMENTS.length} x ${ROWS_PER_ENVIRONMENT} rows) in ${__dirname}, seeds ${SEED} + 10,000 k + i`);
}
