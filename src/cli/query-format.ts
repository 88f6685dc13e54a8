/** Readable text for a query's answer: P(...) tables, means with standard errors. The query itself is rendered by src/protocol/query-text.ts (one renderer for the CLI, the panel and identification). */
import type { Estimate } from "../core/infer/estimate";
import type { Answer } from "../core/query/answer";
import type { QuerySpec } from "../core/query/query-spec";
import { querySubject, worldsText } from "../protocol/query-text";

/** The query in the CLI's notation (`Y | do(X=1)`; a joint query with its worlds on a second line), as --json's `query.text`. */
export function describeQuery(spec: QuerySpec): string {
  const worlds = worldsText(spec, "compact");
  return `${querySubject(spec, "compact")}${worlds ? `\n  ${worlds}` : ""}`;
}

export function formatEstimate(e: Estimate): string {
  const how = [e.method, e.samples ? `${e.samples} samples` : "", e.effectiveSampleSize !== undefined ? `ESS ${Math.round(e.effectiveSampleSize)}` : ""].filter(Boolean).join(", ");
  const value = e.standardError === 0 ? fmt(e.value) : `${fmt(e.value)} ± ${fmt(e.standardError)}`;
  return `${value}  (${how})`;
}

const fmt = (x: number) => (Number.isInteger(x) ? String(x) : Math.abs(x) >= 1e-4 && Math.abs(x) < 1e6 ? x.toFixed(6).replace(/0+$/, "").replace(/\.$/, "") : x.toExponential(4));

export function formatAnswer(spec: QuerySpec, a: Answer): string {
  const [what, note] = describeQuery(spec).split("\n");
  const tail = note ? `\n${note}\n` : "\n";
  if (a.type === "mean") return `${what.startsWith("E[") ? what : `E[${what}]`} = ${formatEstimate(a.estimate)}${tail}`;
  if (a.type === "probability") return `${what} = ${formatEstimate(a.estimate)}${tail}`;
  const lines = [`P(${what}):`];
  const width = Math.max(...a.rows.map((r) => `${a.variable}=${r.value}`.length));
  for (const r of a.rows) lines.push(`  ${`${a.variable}=${r.value}`.padEnd(width)}  ${formatEstimate(r.estimate)}`);
  if (a.support === "observed" && a.rows.length > 1) lines.push(`  (values seen in a probe sample; others may have small probability)`);
  return lines.join("\n") + "\n";
}
