/**
 * Observational, interventional and conditional queries as immutable values: each `do` or
 * `condition` returns a new Query; `prob`, `mean`, `ate` and `sample` compute. Conditioning
 * applies in the intervened world: m.do({ x: 1 }).condition({ z: 0 }) asks P(. | do(x), z).
 */
import { CausalError, error } from "../errors/diagnostic";
import type { Estimate } from "../infer/estimate";
import { sampleWorlds } from "../infer/sample-worlds";
import { FACTUAL, type ModelSpec } from "../runtime/model-spec";
import { checkAssignment, checkVariable } from "./check-names";
import { estimateTarget } from "./estimate-target";
import { eventTarget, meanTarget, type Assignment, type Event, type MeanTarget, type Values } from "./event";
import type { QueryOptions } from "./options";
import { resolveOptions } from "./options";
import type { SingleQuerySpec } from "./query-spec";
import { rejectionSample } from "./rejection-sample";
import { copyNames, nameRecord } from "../runtime/name-record";
import { finiteEstimate } from "./finite-estimate";

export interface AteSpec<V extends Values> {
  treatment: keyof V & string;
  outcome: keyof V & string;
  treated?: number;
  control?: number;
}

export class Query<V extends Values> {
  constructor(
    protected readonly getSpec: () => ModelSpec,
    readonly interventions: Readonly<Assignment<V>> = {} as Assignment<V>,
    readonly evidence: Readonly<Assignment<V>> = {} as Assignment<V>,
  ) {}

  do(values: Assignment<V>): Query<V> {
    const checked = checkAssignment(this.getSpec(), values, "do()");
    return new Query<V>(this.getSpec, { ...this.interventions, ...checked } as Assignment<V>, this.evidence);
  }

  condition(values: Assignment<V>): Query<V> {
    const checked = checkAssignment(this.getSpec(), values, "condition()");
    return new Query<V>(this.getSpec, this.interventions, { ...this.evidence, ...checked } as Assignment<V>);
  }

  /**
   * This query as plain data (the canonical QuerySpec that answer(), the CLI and the model process
   * take): the distribution of `target` (or P(target = value)) under its interventions and evidence.
   *
   *     answer(m, m.do({ smoking: 0 }).toSpec("cancer"), { seed: 1 })
   */
  toSpec(target: keyof V & string, value?: number): SingleQuerySpec {
    checkVariable(this.getSpec(), target, "toSpec() target");
    return {
      kind: "single", counterfactual: false, do: { ...(this.interventions as Record<string, number>) }, given: { ...(this.evidence as Record<string, number>) },
      target, ...(value !== undefined ? { value } : {}),
    };
  }

  prob(event: Event<V>, options?: QueryOptions): Estimate {
    const spec = this.getSpec();
    return estimateTarget(spec, this.plan(spec), eventTarget(spec, event, FACTUAL), options);
  }

  mean(target: MeanTarget<V>, options?: QueryOptions): Estimate {
    const spec = this.getSpec();
    const e = estimateTarget(spec, this.plan(spec), meanTarget(spec, target, FACTUAL), options);
    return typeof target === "string" ? finiteEstimate(e, `E[${target}]`, spec, target) : finiteEstimate(e, "the mean() target", spec);
  }

  /** E[outcome | do(treatment = treated)] - E[outcome | do(treatment = control)], under this query's other interventions and evidence. */
  ate(s: AteSpec<V>, options?: QueryOptions): Estimate {
    const spec = this.getSpec();
    checkVariable(spec, s.treatment, "ate() treatment");
    checkVariable(spec, s.outcome, "ate() outcome");
    const opts = resolveOptions(options);
    const arm = (x: number, seed: number) => this.do({ [s.treatment]: x } as Assignment<V>).mean(s.outcome, { ...opts, seed });
    const t = arm(s.treated ?? 1, opts.seed), c = arm(s.control ?? 0, opts.seed + 1);
    const method = t.method === c.method ? t.method : `${t.method} / ${c.method}`;
    return {
      value: t.value - c.value, standardError: Math.hypot(t.standardError, c.standardError), method,
      ...(t.samples ? { samples: t.samples + (c.samples ?? 0) } : {}),
    };
  }

  /** n joint draws (every variable, latent ones included) from this query's distribution. */
  sample(n: number, options: { seed?: number } = {}): Record<string, Float64Array> {
    const spec = this.getSpec();
    const { seed } = resolveOptions({ seed: options.seed, samples: n });
    const plan = this.plan(spec);
    if (Object.keys(plan.evidence).length) return rejectionSample(spec, plan, n, seed);
    const out: Record<string, Float64Array> = nameRecord();
    sampleWorlds(spec, { worlds: plan.worlds, evidence: {}, samples: n, seed, batchSize: n }, (batch) => Object.assign(out, batch.worlds[FACTUAL]));
    return out;
  }

  protected plan(spec: ModelSpec): { worlds: { name: string; do: Record<string, number> }[]; evidence: Record<string, number> } {
    const evidence: Record<string, number> = nameRecord();
    for (const [k, x] of Object.entries(this.evidence) as [string, number][]) {
      if (Object.hasOwn(this.interventions, k)) {
        if (this.interventions[k] !== x) throw new CausalError(error("impossible-evidence", `${k} = ${x} is observed but the query sets do(${k} = ${this.interventions[k]})`));
        continue;
      }
      evidence[k] = x;
    }
    void spec;
    return { worlds: [{ name: FACTUAL, do: copyNames(this.interventions as Record<string, number>) }], evidence };
  }
}
