import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bernoulli, scm } from "../core/index";
import { meanOf, type QueryJob, runQueryJob } from "../core/query/query-job";
import { parseToWebview, type QueryResult, type RunQuery, type ToWebview } from "../protocol/messages";
import { readGraphSource } from "./graph-source";
import type { QueryOutcome, RunQueryJob } from "./query-job-runner";
import { answerRunQuery, checkRequest } from "./query-session";

// The front-door sample, extracted statically (as the panel does) and built in-process for the fake runner.
const file = join(__dirname, "..", "..", "samples", "frontdoor", "model.causal.ts");
const extracted = readGraphSource(readFileSync(file, "utf8"), file).models[0];
const model = scm("front-door")
  .latent("genotype", () => bernoulli(0.5))
  .variable("smoking", ({ genotype }) => bernoulli(genotype ? 0.05 : 0.95))
  .variable("tar", ({ smoking }) => bernoulli(smoking ? 0.95 : 0.05))
  .variable("cancer", ({ genotype, tar }) => bernoulli((genotype ? 17 / 18 : 1 / 18) + 0.05 * tar));

/** A runner that runs the job in this process (the real one is a child process; its own tests cover that). */
function inProcessRunner(calls: QueryJob[]): RunQueryJob {
  return async (_file, job, o): Promise<QueryOutcome> => {
    calls.push(job);
    const code = { typescript: "ts", cli: "cli" };
    const result = await runQueryJob(model, job, {
      onProgress: (p) => o?.onProgress?.(p.type === "batch" ? p : { type: "answered", answered: p.answered, code, elapsedMs: 1, notes: [] }),
    });
    return { status: "answered", result, code, notes: [], elapsedMs: 1, bundled: false };
  };
}

const req = (over: Partial<RunQuery> = {}): RunQuery => ({ type: "runQuery", id: 7, modelIndex: 0, do: { smoking: 0 }, given: {}, target: "cancer", counterfactual: false, ...over });
const identify = () => ({ status: "identified" as const, formula: "front-door" });

async function collect(r: RunQuery, runQueryJob = inProcessRunner([])): Promise<ToWebview[]> {
  const posted: ToWebview[] = [];
  await answerRunQuery(r, { runQueryJob, identify, post: (m) => posted.push(m), file, model: extracted });
  for (const m of posted) expect(parseToWebview(m).ok).toBe(true); // every message is valid protocol
  return posted;
}

describe("answerRunQuery (host side of the query panel)", () => {
  it("answers P(cancer | do(smoking = 0)) beside seeing P(cancer | smoking = 0), with the ATE against the closed form", async () => {
    const posted = await collect(req());
    const result = posted.find((m): m is QueryResult => m.type === "queryResult")!;
    // Closed form: P(cancer = 1 | do(smoking = s)) = 0.5 + 0.05 P(tar = 1 | s) -> 0.5025 (s = 0), 0.5475 (s = 1).
    const p1 = (a: QueryResult["main"]["answer"]) => (a.type === "distribution" ? a.rows.find((r) => r.value === 1)!.estimate : undefined)!;
    const main = p1(result.main.answer);
    expect(Math.abs(main.value - 0.5025)).toBeLessThanOrEqual(Math.max(1e-9, 4 * main.standardError));
    // Seeing smoking = 0: P(cancer = 1 | smoking = 0) = 0.9025 (Pearl's table; not the marginal 0.525).
    const obs = p1(result.comparison!.answer);
    expect(Math.abs(obs.value - 0.9025)).toBeLessThanOrEqual(Math.max(1e-9, 4 * obs.standardError));
    expect(result.main.label).toBe("doing: do(smoking = 0)");
    expect(result.comparison!.label).toBe("seeing: smoking = 0");
    const ate = result.ate!;
    expect(ate).toMatchObject({ treatment: "smoking", outcome: "cancer", treated: 1, control: 0 });
    expect(Math.abs(ate.value - 0.045)).toBeLessThanOrEqual(Math.max(1e-9, 4 * ate.standardError));
    expect(ate.high - ate.low).toBeCloseTo(2 * 1.96 * ate.standardError, 9);
    expect(result.text).toBe("P(cancer | do(smoking = 0))");
    expect(result.identification).toEqual({ status: "identified", formula: "front-door" });
    // Sparklines for the intervention's observed descendants: tar is 0.05 seeing and doing smoking = 0.
    const sums = posted.find((m) => m.type === "nodeSummaries");
    expect(sums?.type === "nodeSummaries" && sums.nodes.map((n) => n.id)).toEqual(["tar", "cancer"]);
    const tar = sums?.type === "nodeSummaries" ? sums.nodes[0] : undefined;
    expect(tar?.intervened.kind === "discrete" && tar.intervened.probabilities[1]).toBeCloseTo(0.05, 1);
    expect(tar?.observed.kind === "discrete" && tar.observed.probabilities[1]).toBeCloseTo(0.05, 1);
  });

  it("progress messages for the main world come before the result", async () => {
    const posted = await collect(req());
    const types = posted.map((m) => m.type);
    expect(types.indexOf("queryResult")).toBeGreaterThan(types.indexOf("queryProgress"));
    expect(types.indexOf("queryProgress")).toBeGreaterThanOrEqual(0);
    for (const m of posted) if (m.type === "queryProgress") expect(m.label).toBe("doing: do(smoking = 0)");
  });

  it("refuses bad input before running anything, with a message naming the variable", async () => {
    const calls: QueryJob[] = [];
    const cases: [Partial<RunQuery>, RegExp][] = [
      [{ target: "genotype" }, /genotype is latent/],
      [{ given: { genotype: 1 } }, /genotype is latent \(never observed\), so cannot be evidence/],
      [{ do: { smoking: 2 } }, /smoking is bernoulli: its values are 0 and 1, not 2/],
      [{ target: "lung" }, /lung is not a variable of front-door/],
      [{ counterfactual: true }, /needs both an action \(do\) and factual evidence/],
    ];
    for (const [over, message] of cases) {
      const posted = await collect(req(over), inProcessRunner(calls));
      expect(posted).toHaveLength(1);
      expect(posted[0]).toMatchObject({ type: "queryFailed", id: 7, reason: "invalid", message: expect.stringMatching(message) });
    }
    expect(calls).toEqual([]);
    expect(checkRequest(req(), extracted)).toBeUndefined();
  });

  it("a runner failure becomes queryFailed with the model's range; a timeout says so; cancel says so", async () => {
    const range = { file: "/w/loop.causal.ts", start: { line: 4, column: 2, offset: 0 }, end: { line: 4, column: 14, offset: 0 } };
    const failed = async (): Promise<QueryOutcome> => ({ status: "failed", message: "the model did not finish within 2000 ms", diagnostics: [{ code: "model-timeout" as never, severity: "error", message: "x", range }] });
    const [f] = await collect(req(), failed);
    expect(f).toEqual({ type: "queryFailed", id: 7, reason: "timeout", message: "the model did not finish within 2000 ms", file: "/w/loop.causal.ts", range: { line: 4, column: 2, endLine: 4, endColumn: 14 } });
    const [c] = await collect(req(), async () => ({ status: "cancelled" }));
    expect(c).toMatchObject({ type: "queryFailed", reason: "cancelled" });
  });

  it("meanOf reads E[Y] from a 0/1 distribution and refuses other supports", () => {
    const e = (value: number) => ({ value, standardError: 0.1, method: "m" });
    expect(meanOf({ type: "distribution", variable: "y", support: "declared", rows: [{ value: 0, estimate: e(0.3) }, { value: 1, estimate: e(0.7) }] })?.value).toBe(0.7);
    expect(meanOf({ type: "distribution", variable: "y", support: "observed", rows: [{ value: 0, estimate: e(0.3) }, { value: 2, estimate: e(0.7) }] })).toBeUndefined();
    expect(meanOf({ type: "mean", estimate: e(3) })?.value).toBe(3);
  });
});

describe("identifyForPanel", () => {
  it("front door: identified for P(cancer | do(smoking)); counterfactuals depend on the mechanisms", async () => {
    const { identifyForPanel } = await import("./identify-for-panel");
    const id = identifyForPanel(extracted, { kind: "single", counterfactual: false, do: { smoking: 0 }, given: {}, target: "cancer" });
    expect(id.status).toBe("identified");
    if (id.status === "identified") expect(id.formula).toMatch(/tar/); // the front-door formula goes through tar
    const cf = identifyForPanel(extracted, { kind: "single", counterfactual: true, do: { smoking: 0 }, given: { smoking: 1 }, target: "cancer" });
    expect(cf.status).toBe("counterfactual");
  });

  it("bow arc (X <- U -> Y, X -> Y): not identified, with the hedge", async () => {
    const { identifyForPanel } = await import("./identify-for-panel");
    const text = `import { scm, bernoulli } from "causal-studio";
export default scm("bow").latent("u", () => bernoulli(0.5)).variable("x", ({ u }) => bernoulli(u ? 0.8 : 0.2)).variable("y", ({ u, x }) => bernoulli(u || x ? 0.7 : 0.1));`;
    const bow = readGraphSource(text, "/w/bow.causal.ts").models[0];
    const id = identifyForPanel(bow, { kind: "single", counterfactual: false, do: { x: 1 }, given: {}, target: "y" });
    expect(id.status).toBe("not-identified");
    if (id.status === "not-identified") expect(id.hedge?.f).toContain("y");
  });

  it.each([
    ["fit the model", { file: "/w/m.params.json", used: true }, undefined],
    ["are stale", { file: "/w/m.params.json", used: false, stale: 'the model\'s params changed since training: "c" is new since training' }, /"c" is new since training; queries use the declared values until you train again/],
  ])("with trained params that %s, the job carries the file and the panel is told which values answered", async (_, used, stale) => {
    const calls: QueryJob[] = [];
    const inner = inProcessRunner(calls);
    const runner: RunQueryJob = async (f, job, o) => {
      const r = await inner(f, job, o);
      return r.status === "answered" ? { ...r, result: { ...r.result, params: used } } : r;
    };
    const posted: ToWebview[] = [];
    await answerRunQuery(req(), { runQueryJob: runner, identify, post: (m) => posted.push(m), file, model: extracted, params: { file: "/w/m.params.json", label: "trained on data.csv, 4,000 rows, 2026-12-01 23:40" } });
    for (const m of posted) expect(parseToWebview(m).ok).toBe(true);
    expect((calls[0] as QueryJob & { params?: unknown }).params).toEqual({ file: "/w/m.params.json" });
    const status = posted.find((m) => m.type === "paramsStatus");
    expect(status).toMatchObject({ type: "paramsStatus", text: "trained on data.csv, 4,000 rows, 2026-12-01 23:40" });
    if (stale) expect(status && "stale" in status && status.stale).toMatch(stale);
    else expect(status).not.toHaveProperty("stale");
  });
});
