/**
 * Runs the FrozenLake off-policy-evaluation experiment and prints the side-by-side table:
 *   causal-studio run samples/frozenlake-ope/main.ts
 * (or bundle it with esbuild and run it with node). Takes about a second.
 */
import { formatReport, runExperiment } from "./experiment";

console.log(formatReport(runExperiment()));
