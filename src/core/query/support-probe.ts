/**
 * Which values each variable can take, for refusing do(), evidence and events outside them.
 * A mechanism's distribution can depend on its parents, so the model is probed: every variable,
 * in causal order, is evaluated through the runtime on the rows of a small seeded forward run
 * (ancestral sampling, no interventions) and the distinct distributions seen are kept. Where all
 * of a variable's parents have a finite domain (the union of the supports seen, as exact
 * inference enumerates it) its mechanism is evaluated on every parent configuration instead, so
 * the accepted values agree with variable elimination and do not depend on the draw.
 * A value is accepted when it lies in the support of at least one distribution seen at its site.
 * The probe runs once per ModelSpec (cached in a WeakMap).
 */
import type { Distribution } from "../distributions/distribution";
import { conditionalDistributions } from "../runtime/handlers/mechanism-only";
import type { ParamValue } from "../runtime/message";
import { runParams } from "../runtime/run-model";
import type { ModelSpec, VariableSpec } from "../runtime/model-spec";
import { createRng } from "../random/rng";
import { Runtime } from "../runtime/runtime";

const ROWS = 64;
const SEED = 0x5eed;
/** Parent configurations enumerated at most per variable; beyond, the sampled rows stand in. */
const MAX_CONFIGS = 4096;

export type SupportProbe = ReadonlyMap<string, readonly Distribution<number>[]>;

const cache = new WeakMap<ModelSpec, SupportProbe>();

export function supportProbe(spec: ModelSpec): SupportProbe {
  let probe = cache.get(spec);
  if (!probe) {
    probe = runProbe(spec);
    cache.set(spec, probe);
  }
  return probe;
}

function runProbe(spec: ModelSpec): SupportProbe {
  const rt = new Runtime(spec.variables.map((v) => v.name));
  const rng = createRng(SEED);
  const columns = new Map<string, Float64Array>();
  const domains = new Map<string, number[] | undefined>();
  const out = new Map<string, Distribution<number>[]>();
  const { params } = runParams(rt, spec);
  for (const v of spec.variables) {
    const sampled = evaluate(rt, v, ROWS, v.parents.map((p) => columns.get(p)!), params);
    columns.set(v.name, Float64Array.from(sampled, (d) => d.sample(rng)));
    const configs = parentConfigs(v.parents.map((p) => domains.get(p)));
    const seen = configs ? evaluate(rt, v, configs.length, transpose(configs, v.parents.length), params) : sampled;
    const distinct = distinctDistributions(seen);
    out.set(v.name, distinct);
    domains.set(v.name, configs ? finiteDomain(distinct) : undefined);
  }
  return out;
}

/** The mechanism's distribution on each row of the parents' columns, through the runtime. */
function evaluate(rt: Runtime, v: VariableSpec, n: number, cols: Float64Array[], params: Readonly<Record<string, ParamValue>>): Distribution<number>[] {
  return conditionalDistributions(rt, v, cols, n, params);
}

/** Every combination of the parents' domains (one empty row for a root), or undefined when one is not finite or there are too many. */
function parentConfigs(domains: (number[] | undefined)[]): number[][] | undefined {
  let rows: number[][] = [[]];
  for (const d of domains) {
    if (!d || rows.length * d.length > MAX_CONFIGS) return undefined;
    rows = rows.flatMap((r) => d.map((x) => [...r, x]));
  }
  return rows;
}

function transpose(rows: number[][], width: number): Float64Array[] {
  return Array.from({ length: width }, (_, j) => Float64Array.from(rows, (r) => r[j]));
}

/** The union of finite supports, or undefined when one distribution's support is not finite. */
function finiteDomain(dists: readonly Distribution<number>[]): number[] | undefined {
  const values = new Set<number>();
  for (const d of dists) {
    const s = d.support();
    if (!s) return undefined;
    for (const x of s) values.add(x);
  }
  return [...values].sort((a, b) => a - b);
}

function distinctDistributions(dists: readonly Distribution<number>[]): Distribution<number>[] {
  const byText = new Map<string, Distribution<number>>();
  for (const d of dists) if (!byText.has(d.describe())) byText.set(d.describe(), d);
  return [...byText.values()];
}
