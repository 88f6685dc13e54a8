/**
 * Tabular mechanisms (conditional probability tables) by counting: one GROUP BY pass gives the
 * count of every (parent configuration, child level); the MLE of each row of the table is its
 * counts over its total. With a pseudo-count a (tabular's `pseudoCount`) each row is (counts + a) /
 * (total + k a), the posterior mean under a symmetric Dirichlet(a) prior. A configuration never
 * seen has no data: its row is uniform (1/k) and a warning names it. Standard errors: sqrt(p (1 - p) / n_config) (a multinomial proportion's),
 * NaN for unseen configurations.
 */
import { groupCounts } from "../../data/sufficient-statistics";
import { type ClosedFormFitter, featureColumns, paramName, requireLevels } from "./closed-form";

export const fitTabular: ClosedFormFitter = async (input) => {
  const { learned, source, variable } = input;
  const k = learned.levels ?? 0, fl = learned.featureLevels ?? [], a = learned.pseudoCount ?? 0;
  await requireLevels(source, variable, k, "the child of a table");
  for (const [j, p] of learned.featureParents.entries()) if (p !== undefined) await requireLevels(source, p, fl[j], `a parent of the table of "${variable}"`);
  const counts = await groupCounts(source, { ...featureColumns(input), featureLevels: fl, levels: k, ...(input.path ? { path: input.path } : {}) });
  const configs = counts.length / k, cpt = new Float64Array(counts.length), se = new Float64Array(counts.length);
  const unseen: string[] = [];
  let rows = 0, nll = 0;
  for (let c = 0; c < configs; c++) {
    let total = 0;
    for (let y = 0; y < k; y++) total += counts[c * k + y];
    rows += total;
    for (let y = 0; y < k; y++) {
      const i = c * k + y;
      if (total === 0) { cpt[i] = 1 / k; se[i] = NaN; continue; }
      const p = (counts[i] + a) / (total + k * a);
      cpt[i] = p; se[i] = Math.sqrt((p * (1 - p)) / (total + k * a));
      if (counts[i] > 0) nll -= counts[i] * Math.log(p);
    }
    if (total === 0) unseen.push(configurationName(c, learned.features, fl));
  }
  const warnings = unseen.length
    ? [`the table of "${variable}": ${unseen.length} of ${configs} parent configuration${configs === 1 ? "" : "s"} never occur in the data (${unseen.slice(0, 10).join("; ")}${unseen.length > 10 ? "; ..." : ""}); their rows are uniform (1/${k})`]
    : [];
  const name = paramName(input, "cpt");
  const loss = nll / Math.max(1, rows);
  input.onIteration?.(1, loss);
  return { params: { [name]: cpt }, standardErrors: { [name]: se }, loss, rows, iterations: 1, converged: true, method: "counts", warnings };
};

/** "rain=1, sprinkler=0" for configuration c (mixed radix, the first feature most significant). */
function configurationName(c: number, features: readonly string[], fl: readonly number[]): string {
  const parts: string[] = [];
  for (let j = fl.length - 1; j >= 0; j--) { parts.unshift(`${features[j]}=${c % fl[j]}`); c = Math.floor(c / fl[j]); }
  return parts.join(", ") || "(no parents)";
}
