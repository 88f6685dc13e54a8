/**
 * A QuerySpec as code the user can keep: a TypeScript expression on the model (`m` is the
 * model file's default export) and the `causal-studio query` command line that prints the same
 * answer. The CLI line reproduces the digits exactly (same batched computation and seed); the
 * TypeScript expression asks the same question through the library API, whose sampling runs in
 * one pass, so sampled numbers agree within their standard errors and exact ones to the digit.
 */
import type { QueryRunOptions, QuerySpec, ValueAssignment } from "./query-spec";

export interface QueryCode {
  typescript: string;
  cli: string;
}

export interface QueryCodeOptions extends Partial<QueryRunOptions> {
  /** The target values the answer lists (its rows), for a distribution answer. */
  support?: number[];
}

export function queryAsCode(spec: QuerySpec, modelFile: string, options: QueryCodeOptions = {}): QueryCode {
  return { typescript: typescriptOf(spec, options), cli: cliOf(spec, modelFile, options) };
}

const IDENT = /^[A-Za-z_$][\w$]*$/;
const key = (k: string) => (IDENT.test(k) ? k : JSON.stringify(k));
const obj = (a: ValueAssignment) => (Object.keys(a).length ? `{ ${Object.entries(a).map(([k, v]) => `${key(k)}: ${v}`).join(", ")} }` : "{}");
const member = (base: string, k: string) => (IDENT.test(k) ? `${base}.${k}` : `${base}[${JSON.stringify(k)}]`);

function runOptions(o: QueryCodeOptions): string {
  const parts = [`seed: ${o.seed ?? 1}`];
  if (o.samples !== undefined) parts.push(`samples: ${o.samples}`);
  if (o.method !== undefined && o.method !== "auto") parts.push(`method: "${o.method}"`);
  return `{ ${parts.join(", ")} }`;
}

function typescriptOf(spec: QuerySpec, o: QueryCodeOptions): string {
  const opts = runOptions(o);
  if (spec.kind === "joint") {
    let w = `m.worlds({ ${Object.entries(spec.worlds).map(([n, a]) => `${key(n)}: ${obj(a)}`).join(", ")} })`;
    if (Object.keys(spec.given).length) w += `.given(${obj(spec.given)})`;
    if (spec.event) return `${w}.prob((w) => ${spec.event.map((c) => `${member(member("w", c.world), c.variable)} === ${c.value}`).join(" && ")}, ${opts})`;
    const mean = spec.mean!;
    const body = "difference" in mean
      ? `${member(member("w", mean.difference[0]), mean.variable)} - ${member(member("w", mean.difference[1]), mean.variable)}`
      : member(member("w", mean.world), mean.variable);
    return `${w}.mean((w) => ${body}, ${opts})`;
  }
  let q = "m";
  if (spec.counterfactual) q += `.counterfactual({ given: ${obj(spec.given)}, do: ${obj(spec.do)} })`;
  else {
    if (Object.keys(spec.do).length) q += `.do(${obj(spec.do)})`;
    if (Object.keys(spec.given).length) q += `.condition(${obj(spec.given)})`;
  }
  const t = key(spec.target);
  if (spec.value !== undefined) return `${q}.prob({ ${t}: ${spec.value} }, ${opts})`;
  if (spec.threshold) return `${q}.prob((v) => ${member("v", spec.target)} ${spec.threshold.op} ${spec.threshold.value}, ${opts})`;
  if (o.support?.length) return `[${o.support.join(", ")}].map((value) => ${q}.prob({ ${t}: value }, ${opts}))`;
  return `${q}.mean(${JSON.stringify(spec.target)}, ${opts})`;
}

/** POSIX-shell quoting: bare when safe, else single quotes. */
export function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

const pairs = (a: ValueAssignment) => Object.entries(a).map(([k, v]) => `${k}=${v}`).join(",");

function cliOf(spec: QuerySpec, file: string, o: QueryCodeOptions): string {
  const args: string[] = ["causal-studio", "query", file];
  const given = (a: ValueAssignment) => (Object.keys(a).length ? ["--given", pairs(a)] : []);
  if (spec.kind === "joint" && spec.shortcut) {
    const [[x, treated]] = Object.entries(spec.worlds.t);
    const control = spec.worlds.c[x];
    const y = spec.event?.[0].variable ?? spec.mean!.variable;
    const rest = { ...spec.given };
    if (spec.shortcut === "ett") delete rest[x];
    args.push(`--${spec.shortcut}`, x, y, "--treated", String(treated), "--control", String(control), ...given(rest));
  } else if (spec.kind === "joint") {
    for (const [n, a] of Object.entries(spec.worlds)) args.push("--world", `${n}:${pairs(a)}`);
    args.push(...given(spec.given));
    if (spec.event) args.push("--event", spec.event.map((c) => `${c.world}.${c.variable}=${c.value}`).join(","));
    else if (spec.mean && !("difference" in spec.mean)) args.push("--target", `${spec.mean.world}.${spec.mean.variable}`);
    else throw new Error("queryAsCode: a difference of means across worlds has no CLI form except --ett");
  } else {
    if (Object.keys(spec.do).length) args.push("--do", pairs(spec.do));
    args.push(...given(spec.given));
    args.push("--target", spec.threshold ? `${spec.target}${spec.threshold.op}${spec.threshold.value}` : spec.value === undefined ? spec.target : `${spec.target}=${spec.value}`);
    if (spec.counterfactual) args.push("--counterfactual");
  }
  args.push("--seed", String(o.seed ?? 1));
  if (o.samples !== undefined) args.push("--samples", String(o.samples));
  if (o.method !== undefined && o.method !== "auto") args.push("--method", o.method);
  return args.map(shellQuote).join(" ");
}
