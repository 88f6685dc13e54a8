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
  | { status: "not-identified"; hedge: { f: string[]; fPrime: string[] }; reason: string }
  | { status: "counterfactual"; reason: string }
  | { status: "not-applicable"; reason: string };

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
    if (!id.identifiable) return { status: "not-identified", hedge: id.hedge, reason: id.reason };
    const note = moved.length ? `evidence on ${moved.join(", ")} acts as an intervention here (rule 2 of the do-calculus)` : undefined;
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

/** G with the edges into `into` (directed and bidirected) and the directed edges out of `outOf` removed. */
function cut(graph: GraphData, into: string[], outOf: string): CausalGraph {
  const edges = graph.edges.filter((e) => {
    if (e.kind === "bidirected") return !into.includes(e.from) && !into.includes(e.to);
    return !into.includes(e.to) && e.from !== outOf;
  });
  return CausalGraph.from({ nodes: graph.nodes, edges });
}
