/**
 * Readable text for a query's answer: P(...) tables, means with standard errors and the target's
 * spread (sd, 90% interval), threshold probabilities. The query itself is rendered by
 * src/protocol/query-text.ts and sampled numbers by src/protocol/estimate-text.ts (one renderer
 * each for the CLI and the panel: digits tied to the standard error).
 */
import type { Estimate } from "../core/infer/estimate";
import type { Answer } from "../core/query/answer";
import type { QuerySpec } from "../core/query/query-spec";
import { estimateText, valueText } from "../protocol/estimate-text";
import { querySubject, valueName, type ValueNames, worldsText } from "../protocol/query-text";

/** The query in the CLI's notation (`Y | do(X=1)`; a joint query with its worlds on a second line), as --json's `query.text`; `names`: a BIF network's state names. */
export function describeQuery(spec: QuerySpec, names?: ValueNames): string {
  const worlds = worldsText(spec, "compact", names);
  return `${querySubject(spec, "compact", names)}${worlds ? `\n  ${worlds}` : ""}`;
}

/** `3.0012 ± 0.0032  (ancestral sampling, 100000 samples)`; an exact value keeps its full digits, the method says it is exact. */
export function formatEstimate(e: Estimate): string {
  const how = [e.method, e.samples ? `${e.samples} samples` : "", e.effectiveSampleSize !== undefined ? `ESS ${Math.round(e.effectiveSampleSize)}` : "", e.largestTable !== undefined ? `largest table ${tableSize(e.largestTable)}` : ""].filter(Boolean).join(", ");
  const value = e.standardError === 0 ? fmt(e.value) : estimateText(e.value, e.standardError);
  return `${value}  (${how})`;
}

/** 36 entries, 2,177,280 entries. */
const tableSize = (n: number) => `${String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",")} ${n === 1 ? "entry" : "entries"}`;

const fmt = (x: number) => (Number.isInteger(x) ? String(x) : Math.abs(x) >= 1e-4 && Math.abs(x) < 1e6 ? x.toFixed(6).replace(/0+$/, "").replace(/\.$/, "") : x.toExponential(4));

export function formatAnswer(spec: QuerySpec, a: Answer, names?: ValueNames): string {
  const [what, note] = describeQuery(spec, names).split("\n");
  const tail = note ? `\n${note}\n` : "\n";
  if (a.type === "mean") return `${what.startsWith("E[") ? what : `E[${what}]`} = ${formatEstimate(a.estimate)}${spreadLine(a)}${tail}`;
  if (a.type === "probability") return `${spec.kind === "single" ? `P(${what})` : what} = ${formatEstimate(a.estimate)}${tail}`;
  const lines = [`P(${what}):`];
  const label = (value: number) => `${a.variable}=${valueName(a.variable, value, names)}`;
  const width = Math.max(...a.rows.map((r) => label(r.value).length));
  for (const r of a.rows) lines.push(`  ${label(r.value).padEnd(width)}  ${formatEstimate(r.estimate)}`);
  if (a.support === "observed" && a.rows.length > 1) lines.push(`  (values seen in a probe sample; others may have small probability)`);
  return lines.join("\n") + "\n";
}

/** `\n  sd 1.0003, 90% interval [1.3541, 4.6452]` at the mean's decimals (the spread is from the same samples). */
function spreadLine(a: Answer & { type: "mean" }): string {
  const s = a.spread;
  if (!s) return "";
  const se = a.estimate.standardError;
  const n = (x: number) => (se === 0 ? fmt(x) : valueText(x, se));
  return `\n  sd ${n(s.sd)}${s.interval ? `, 90% interval [${n(s.interval.low)}, ${n(s.interval.high)}] (5th and 95th percentiles)` : ""}`;
}
