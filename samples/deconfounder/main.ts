/**
 * The deconfounder (Wang & Blei, JASA 2019) on a semi-synthetic TMDB-like movie data set with a
 * known truth (data.ts), and the critiques' numbers (Grimmer, Knox & Stewart; Imai & Jiang; Ogburn
 * et al.; D'Amour). With the user's own TMDB 5000 files, the same pipeline on the real cast.
 *   causal-studio run samples/deconfounder/main.ts [--json] [--small] [--K N] [--iterations N]
 *   causal-studio run samples/deconfounder/main.ts --tmdb-movies tmdb_5000_movies.csv --tmdb-credits tmdb_5000_credits.csv
 * Returns { figures }: estimate vs truth per estimator, the predictive check's histogram, overlap.
 */
import type { Figure, ScriptResult } from "causal-studio";
import { analyse, analyseObserved, DEFAULT, ESTIMATOR_NAMES, ESTIMATORS, OVERLAP_SE, type Report, type RunConfig } from "./analysis";
import { generate, HERO, leeIndex, SMALL, SMULDERS } from "./data";
import genreModel from "./genre.causal";
import model from "./model.causal";
import { loadTmdb } from "./tmdb";

/** The test's configuration: 1,000 films x 200 actors, K = 5. */
export const SMALL_RUN: RunConfig = { ...DEFAULT, data: SMALL, K: 5, replicates: 100, kSweep: [] };

export interface DoQuery { library: number; libraryStandardError: number; regression: number; truth: number }
export interface GenreQuery {
  /** The library on genre.causal.ts: the ATE by sampling (independent draws per arm) and in closed form. */
  ate: number; ateSe: number; ateMethod: string; ateClosedForm: number;
  /** E[revenue | genre = 1] - E[revenue | genre = 0]: by likelihood weighting, in closed form, and by hand. */
  conditional: number; conditionalSe: number; conditionalClosedForm: number; conditionalByHand: number;
}
export interface Result { report: Report; doQuery: DoQuery; genreQuery: GenreQuery; truthBeta: Float64Array }

/** E[revenue | do(hero = 1)] - E[revenue | do(hero = 0)] on model.causal.ts with the deconfounder's fitted params. */
export function heroDoQuery(r: Report, truthHero: number, samples = 200_000): DoQuery {
  const f = r.franchiseFit;
  const p: Record<string, number | Float64Array> = { "revenue.coef": Float64Array.from(f.coef), "revenue.sd": f.sd };
  (["lee", "smulders", "hero"] as const).forEach((v, k) => { p[`${v}.coef`] = Float64Array.from(f.actorOnZ[k].coef); p[`${v}.sd`] = f.actorOnZ[k].sd; });
  const est = model.withParams(p).ate({ treatment: "hero", outcome: "revenue", treated: 1, control: 0 }, { samples, seed: 5 });
  return { library: est.value, libraryStandardError: est.standardError, regression: f.coef[4], truth: truthHero };
}

/**
 * do(genre) against conditioning on genre, on genre.causal.ts with the params fitted in analysis.ts.
 * Closed form of the linear-Gaussian model (G ~ N(0, 1), genre = a + b G + s e1, revenue = c0 + c1 G + r e2):
 * E[G | genre = x] = b (x - a) / (b^2 + s^2), so E[revenue | genre = 1] - E[revenue | genre = 0] = c1 b / (b^2 + s^2);
 * under do(genre = x) G keeps its N(0, 1) and revenue does not read genre, so the ATE is 0.
 */
export function genreDoQuery(r: Report, samples = 200_000): GenreQuery {
  const q = r.genre.params;
  const m = genreModel.withParams({ "genre.coef": Float64Array.from(q.genreCoef), "genre.sd": q.genreSd, "revenue.coef": Float64Array.from(q.revenueCoef), "revenue.sd": q.revenueSd });
  const spec = { treatment: "genre", outcome: "revenue", treated: 1, control: 0 } as const;
  const ate = m.ate(spec, { samples, seed: 3, method: "sampling" });
  const exact = m.ate(spec);
  const given = (x: number, method: "sampling" | "auto", seed: number) => m.condition({ genre: x }).mean("revenue", { samples, seed, method });
  const c1 = given(1, "sampling", 11), c0 = given(0, "sampling", 12);
  const [, b] = q.genreCoef;
  return {
    ate: ate.value, ateSe: ate.standardError, ateMethod: ate.method, ateClosedForm: exact.value,
    conditional: c1.value - c0.value, conditionalSe: Math.hypot(c1.standardError, c0.standardError),
    conditionalClosedForm: given(1, "auto", 1).value - given(0, "auto", 1).value,
    conditionalByHand: (q.revenueCoef[1] * b) / (b * b + q.genreSd ** 2),
  };
}

export function run(c: RunConfig = DEFAULT): Result {
  const report = analyse(c);
  const truthBeta = generate(c.data).truth.beta;
  return { report, doQuery: heroDoQuery(report, truthBeta[HERO]), genreQuery: genreDoQuery(report), truthBeta };
}

const f3 = (v: number) => v.toFixed(3);
const s3 = (v: number) => (v >= 0 ? " " : "") + v.toFixed(3);

export function formatReport(res: Result): string {
  const r = res.report, c = r.config, e = r.effects, o = r.overlap, sc = r.singleCause, q = res.doQuery, gq = res.genreQuery;
  const L = [
    `TMDB-like data (data.ts, seed ${c.data.seed}): ${r.films} films x ${r.actors} actors, ${r.pairs} (film, actor) pairs (${(r.pairs / r.films).toFixed(2)} a film); ${r.franchiseFilms} franchise films; Stan-Lee-like actor in ${r.leeFilms}, Smulders-like in ${r.smuldersFilms}, single-cause actor in ${r.soloFilms}`,
    `factor model: Poisson MF, K = ${c.K}, ${c.pmfIterations} multiplicative updates, ${(100 * c.holdoutFraction).toFixed(0)}% of each film's entries held out (${r.check.heldOut} entries, ${r.check.heldOutOnes} of them 1)`,
    `  predictive check (${c.replicates} replicates): p = ${f3(r.check.p)} (per-film average); with one statistic summed over all films p = ${f3(r.check.globalP)}`,
    `  the check at each K (same held-out entries): ${r.sweep.map((w) => `K = ${w.K}: p = ${f3(w.p)}, global p = ${f3(w.globalP)}, held-out log-likelihood ${w.heldOutLogLik.toFixed(1)}`).join("; ")}`,
    `  how much of the true confounding term (sum_k gamma_k z_k + gamma_F F) each adjustment set explains (R^2): PMF Z-hat ${f3(r.recovery.pmf)}, PPCA Z-hat ${f3(r.recovery.ppca)}, M2's covariates ${f3(r.recovery.covariates)}, the cast itself ${f3(r.recovery.cast)}`,
    "",
    "actor effects against the true beta (rmse over all actors but the single-cause one; Spearman rank correlation with the truth):",
    "  estimator                      rmse   Spearman   Smulders-like (truth 0)   Stan-Lee-like (truth 0)   his total over his films",
  ];
  for (const k of ESTIMATORS) {
    const x = e[k];
    L.push(`  ${ESTIMATOR_NAMES[k].padEnd(28)} ${f3(x.rmse)}   ${f3(x.spearman).padStart(8)}   ${s3(x.smulders)} (se ${f3(x.smuldersSe)})        ${s3(x.stanLee)} (se ${f3(x.stanLeeSe)})        ${x.stanLeeTotal.toFixed(1).padStart(6)}`);
  }
  L.push(
    `  deconfounder (PMF) - naive: rmse ${s3(e.deconfounder_pmf.rmse - e.naive.rmse)}, largest |coefficient change| ${f3(maxAbsDiff(e.deconfounder_pmf.beta, e.naive.beta))} (Grimmer, Knox & Stewart: with many causes per confounder the two coincide)`,
    `  the Stan-Lee-like actor's total contribution (beta-hat x ${r.leeFilms} films, log-revenue sd units): naive ${e.naive.stanLeeTotal.toFixed(1)}, deconfounder ${e.deconfounder_pmf.stanLeeTotal.toFixed(1)}, M2 with the franchise indicator ${e.m2.stanLeeTotal.toFixed(1)}, truth 0`,
    "",
    `single-cause confounder (U moves actor ${sc.actor}'s casting and revenue only): truth ${s3(sc.truth)}, deconfounder ${s3(sc.deconfounder)} (se ${f3(sc.deconfounderSe)}; bias ${s3(sc.bias)}, ${sc.z.toFixed(1)} se), oracle on Z and F ${s3(sc.oracle)}, oracle on Z, F and U ${s3(sc.oracleWithU)}; the predictive check still gives p = ${f3(r.check.p)}`,
    "",
    `overlap (R^2 of each substitute confounder on the cast; median se ratio of the actor coefficients to the naive ones, flagged above ${OVERLAP_SE}):`,
    `  PMF Z-hat                  max R^2 ${f3(o.pmf.maxR2)}, mean ${f3(o.pmf.meanR2)}, se x ${o.pmf.seInflation.toFixed(2)}  ${o.pmf.fires ? "FLAGGED" : "ok"}`,
    `  PPCA Z-hat (posterior draw) max R^2 ${f3(o.ppca.maxR2)}, mean ${f3(o.ppca.meanR2)}, se x ${o.ppca.seInflation.toFixed(2)}  ${o.ppca.fires ? "FLAGGED" : "ok"}`,
    `  PPCA Z-hat (posterior mean) max R^2 ${f3(o.degenerate.maxR2)}, mean ${f3(o.degenerate.meanR2)}, se x ${o.degenerate.seInflation.toFixed(0)}  ${o.degenerate.fires ? "FLAGGED" : "ok"} (D'Amour: a function of the causes; only the ridge keeps the fit defined)`,
    "",
    `do-query on model.causal.ts (params from the deconfounder's franchise regression, Z = PMF component ${r.franchiseComponent}):`,
    `  E[revenue | do(hero = 1)] - E[revenue | do(hero = 0)]: library ${f3(q.library)} (se ${q.libraryStandardError.toExponential(1)}), regression coefficient ${f3(q.regression)}, truth ${f3(q.truth)}`,
    `do-query on genre (the label genre${r.genre.genre + 1} of the genre with the largest revenue loading, gamma ${s3(r.genre.gamma)}; ${r.genre.films} films carry it):`,
    `  truth E[revenue | do(genre${r.genre.genre + 1} = 1)] - E[revenue | do(genre${r.genre.genre + 1} = 0)] in data.ts: ${s3(r.genre.truth)} (the label is drawn after revenue and read by nothing)`,
    `  naive association: difference of means ${s3(r.genre.naive)} (se ${f3(r.genre.naiveSe)}, ${(r.genre.naive / r.genre.naiveSe).toFixed(1)} se); regression coefficient on the 9 labels ${s3(r.genre.labelsOnly)} (se ${f3(r.genre.labelsOnlySe)}), in M2 (cast + covariates) ${s3(r.genre.m2)} (se ${f3(r.genre.m2Se)})`,
    `  genre.causal.ts (G = PMF component ${r.genre.component}, correlation with the label ${f3(r.genre.componentCorrelation)}): ATE library ${s3(gq.ate)} (se ${f3(gq.ateSe)}, ${gq.ateMethod}; closed form ${s3(gq.ateClosedForm)}); E[revenue | genre${r.genre.genre + 1} = 1] - E[revenue | genre${r.genre.genre + 1} = 0] library ${s3(gq.conditional)} (se ${f3(gq.conditionalSe)}), closed form ${s3(gq.conditionalClosedForm)}, by hand c1 b / (b^2 + s^2) ${s3(gq.conditionalByHand)}`,
    `counterfactual for film ${r.counterfactual.film} (franchise; Smulders-like in the cast): "hero instead of Smulders-like", additive noise abducted: factual ${f3(r.counterfactual.yFactual)}, deconfounder ${f3(r.counterfactual.deconfounder)}, truth ${f3(r.counterfactual.truth)}`,
  );
  return L.join("\n");
}

function maxAbsDiff(a: Float64Array, b: Float64Array): number { let m = 0; for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i])); return m; }

export function jsonReport(res: Result) {
  const r = res.report;
  return {
    predictive_check_p: r.check.p,
    predictive_check_global_p: r.check.globalP,
    predictive_check_by_k: r.sweep,
    confounder_recovery_r2: r.recovery,
    effects: Object.fromEntries(ESTIMATORS.map((k) => [k, { rmse: r.effects[k].rmse, spearman: r.effects[k].spearman, smulders: r.effects[k].smulders, stan_lee: r.effects[k].stanLee, stan_lee_total: r.effects[k].stanLeeTotal }])),
    truth: { smulders: r.truth.smulders, stan_lee: r.truth.stanLee },
    overlap: Object.fromEntries(Object.entries(r.overlap).map(([k, v]) => [k, { max_r2: v.maxR2, mean_r2: v.meanR2, se_inflation: v.seInflation, fires: v.fires }])),
    single_cause_bias: { truth: r.singleCause.truth, deconfounder: r.singleCause.deconfounder, bias: r.singleCause.bias, z: r.singleCause.z, oracle_with_u: r.singleCause.oracleWithU },
    do_query: res.doQuery,
    genre_do_query: {
      genre: `genre${r.genre.genre + 1}`, naive_difference: r.genre.naive, naive_difference_se: r.genre.naiveSe,
      regression_coefficient: r.genre.m2, regression_coefficient_se: r.genre.m2Se, regression_labels_only: { coefficient: r.genre.labelsOnly, se: r.genre.labelsOnlySe },
      model_ate: res.genreQuery.ate, model_ate_se: res.genreQuery.ateSe, model_ate_closed_form: res.genreQuery.ateClosedForm,
      model_conditional_difference: res.genreQuery.conditional, model_conditional_difference_se: res.genreQuery.conditionalSe, model_conditional_difference_closed_form: res.genreQuery.conditionalClosedForm,
      truth: r.genre.truth,
    },
    counterfactual: r.counterfactual,
  };
}

export function figures(res: Result): Figure[] {
  const r = res.report, J = r.actors, lee = leeIndex(r.config.data);
  const hist = r.check.replicated;
  return [
    {
      id: "estimate-vs-truth", title: "Actor effects: estimate against the true beta",
      caption: `Each dot an actor (${J}), with +-2 se; the truth is data.ts's beta (the single-cause actor ${r.singleCause.actor} included). Points on the rule y = x are exact; the Smulders-like (actor ${SMULDERS}) and Stan-Lee-like (actor ${lee}) actors have beta 0.`,
      x: { label: "true beta" }, y: { label: "estimated beta" },
      marks: [
        ...ESTIMATORS.map((k) => ({ kind: "interval" as const, series: ESTIMATOR_NAMES[k], points: Array.from({ length: J }, (_, j) => ({ x: res.truthBeta[j], y: r.effects[k].beta[j], lo: r.effects[k].beta[j] - 2 * r.effects[k].se[j], hi: r.effects[k].beta[j] + 2 * r.effects[k].se[j] })) })),
        { kind: "line", series: "y = x", points: [{ x: -1.2, y: -1.2 }, { x: 1.2, y: 1.2 }] },
      ],
    },
    {
      id: "predictive-check", title: "Predictive check: held-out log-likelihood, replicated vs observed",
      caption: `Sum over films of the held-out log-likelihood under the fitted Poisson MF (K = ${r.config.K}) for ${hist.length} replicated data sets; the rule is the observed data's (global p = ${r.check.globalP.toFixed(3)}; the per-film average p = ${r.check.p.toFixed(3)}). Wang & Blei (2019) Section 3.2.`,
      x: { label: "held-out log-likelihood" }, y: { label: "replicates" },
      marks: [{ kind: "histogram", series: "replicated", values: hist, bins: 30 }, { kind: "rule", axis: "x", value: r.check.observed, label: "observed" }],
    },
    {
      id: "overlap", title: "Overlap: how far the substitute confounder is a function of the cast",
      caption: `Max R^2 of a Z-hat column regressed on all actor indicators and the median se inflation of the actor coefficients over the naive regression (log10; flagged above log10 ${OVERLAP_SE}, D'Amour 2019).`,
      x: { label: "substitute confounder" }, y: { label: "value" },
      marks: [
        { kind: "bar", series: "max R^2", bars: (["pmf", "ppca", "degenerate"] as const).map((k) => ({ label: k === "degenerate" ? "PPCA mean" : k === "ppca" ? "PPCA draw" : "PMF", value: r.overlap[k].maxR2 })) },
        { kind: "bar", series: "log10 se inflation", bars: (["pmf", "ppca", "degenerate"] as const).map((k) => ({ label: k === "degenerate" ? "PPCA mean" : k === "ppca" ? "PPCA draw" : "PMF", value: Math.log10(r.overlap[k].seInflation) })) },
      ],
    },
  ];
}

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

function tmdbReport(moviesFile: string, creditsFile: string, K: number, json: boolean): void {
  const t = loadTmdb(moviesFile, creditsFile);
  const o = analyseObserved(t.movies, { K, pmfIterations: DEFAULT.pmfIterations, holdoutFraction: DEFAULT.holdoutFraction, replicates: DEFAULT.replicates });
  const pick = (name: string) => { const j = t.actorNames.indexOf(name); return j < 0 ? null : { naive: o.naive[j], deconfounder: o.deconfounder[j], m2: o.m2[j] }; };
  const moved = [...t.actorNames.keys()].sort((a, b) => (o.deconfounder[a] - o.naive[a]) - (o.deconfounder[b] - o.naive[b]));
  const out = { films: t.movies.cast.length, actors: t.actorNames.length, predictive_check_p: o.check.p, stan_lee: pick("Stan Lee"), cobie_smulders: pick("Cobie Smulders"), judi_dench: pick("Judi Dench"),
    down: moved.slice(0, 10).map((j) => t.actorNames[j]), up: moved.slice(-10).reverse().map((j) => t.actorNames[j]) };
  console.log(json ? JSON.stringify(out, null, 2) : `TMDB files: ${out.films} films x ${out.actors} actors; predictive check p = ${o.check.p.toFixed(3)}\n` + JSON.stringify(out, null, 2));
}

export async function main(args: string[] = []): Promise<ScriptResult> {
  const K = flag(args, "--K"), it = flag(args, "--iterations");
  const movies = flag(args, "--tmdb-movies"), credits = flag(args, "--tmdb-credits");
  if (movies && credits) { tmdbReport(movies, credits, K ? Number(K) : 50, args.includes("--json")); return {}; }
  const base = args.includes("--small") ? SMALL_RUN : DEFAULT;
  const res = run({ ...base, ...(K ? { K: Number(K) } : {}), ...(it ? { pmfIterations: Number(it) } : {}) });
  console.log(args.includes("--json") ? JSON.stringify(jsonReport(res), null, 2) : formatReport(res));
  return { figures: figures(res) };
}
