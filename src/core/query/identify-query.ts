/**
 * Is a query's answer determined by the observational distribution of the observed variables
 * (whatever the mechanisms' functional form), and by which formula? Pure: works on the graph
 * (static extraction, m.graph() or DAGitty), runs no model.
 *
 * - do-queries without evidence: the graph engine's identify() (back-door adjustment when a
 *   set exists, else the ID algorithm's formula, else the hedge).
 * - do-queries with evidence, P(y | do(x), z): IDC (Shpitser & Pearl, "Identification of
 *   conditional interventional distributions", UAI 2006): while some w in z satisfies
 *   (Y ⊥ w | X, Z \ {w}) in G with edges into X and out of w removed, move w into the
 *   intervention (rule 2 of the do-calculus); then P(y | do(x), z) = P(y, z | do(x)) / Σ_y P(y, z | do(x)),
 *   identified exactly when P(y, z | do(x)) is.
 * - no do: a conditional of the observational distribution itself.
 * - counterfactual queries: not identified from observational data in general; the answer depends
 *   on the mechanisms' functional form (here, on the declared noise semantics).
 */
import { CausalGraph } from "../graph/causal-graph";
import { dSeparated } from "../graph/analyze/d-separated";
import { identify } from "../graph/identify/identify";
import type { GraphData } from "../graph/types";
import { CausalError } from "../errors/diagnostic";
import type { QuerySpec } from "./query-spec";

/** The verdict; the query it is about is rendered by the layer that prints it (src/protocol/query-text.ts, `queryText(spec, "compact")`). */
export type QueryIdentification =
  | { status: "identified"; formula: { text: string; latex: string }; adjustmentSet?: string[]; note?: string }
  | {
      status: "not-identified"; hedge: { f: string[]; fPrime: string[] };
      /** The formal reason (the hedge, as the ID algorithm states it). */
      reason: string;
      /** The same in words for this model: which unobserved causes make it so, and what the answer then rests on. */
      explanation: string;
      /** The hidden common causes behind the hedge: a latent variable (named) or a bidirected arc (unnamed), with the hedge's nodes each affects. */
      hiddenCauses: HiddenCause[];
    }
  | { status: "counterfactual"; reason: string }
  | { status: "not-applicable"; reason: string };

/** An unobserved common cause of two or more of a hedge's nodes: a latent variable, or a bidirected arc (no name). */
export interface HiddenCause {
  latent?: string;
  affects: string[];
}

const COUNTERFACTUAL_REASON =
  "Counterfactuals are not identified from observational data in general: the answer depends on the mechanisms' functional form " +
  "(here, on each mechanism's declared noise: additive noise for normal-style mechanisms, Gumbel-max for discrete ones).";

export function identifyQuery(graph: GraphData, spec: QuerySpec): QueryIdentification {
  if (spec.kind === "joint" || spec.counterfactual) return { status: "counterfactual", reason: COUNTERFACTUAL_REASON };
  const x = Object.keys(spec.do);
  const z = Object.keys(spec.given).filter((k) => !x.includes(k));
  const y = spec.target;
  try {
    const g = CausalGraph.from(graph);
    const latent = [y, ...x, ...z].find((v) => g.isLatent(v));
    if (latent) return { status: "not-applicable", reason: `"${latent}" is latent: it is never observed, so no formula over observed data can involve it. The model can still answer the query from its mechanisms.` };
    if (!x.length) {
      const text = `P(${y}${z.length ? ` | ${z.join(", ")}` : ""})`;
      return { status: "identified", formula: { text, latex: text.replace("|", "\\mid") }, note: "no intervention: a conditional of the observational distribution" };
    }
    const moved: string[] = [];
    let rest = [...z];
    for (let changed = true; changed && rest.length;) {
      changed = false;
      for (const w of rest) {
        const others = rest.filter((v) => v !== w);
        if (dSeparated(cut(graph, [...x, ...moved], w), [y], [w], [...x, ...moved, ...others])) {
          moved.push(w);
          rest = others;
          changed = true;
          break;
        }
      }
    }
    const exposures = [...x, ...moved];
    const id = identify(g, [y, ...rest], exposures);
    if (!id.identifiable) {
      if (!("hedge" in id)) return { status: "not-applicable", reason: id.reason }; // selected data (a [selected] mark): no hedge to explain
      const causes = hiddenCauses(g, id.hedge.f);
      return { status: "not-identified", hedge: id.hedge, reason: id.reason, explanation: explainHedge(causes, [...exposures, y, ...rest]), hiddenCauses: causes };
    }
    const notes = [...(moved.length ? [`evidence on ${moved.join(", ")} acts as an intervention here (rule 2 of the do-calculus)`] : []), ...(id.note ? [id.note] : [])];
    const note = notes.length ? notes.join("; ") : undefined;
    if (!rest.length) return { status: "identified", formula: id.formula, ...(id.adjustmentSet ? { adjustmentSet: id.adjustmentSet } : {}), ...(note ? { note } : {}) };
    const f = id.formula;
    return {
      status: "identified",
      formula: { text: `[${f.text}] / Σ_{${y}} [${f.text}]`, latex: `\\frac{${f.latex}}{\\sum_{${y}} ${f.latex}}` },
      note: `P(${y}, ${rest.join(", ")} | do(${exposures.join(", ")})) normalised over ${y}${note ? `; ${note}` : ""}`,
    };
  } catch (e) {
    if (e instanceof CausalError) return { status: "not-applicable", reason: e.diagnostic.message };
    throw e;
  }
}

/**
 * Why a hedge exists, in the graph's own terms: each latent variable that reaches two or more of
 * F's nodes along directed paths through latents only (what latent projection turns into F's
 * bidirected arcs), and each bidirected arc whose ends (or what latent ends reach) are two of F's
 * nodes. Nodes are listed in the graph's order (declaration order for a model).
 */
export function hiddenCauses(g: CausalGraph, f: readonly string[]): HiddenCause[] {
  const inF = new Set(f);
  const order = (ids: Iterable<number>) => [...new Set(ids)].sort((a, b) => a - b).map((i) => g.nodeIds[i]).filter((id) => inF.has(id));
  /** Observed nodes reached from v through latent nodes only (v itself when observed). */
  const ends = (v: number): number[] => {
    if (!g.latent[v]) return [v];
    const out: number[] = [];
    const seen = new Set<number>();
    const stack = [...g.ch[v]];
    while (stack.length) {
      const w = stack.pop()!;
      if (seen.has(w)) continue;
      seen.add(w);
      if (g.latent[w]) stack.push(...g.ch[w]);
      else out.push(w);
    }
    return out;
  };
  const out: HiddenCause[] = [];
  const reached = new Map<number, string[]>();
  for (let v = 0; v < g.size; v++) if (g.latent[v]) reached.set(v, order(ends(v)));
  for (const [v, affects] of reached) {
    if (affects.length < 2) continue;
    // A latent that acts only through a latent child listed for the same nodes adds nothing (l1 -> l2 -> {a, b}: l2).
    const through = g.ch[v].some((w) => g.latent[w] && affects.every((a) => reached.get(w)!.includes(a)));
    if (!through) out.push({ latent: g.nodeIds[v], affects });
  }
  for (let u = 0; u < g.size; u++) {
    for (const s of g.sp[u]) {
      if (s < u) continue;
      const a = order(ends(u)), b = order(ends(s));
      if (a.length && b.length && new Set([...a, ...b]).size >= 2) out.push({ affects: order([...ends(u), ...ends(s)]) });
    }
  }
  return out;
}

const both = (names: string[]) => (names.length === 2 ? `both ${names[0]} and ${names[1]}` : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`);
const list = (names: string[]) => (names.length === 1 ? names[0] : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`);

/**
 * The hedge in words: what is unobserved, what it affects, and what the answer then comes from. Each
 * cause names the query's own variables (`focus`: the intervened ones, the target) it affects when
 * they are two or more, else every hedge node it affects.
 */
export function explainHedge(causes: HiddenCause[], focus: readonly string[] = []): string {
  const head = "From observational data alone this effect is not identified";
  if (!causes.length) return `${head}: an unobserved common cause links the intervened variables to the outcome. The answer shown comes from your model's mechanisms, not from data alone.`;
  const named = (c: HiddenCause) => {
    const mine = c.affects.filter((a) => focus.includes(a));
    return mine.length >= 2 ? mine : c.affects;
  };
  const parts = causes.map((c) => (c.latent ? `${c.latent} is unobserved and affects ${both(named(c))}` : `${list(named(c))} share a hidden common cause (a two-headed arc in the graph)`));
  const latents = causes.flatMap((c) => (c.latent ? [c.latent] : []));
  const tail = latents.length
    ? `The answer shown comes from your model of ${list(latents)}.`
    : "Only a model of that hidden cause can answer it: declare it as a .latent(...) variable with its mechanism.";
  return `${head}: ${parts.join("; ")}. ${tail}`;
}

/** G with the edges into `into` (directed and bidirected) and the directed edges out of `outOf` removed. */
function cut(graph: GraphData, into: string[], outOf: string): CausalGraph {
  const edges = graph.edges.filter((e) => {
    if (e.kind === "bidirected") return !into.includes(e.from) && !into.includes(e.to);
    return !into.includes(e.to) && e.from !== outOf;
  });
  return CausalGraph.from({ nodes: graph.nodes, edges });
}
