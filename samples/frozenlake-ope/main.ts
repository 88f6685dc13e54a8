/**
 * Runs the FrozenLake off-policy-evaluation experiment and prints the side-by-side table, then the
 * hidden-confounder variant (per-episode ice that only the behaviour sees) as a second table:
 *   causal-studio run samples/frozenlake-ope/main.ts
 * (or bundle it with esbuild and run it with node). Takes about two seconds.
 */
import { formatReport, runExperiment } from "./experiment";
import { formatHiddenReport, runHiddenExperiment } from "./hidden-experiment";

console.log(formatReport(runExperiment()));
console.log("");
console.log(formatHiddenReport(runHiddenExperiment()));
