// samples/deconfounder: the shipped CSVs are what generate.ts writes; on the default TMDB-like data
// (2,828 x 901) the estimators' errors fall in the order the truth implies (oracle well below the
// rest; the deconfounder no better than naive all-causes regression); the predictive check's p sits
// in its band and is calibrated on a well-specified Poisson MF; the single-cause confounder biases
// the deconfounder while the check passes; the overlap diagnostic fires when Z-hat is a function of
// the cast; M2's franchise covariate removes the Stan-Lee-like actor's implausible contribution;
// the library's do-query equals the regression; do(genre) is 0 in the truth and in the library's
// answer on genre.causal.ts while the naive association and the model's conditional difference are
// not; the TMDB loader reads Kaggle-shaped files; the
// README quotes the output.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createRng } from "causal-studio";
import { describe, expect, it } from "vitest";
import { FULL, generate, HERO, SMULDERS } from "../../samples/deconfounder/data";
import { fitPmf, holdout, predictiveCheck, simulatePmf } from "../../samples/deconfounder/factor";
import { files } from "../../samples/deconfounder/generate";
import { figures, formatReport, jsonReport, run } from "../../samples/deconfounder/main";
import { parseCsv, tmdbFromText } from "../../samples/deconfounder/tmdb";

const dir = join(__dirname, "..", "..", "samples", "deconfounder");

describe("samples/deconfounder", () => {
  const res = run();
  const r = res.report, e = r.effects;

  it("ships exactly the data generate.ts writes (seed 1805)", () => {
    for (const [name, text] of Object.entries(files())) expect(readFileSync(join(dir, name), "utf8")).toBe(text);
  });

  it("keeps the issue's size: 2,828 films x 901 actors, about 5 a film", () => {
    expect([r.films, r.actors]).toEqual([2828, 901]);
    expect(Math.abs(r.pairs / r.films - 5)).toBeLessThan(0.2);
  });

  it("orders the errors as the truth implies: oracle far below; deconfounder ~ naive (Grimmer et al.)", () => {
    // Each actor's coefficient has se about 0.3-0.6 (about 15 films each), so every estimator's rmse
    // carries that floor; the oracle removes the confounding bias (gamma . z, sd about 0.5 per film)
    // that the others keep, a gap of about 0.2 here against an rmse spread across seeds of a few
    // hundredths (900 actors): margin 0.1. The deconfounder's Z-hat is nearly in the span of the
    // cast (R^2 about 0.93), so it moves the rmse by at most a few hundredths: 0.03.
    for (const k of ["deconfounder_pmf", "deconfounder_ppca", "naive", "m2"] as const) expect(e[k].rmse - e.oracle.rmse).toBeGreaterThan(0.1);
    expect(Math.abs(e.deconfounder_pmf.rmse - e.naive.rmse)).toBeLessThan(0.03);
    expect(e.m2.rmse).toBeLessThan(e.naive.rmse);
    expect(e.oracle.spearman).toBeGreaterThan(e.naive.spearman + 0.05);
  });

  it("the predictive check passes on the data (per-film p in 0.3..0.7) and is calibrated on a well-specified PMF", () => {
    expect(r.check.p).toBeGreaterThan(0.3);
    expect(r.check.p).toBeLessThan(0.7);
    // 20 data sets drawn from a Poisson MF and fitted by the same code: the per-film average p is
    // an average of 300 mid-p values (each with mean 1/2 under the model), so it sits near 0.5,
    // not near 0: none below 0.3 and the mean within 0.4..0.6.
    const ps: number[] = [];
    for (let s = 0; s < 20; s++) {
      const d = simulatePmf(300, 80, 3, 5, 100 + s);
      const ho = holdout(300, 80, 0.1, createRng(s));
      const f = fitPmf(d.cast, 80, 3, { holdout: ho, iterations: 100, seed: s, counts: d.counts });
      ps.push(predictiveCheck(d.cast, f, ho, 50, s, d.counts).p);
    }
    expect(Math.min(...ps)).toBeGreaterThan(0.3);
    const mean = ps.reduce((a, b) => a + b, 0) / ps.length;
    expect(mean).toBeGreaterThan(0.4);
    expect(mean).toBeLessThan(0.6);
  });

  it("a single-cause confounder biases the deconfounder while the check still passes (Imai & Jiang; Ogburn et al.)", () => {
    const sc = r.singleCause;
    expect(sc.z).toBeGreaterThan(2.5);
    // Adjusting for U itself removes it: within 3 of the deconfounder's se (0.22) of the truth.
    expect(Math.abs(sc.oracleWithU - sc.truth)).toBeLessThan(3 * sc.deconfounderSe);
    expect(r.check.p).toBeGreaterThan(0.3);
  });

  it("the overlap diagnostic fires when Z-hat is a function of the cast, and the intervals blow up (D'Amour)", () => {
    expect(r.overlap.degenerate.fires).toBe(true);
    expect(r.overlap.degenerate.maxR2).toBeGreaterThan(0.999);
    expect(r.overlap.degenerate.seInflation).toBeGreaterThan(10);
    expect(r.overlap.pmf.fires).toBe(false);
    expect(r.overlap.pmf.seInflation).toBeLessThan(1.2);
  });

  it("the Stan-Lee-like actor gets an implausible contribution unless M2's franchise covariate is in", () => {
    expect(e.naive.stanLee).toBeGreaterThan(2 * e.naive.stanLeeSe);
    expect(e.deconfounder_pmf.stanLee).toBeGreaterThan(e.deconfounder_pmf.stanLeeSe);
    expect(Math.abs(e.m2.stanLee)).toBeLessThan(2 * e.m2.stanLeeSe);
    expect(e.naive.stanLeeTotal - e.m2.stanLeeTotal).toBeGreaterThan(50);
  });

  it("the library's do-query on model.causal.ts equals the regression; the counterfactual swaps coefficients", () => {
    const q = res.doQuery;
    expect(Math.abs(q.library - q.regression)).toBeLessThan(1e-6 + 4 * q.libraryStandardError);
    expect(q.regression).toBeCloseTo(e.deconfounder_pmf.beta[HERO], 12);
    const c = r.counterfactual;
    expect(c.deconfounder).toBeCloseTo(c.yFactual + e.deconfounder_pmf.beta[HERO] - e.deconfounder_pmf.beta[SMULDERS], 9);
    expect(c.truth).toBeCloseTo(c.yFactual + res.truthBeta[HERO] - res.truthBeta[SMULDERS], 9);
  });

  it("do(genre) has no effect (truth and library) while the genre label is associated with revenue", () => {
    const g = r.genre, q = res.genreQuery;
    // The truth: data.ts run with the label forced to 1 and to 0 gives the same revenue (exactly 0).
    expect(g.truth).toBe(0);
    const forced = generate(FULL, { genre: g.genre, value: 1 }).movies, plain = generate(FULL).movies;
    expect(forced.genres.every((x) => x[g.genre] === 1)).toBe(true);
    expect([...forced.y]).toEqual([...plain.y]);
    expect(forced.genres.map((x) => [...x].filter((_, k) => k !== g.genre))).toEqual(plain.genres.map((x) => [...x].filter((_, k) => k !== g.genre)));
    // The genre with the largest |gamma| has a sizeable loading (0.5 N(0, 1) draws, the largest of 9 is
    // about 0.8), so its label's association with revenue is many se from 0: the naive difference
    // (Welch se about 0.1 with ~800 vs ~2,000 films) more than 4 se; in M2 the cast, the other labels
    // and budget (a proxy of gamma . z) soak most of it up, but the label still carries the part of
    // z the others miss: more than 2 se.
    expect(Math.abs(g.naive)).toBeGreaterThan(4 * g.naiveSe);
    expect(Math.abs(g.labelsOnly)).toBeGreaterThan(4 * g.labelsOnlySe);
    expect(Math.abs(g.m2)).toBeGreaterThan(2 * g.m2Se);
    expect(Math.sign(g.naive)).toBe(Math.sign(g.gamma));
    // The library: by sampling, the ATE's two arms are independent draws of 200,000 each, so its
    // se is sqrt(2) sd(revenue) / sqrt(200,000) (> 0); it must sit within 4 se of 0. In closed form
    // (Gaussian conditioning) it is 0 to rounding.
    expect(q.ateSe).toBeGreaterThan(0);
    expect(q.ateSe).toBeCloseTo(Math.SQRT2 * Math.hypot(g.params.revenueCoef[1], g.params.revenueSd) / Math.sqrt(200_000), 3);
    expect(Math.abs(q.ate)).toBeLessThan(4 * q.ateSe);
    expect(Math.abs(q.ateClosedForm)).toBeLessThan(1e-9);
    // Conditioning: the closed form is the hand formula c1 b / (b^2 + s^2); likelihood weighting is
    // within 4 of its se of it; and it is far from 0 (the latent G is a common cause).
    expect(q.conditionalClosedForm).toBeCloseTo(q.conditionalByHand, 9);
    expect(Math.abs(q.conditional - q.conditionalClosedForm)).toBeLessThan(4 * q.conditionalSe);
    expect(Math.abs(q.conditional)).toBeGreaterThan(4 * q.conditionalSe);
    expect(Math.sign(q.conditional)).toBe(Math.sign(g.naive));
  });

  it("the TMDB loader reads Kaggle-shaped files (cast a JSON column)", () => {
    expect(parseCsv('a,b\n1,"x, ""y"""\n')).toEqual([["a", "b"], ["1", 'x, "y"']]);
    const cast = (names: string[]) => `"${JSON.stringify(names.map((name, order) => ({ cast_id: order, character: "c", name, order }))).replace(/"/g, '""')}"`;
    const genres = (g: string[]) => `"${JSON.stringify(g.map((name, id) => ({ id, name }))).replace(/"/g, '""')}"`;
    const comp = (ids: number[]) => `"${JSON.stringify(ids.map((id) => ({ name: `c${id}`, id }))).replace(/"/g, '""')}"`;
    const movies = ["budget,genres,id,production_companies,revenue,runtime,title",
      `100,${genres(["Action"])},1,${comp([420])},1000,120,"A, the film"`,
      `200,${genres(["Drama", "Action"])},2,${comp([1])},3000,100,B`,
      `300,${genres(["Drama"])},3,${comp([])},0,90,C`, // revenue 0: dropped
      `50,${genres(["Comedy"])},4,${comp([420, 2])},500,95,D`].join("\n") + "\n";
    const credits = ["movie_id,title,cast,crew", `1,A,${cast(["Stan Lee", "X"])},[]`, `2,B,${cast(["X", "Y"])},[]`, `3,C,${cast(["Stan Lee"])},[]`, `4,D,${cast(["Stan Lee", "Y", "Z"])},[]`].join("\n") + "\n";
    const t = tmdbFromText(movies, credits, 2);
    expect(t.titles).toEqual(["A, the film", "B", "D"]);
    expect(t.actorNames).toEqual(["Stan Lee", "X", "Y"]);
    expect(t.movies.cast).toEqual([[0, 1], [1, 2], [0, 2]]);
    expect([...t.movies.franchise]).toEqual([1, 0, 1]);
    expect(t.genreNames.slice(0, 2)).toEqual(["Action", "Comedy"]);
    const ly = [1000, 3000, 500].map(Math.log), m = (ly[0] + ly[1] + ly[2]) / 3;
    expect(t.movies.y[1]).toBeCloseTo((ly[1] - m) / Math.sqrt(ly.reduce((s, v) => s + (v - m) ** 2, 0) / 3), 12);
  });

  it("--json has the issue's keys; figures stay under the size limit", () => {
    const j = jsonReport(res);
    for (const k of ["predictive_check_p", "effects", "overlap", "single_cause_bias"]) expect(j).toHaveProperty(k);
    expect(Object.keys(j.genre_do_query)).toEqual(expect.arrayContaining(["genre", "naive_difference", "regression_coefficient", "model_ate", "model_conditional_difference", "truth"]));
    expect(j.genre_do_query.truth).toBe(0);
    for (const k of Object.values(j.effects)) expect(Object.keys(k)).toEqual(expect.arrayContaining(["rmse", "smulders", "stan_lee"]));
    const figs = figures(res);
    expect(figs.map((f) => f.id)).toEqual(["estimate-vs-truth", "predictive-check", "overlap"]);
    for (const f of figs) {
      const n = f.marks.reduce((s, m) => s + (m.kind === "histogram" ? m.values.length : m.kind === "bar" ? m.bars.length : m.kind === "rule" || m.kind === "image" ? 1 : m.points.length), 0);
      expect(n).toBeLessThan(100_000);
    }
  });

  it("the README quotes the output as printed", () => {
    expect(readFileSync(join(dir, "README.md"), "utf8")).toContain(formatReport(res));
  });
});
