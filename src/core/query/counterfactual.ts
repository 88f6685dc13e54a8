/**
 * Counterfactual queries as values, answered by abduction-action-prediction over worlds that
 * share the exogenous noise: the factual world carries the evidence (`given`), each named world
 * its own interventions. Exact on discrete models whose world-varying mechanisms are threshold
 * or deterministic (twin-network variable elimination); otherwise multi-world likelihood
 * weighting with exact abduction of additive noise and Gumbel-max posteriors for categoricals.
 *
 *     m.worlds({ t: { x: 1 }, c: { x: 0 } }).given({ x: 1 }).mean((w) => w.t.y - w.c.y) // ETT
 *     m.counterfactual({ given: { x: 1, y: 1 }, do: { x: 0 } }).prob({ y: 1 })
 */
import { CausalError, error } from "../errors/diagnostic";
import type { Estimate, Target } from "../infer/estimate";
import { FACTUAL, type ModelSpec } from "../runtime/model-spec";
import { descendantsOf } from "../runtime/model-spec";
import { checkAssignment, checkVariable } from "./check-names";
import { estimateTarget } from "./estimate-target";
import { checkNumber, eventTarget, meanTarget, type Assignment, type Event, type MeanTarget, type Values } from "./event";
import type { QueryOptions } from "./options";
import type { JointQuerySpec, SingleQuerySpec, WorldCondition } from "./query-spec";
import { worldsView, type ReaderSlot } from "./views";
import { finiteEstimate } from "./finite-estimate";

/** What a worlds query's data form asks: a joint event over worlds, or a mean of one world's variable (or of a difference between two worlds). */
export type WorldsTarget =
  | { event: WorldCondition[] }
  | { mean: { world: string; variable: string } | { difference: [string, string]; variable: string } };

export type WorldValues<V extends Values, W extends string> = Record<W | "factual", V>;

export class WorldsQuery<V extends Values, W extends string> {
  constructor(
    private readonly getSpec: () => ModelSpec,
    readonly worldInterventions: Readonly<Record<W, Assignment<V>>>,
    readonly evidence: Readonly<Assignment<V>> = {} as Assignment<V>,
  ) {
    const spec = getSpec();
    for (const [w, values] of Object.entries(worldInterventions) as [string, Assignment<V>][]) {
      if (w === FACTUAL) throw new CausalError(error("invalid-argument", `"${FACTUAL}" is the name of the observed world; give the counterfactual world another name`));
      checkAssignment(spec, values as Record<string, unknown>, `world "${w}": do()`);
    }
  }

  /** Evidence observed in the factual world. */
  given(values: Assignment<V>): WorldsQuery<V, W> {
    checkAssignment(this.getSpec(), values as Record<string, unknown>, "given()");
    return new WorldsQuery<V, W>(this.getSpec, this.worldInterventions, { ...this.evidence, ...values });
  }

  /**
   * This query as plain data (a joint QuerySpec): predicates are code, so the data form names its
   * target as an event (a conjunction of world.variable = value) or a mean.
   *
   *     m.worlds({ t: { x: 1 }, c: { x: 0 } }).toSpec({ event: [{ world: "t", variable: "y", value: 1 }, { world: "c", variable: "y", value: 0 }] })
   */
  toSpec(target: WorldsTarget): JointQuerySpec {
    const spec = this.getSpec();
    const known = [FACTUAL, ...Object.keys(this.worldInterventions)];
    const checkWorld = (w: string) => {
      if (!known.includes(w)) throw new CausalError(error("invalid-argument", `toSpec(): "${w}" is not a world of this query (its worlds: ${known.join(", ")})`));
    };
    if ("event" in target) {
      for (const c of target.event) (checkWorld(c.world), checkAssignment(spec, { [c.variable]: c.value }, "toSpec() event"));
    } else {
      for (const w of "difference" in target.mean ? target.mean.difference : [target.mean.world]) checkWorld(w);
      checkVariable(spec, target.mean.variable, "toSpec() mean");
    }
    const worlds = Object.fromEntries(Object.entries(this.worldInterventions).map(([n, a]) => [n, { ...(a as Record<string, number>) }]));
    const given = { ...(this.evidence as Record<string, number>) };
    return "event" in target ? { kind: "joint", worlds, given, event: target.event.map((c) => ({ ...c })) } : { kind: "joint", worlds, given, mean: target.mean };
  }

  prob(event: (w: WorldValues<V, W>) => boolean, options?: QueryOptions): Estimate {
    return this.expect((w) => (event(w) ? 1 : 0), options);
  }

  mean(fn: (w: WorldValues<V, W>) => number, options?: QueryOptions): Estimate {
    return finiteEstimate(this.expect((w) => checkNumber(fn(w)), options), "the mean() target", this.getSpec());
  }

  /** Expectation of any target that reads (world, variable) values: the shared engine entry. */
  estimate(target: Target, options?: QueryOptions): Estimate {
    const spec = this.getSpec();
    const worlds = [{ name: FACTUAL, do: {} }, ...Object.entries(this.worldInterventions).map(([name, values]) => {
      const v = values as Record<string, number>;
      return { name, do: v, affected: descendantsOf(spec, Object.keys(v)) };
    })];
    return estimateTarget(spec, { worlds, evidence: this.evidence as Record<string, number> }, target, options);
  }

  private expect(fn: (w: WorldValues<V, W>) => number, options?: QueryOptions): Estimate {
    const spec = this.getSpec();
    const slot: ReaderSlot = { read: () => NaN };
    const view = worldsView(spec, [FACTUAL, ...Object.keys(this.worldInterventions)], slot) as WorldValues<V, W>;
    return this.estimate((read) => { slot.read = read; return fn(view); }, options);
  }
}

export interface CounterfactualSpec<V extends Values> {
  given: Assignment<V>;
  do: Assignment<V>;
}

/** One counterfactual world: events and means are read in it, evidence in the factual world. */
export class CounterfactualQuery<V extends Values> {
  private readonly worlds: WorldsQuery<V, "counterfactual">;
  constructor(private readonly getSpec: () => ModelSpec, readonly spec: CounterfactualSpec<V>) {
    if (!spec || typeof spec !== "object" || !spec.given || !spec.do) throw new CausalError(error("invalid-argument", "counterfactual() needs { given: {...}, do: {...} }"));
    this.worlds = new WorldsQuery<V, "counterfactual">(getSpec, { counterfactual: spec.do }).given(spec.given);
  }
  /** This query as plain data: the counterfactual distribution of `target` (or P(target = value)). */
  toSpec(target: keyof V & string, value?: number): SingleQuerySpec {
    if (value === undefined) checkVariable(this.getSpec(), target, "toSpec() target");
    else checkAssignment(this.getSpec(), { [target]: value }, "toSpec() target");
    return {
      kind: "single", counterfactual: true, do: { ...(this.spec.do as Record<string, number>) }, given: { ...(this.spec.given as Record<string, number>) },
      target, ...(value !== undefined ? { value } : {}),
    };
  }

  prob(event: Event<V>, options?: QueryOptions): Estimate {
    return this.worlds.estimate(eventTarget(this.getSpec(), event, "counterfactual"), options);
  }
  mean(target: MeanTarget<V>, options?: QueryOptions): Estimate {
    const e = this.worlds.estimate(meanTarget(this.getSpec(), target, "counterfactual"), options);
    return typeof target === "string" ? finiteEstimate(e, `E[${target}]`, this.getSpec(), target) : finiteEstimate(e, "the mean() target", this.getSpec());
  }
}
