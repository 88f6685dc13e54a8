/**
 * localTests(graph, data): the graph against the data. Every testable implication of the graph —
 * the basis of implied conditional independencies that graph/analyze/implied-independencies.ts
 * enumerates (for a DAG one per non-adjacent pair; for an ADMG the ordered local Markov statements
 * after projecting latent variables out) — is tested on the data, as DAGitty's `localTests` does
 * (Textor et al. 2016, "Robust causal inference using directed acyclic graphs", IJE; Ankan, Wortel &
 * Textor 2021, "Testing graphical causal models using the R package dagitty"):
 *   both continuous → partial correlation / Fisher z; x, y and Z all discrete → stratified G-test
 *   (within-strata permutations when the table is sparse);
 *   otherwise → regression-residual canonical-correlation test (Wilks / Bartlett). See ci-tests.ts.
 * Each result carries the implication, statistic, effect size with its interval, the raw and
 * Holm-adjusted p-values (also as exact log10 values), and a verdict at `alpha`: "fail" when the
 * Holm-adjusted p is below alpha, "warn" when only the raw p is, else "pass".
 * What these tests cannot see: an edge the graph has but the data do not need (independence tests
 * never reject a superfluous edge), and hidden confounding between variables the graph already
 * joins; the report says so in `limitations`.
 */
import { CausalError, error, type SourceRange } from "../errors/diagnostic";
import { impliedIndependencies, type Independence } from "../graph/analyze/implied-independencies";
import { CausalGraph } from "../graph/causal-graph";
import type { GraphData } from "../graph/types";
import { type CiMethod, type CiOutcome, type EffectSize, fisherZTest, gTest, residualWilksTest } from "./ci-tests";
import { type ColumnTypeOptions, type CriticismData, dataView, type VariableType } from "./data-input";
import { holmLog10 } from "./holm";
import { requireLevel, type Verdict, verdictOf } from "./verdict";

/** A graph as the checks accept it: a CausalGraph, its plain data, or a model with graph(). */
export type GraphSource = CausalGraph | GraphData | { graph(): GraphData };

export interface LocalTestsOptions extends ColumnTypeOptions {
  /** Significance level for the verdicts (default 0.05). */
  alpha?: number;
  /** Confidence level of the effect-size intervals (default 0.95). */
  confidenceLevel?: number;
  /** Permutations behind a sparse G-test (default 1000) and their seed (default 1). */
  permutations?: number;
  seed?: number;
}

export interface LocalTestResult {
  kind: "local-test";
  implication: Independence;
  /** "x ⊥ y | z1, z2" */
  text: string;
  method: CiMethod;
  statistic: number;
  df: number;
  rows: number;
  effect: EffectSize;
  p: number;
  log10P: number;
  pAdjusted: number;
  log10PAdjusted: number;
  verdict: Verdict;
  /** Source ranges of x and y where the graph has them (the pair to mark on the DAG). */
  ranges: { x?: SourceRange; y?: SourceRange };
  sparse?: boolean;
  permutations?: number;
  notes: string[];
}

export interface SkippedImplication {
  implication: Independence;
  text: string;
  reason: string;
}

export interface LocalTestsReport {
  kind: "local-tests";
  alpha: number;
  adjustment: "holm";
  tests: LocalTestResult[];
  skipped: SkippedImplication[];
  /** The type each tested variable was given (it chose the test). */
  types: Record<string, VariableType>;
  limitations: string[];
}

const LIMITATIONS = [
  "An edge the graph has but the data do not need is not falsifiable by independence tests: they test only missing edges.",
  "Hidden confounding between variables the graph already joins changes no independence and is invisible to these tests.",
  "Mixed and continuous tests detect linear dependence given the conditioning set; a purely non-linear dependence can pass.",
];

export function toCausalGraph(source: GraphSource): CausalGraph {
  if (source instanceof CausalGraph) return source;
  if (typeof (source as { graph?: unknown }).graph === "function") return CausalGraph.from((source as { graph(): GraphData }).graph());
  return CausalGraph.from(source as GraphData);
}

export function rangeOfNode(g: CausalGraph, id: string): SourceRange | undefined {
  const node = g.node(id);
  return node.range ?? node.declarationRange;
}

export function implicationText(i: Independence): string {
  return `${i.x} ⊥ ${i.y}${i.given.length ? ` | ${i.given.join(", ")}` : ""}`;
}

export function localTests(source: GraphSource, data: CriticismData, options: LocalTestsOptions = {}): LocalTestsReport {
  const alpha = options.alpha ?? 0.05, level = options.confidenceLevel ?? 0.95;
  requireLevel("alpha", alpha);
  requireLevel("confidenceLevel", level);
  if (options.permutations !== undefined && !(options.permutations >= 1)) throw new CausalError(error("invalid-argument", `localTests: permutations must be a positive number; got ${options.permutations}`));
  const g = toCausalGraph(source);
  const view = dataView(data, options);
  const gOptions = { ...(options.permutations !== undefined ? { permutations: options.permutations } : {}), ...(options.seed !== undefined ? { seed: options.seed } : {}) };
  const types: Record<string, VariableType> = {};
  const tested: { implication: Independence; outcome: Extract<CiOutcome, { tested: true }>; ranges: LocalTestResult["ranges"] }[] = [];
  const skipped: SkippedImplication[] = [];
  for (const imp of impliedIndependencies(g)) {
    const col = (id: string) => {
      const c = view.column(id, rangeOfNode(g, id));
      types[id] = c.type;
      return c;
    };
    const x = col(imp.x), y = col(imp.y), z = imp.given.map(col);
    const outcome = x.type === "continuous" && y.type === "continuous" ? fisherZTest(x, y, z, level)
      : x.type === "discrete" && y.type === "discrete" && z.every((c) => c.type === "discrete") ? gTest(x, y, z, level, gOptions)
      : residualWilksTest(x, y, z, level);
    if (!outcome.tested) { skipped.push({ implication: imp, text: implicationText(imp), reason: outcome.reason }); continue; }
    const rx = rangeOfNode(g, imp.x), ry = rangeOfNode(g, imp.y);
    tested.push({ implication: imp, outcome, ranges: { ...(rx ? { x: rx } : {}), ...(ry ? { y: ry } : {}) } });
  }
  const adjusted = holmLog10(tested.map((t) => t.outcome.result.log10P));
  const tests = tested.map(({ implication, outcome: { result: r }, ranges }, i): LocalTestResult => {
    const p = 10 ** r.log10P, pAdjusted = 10 ** adjusted[i];
    return {
      kind: "local-test", implication, text: implicationText(implication), method: r.method, statistic: r.statistic, df: r.df, rows: r.rows,
      effect: r.effect, p, log10P: r.log10P, pAdjusted, log10PAdjusted: adjusted[i],
      verdict: verdictOf(r.log10P, adjusted[i], alpha), ranges, ...(r.sparse ? { sparse: true, permutations: r.permutations } : {}), notes: r.notes,
    };
  });
  return { kind: "local-tests", alpha, adjustment: "holm", tests, skipped, types, limitations: LIMITATIONS };
}
