/** Readable text for a query's answer: P(...) tables, means with standard errors. */
import type { Estimate } from "../core/infer/estimate";
import type { Answer } from "../core/query/answer-query";
import type { QuerySpec } from "../core/query/query-spec";

const assign = (a: Record<string, number>) => Object.entries(a).map(([k, v]) => `${k}=${v}`).join(", ");

export function describeQuery(spec: QuerySpec): string {
  if (spec.kind === "joint") {
    const worlds = Object.entries(spec.worlds).map(([n, a]) => `${n}: do(${assign(a)})`).join("; ");
    const given = Object.keys(spec.given).length ? ` | ${assign(spec.given)}` : "";
    const what = spec.event
      ? `P(${spec.event.map((c) => `${c.world}.${c.variable}=${c.value}`).join(", ")}${given})`
      : "difference" in spec.mean! ? `E[${spec.mean!.difference[0]}.${spec.mean!.variable} - ${spec.mean!.difference[1]}.${spec.mean!.variable}${given}]` : `E[${spec.mean!.world}.${spec.mean!.variable}${given}]`;
    const name = spec.shortcut ? { pns: "probability of necessity and sufficiency", harm: "probability of harm", ett: "effect of treatment on the treated" }[spec.shortcut] + "; " : "";
    return `${what}\n  ${name}worlds ${worlds}`;
  }
  const cond: string[] = [];
  if (!spec.counterfactual && Object.keys(spec.do).length) cond.push(`do(${assign(spec.do)})`);
  if (Object.keys(spec.given).length) cond.push(assign(spec.given));
  const target = spec.counterfactual ? `${spec.target}_{do(${assign(spec.do)})}` : spec.target;
  return `${target}${cond.length ? ` | ${cond.join(", ")}` : ""}`;
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
