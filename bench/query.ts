/**
 * Run-to-plot latency of the query panel, end to end except VS Code itself: the real webview bundle in
 * Chromium (stubbed VS Code API, test/browser/harness.ts), the host's query session
 * (src/extension/query-session.ts) and the real model process (src/core/io/model-process.ts, child
 * bundled like dist/model-runner.js). Clock: the webview's performance.now() from the Run click to the
 * first plotted estimate (first queryProgress drawn) and to the final answer (queryResult drawn, which
 * includes the observational comparison and, for a bernoulli do, the ATE's other arm).
 * Models: samples/frontdoor (exact) and a generated 50-variable model (bernoulli treatment, linear-Gaussian
 * rest; sampling in 8 batches). Cold = the first query in a fresh child; warm = median of the next runs.
 * Goal (issue 6): the first estimate within 300 ms.
 */
import { build } from "esbuild";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ModelProcess } from "../src/core/io/model-process";
import { queryAsCode } from "../src/core/query/query-as-code";
import { readGraphSource } from "../src/extension/graph-source";
import { identifyForPanel } from "../src/extension/identify-for-panel";
import type { QueryOutcome, RunQueryOptions } from "../src/extension/model-runner";
import { answerRunQuery } from "../src/extension/query-session";
import type { QuerySpec } from "../src/core/query/query-spec";
import type { RunQuery as RunQueryMessage } from "../src/protocol/messages";
import { chromiumPath, openWebview, root, startHarness, type WebviewPage } from "../test/browser/harness";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x: number | undefined) => (x === undefined ? null : Math.round(x * 10) / 10);

function fiftyNodeModel(): string {
  const lines = [`import { bernoulli, normal, scm } from "causal-studio";`, `export default scm("fifty")`, `  .variable("v0", () => bernoulli(0.5))`];
  for (let i = 1; i < 50; i++) {
    const ps = [i - 1, ...(i >= 3 ? [i - 3] : [])].map((p) => `v${p}`);
    lines.push(`  .variable("v${i}", ({ ${ps.join(", ")} }) => normal(${ps.map((p) => `0.5 * ${p}`).join(" + ")}, 1))`);
  }
  return lines.join("\n") + ";\n";
}

/** The ModelRunner's job without VS Code: the model process plus the query as code. */
function runnerOf(p: ModelProcess): (file: string, spec: QuerySpec, o?: RunQueryOptions) => Promise<QueryOutcome> {
  return async (file, spec, o = {}) => {
    const run = { seed: 1, ...o.run };
    const r = await p.run({ file, spec, options: run, comparison: o.comparison ?? true }, o.onProgress ? { onProgress: o.onProgress } : {});
    if (r.status === "cancelled") return r;
    if (r.status === "failed") return { status: "failed", message: r.diagnostics[0]?.message ?? "failed", diagnostics: r.diagnostics };
    return { ...r, code: queryAsCode(spec, file, run) };
  };
}

async function timeQuery(w: WebviewPage, host: (m: RunQueryMessage) => Promise<void>, q: Omit<RunQueryMessage, "type" | "id" | "modelIndex">) {
  const page = w.page;
  await page.evaluate((draft) => {
    const win = window as unknown as { __queryPanel: { draft: unknown; renderBar(): void; run(): void; active: boolean; setActive(on: boolean): void }; __queryTimes?: unknown };
    if (!win.__queryPanel.active) win.__queryPanel.setActive(true);
    win.__queryPanel.draft = { mode: "intervene", ...draft };
    win.__queryPanel.renderBar();
    win.__queryTimes = undefined;
    document.body.dataset.queryState = "";
  }, { do: q.do, given: q.given, target: q.target });
  const before = (await w.posted()).filter((m) => m.type === "runQuery").length;
  await page.evaluate(() => (document.getElementById("query-run") as HTMLButtonElement).click());
  const posted = await w.waitForPosted("runQuery", before + 1);
  await host(posted[posted.length - 1] as unknown as RunQueryMessage);
  await page.waitForFunction(() => document.body.dataset.queryState === "final");
  return page.evaluate(() => (window as unknown as { __queryTimes: { first?: number; final: number } }).__queryTimes);
}

async function measure(w: WebviewPage, entry: string, file: string, q: Omit<RunQueryMessage, "type" | "id" | "modelIndex">) {
  const model = readGraphSource(readFileSync(file, "utf8"), file).models[0];
  const process_ = new ModelProcess({ entry });
  const runQuery = runnerOf(process_);
  const host = (m: RunQueryMessage) => answerRunQuery(m, {
    runQuery, identify: identifyForPanel, file, model, maxSummaries: 0,
    post: (msg) => void w.page.evaluate((x) => window.postMessage(x, "*"), msg),
  });
  try {
    await w.sendGraph({ type: "graph", title: model.name, source: "model", direction: "DOWN", editable: true, errors: [], modelIndex: 0,
      nodes: model.graph.nodes.map((n) => ({ id: n.id, ...(n.latent ? { latent: true } : {}), ...(model.variables.find((v) => v.name === n.id)?.distribution ? { distribution: model.variables.find((v) => v.name === n.id)!.distribution } : {}) })),
      edges: model.graph.edges.map((e) => ({ from: e.from, to: e.to, kind: e.kind })) });
    const cold = await timeQuery(w, host, q);
    const warm: { first?: number; final: number }[] = [];
    for (let i = 0; i < ROUNDS; i++) warm.push(await timeQuery(w, host, q));
    const firsts = warm.map((t) => t.first ?? t.final);
    return {
      coldFirstEstimateMs: round(cold.first), coldFinalMs: round(cold.final),
      warmFirstEstimateMsP50: round(median(firsts)), warmFinalMsP50: round(median(warm.map((t) => t.final))),
      warmFirstEstimateMsMax: round(Math.max(...firsts)), rounds: ROUNDS,
    };
  } finally {
    process_.dispose();
  }
}

export async function bench(): Promise<Record<string, unknown>> {
  const executable = chromiumPath();
  if (!executable) return { skipped: "chromium not found" };
  const dir = join(root, ".tmp", "bench-query");
  mkdirSync(dir, { recursive: true });
  const entry = join(dir, "model-runner.js");
  await build({ entryPoints: [join(root, "src/core/io/model-process-child.ts")], bundle: true, platform: "node", target: "node20", format: "cjs", outfile: entry, external: ["esbuild"], logLevel: "warning" });
  const fifty = join(dir, "fifty.causal.ts");
  writeFileSync(fifty, fiftyNodeModel());
  const h = await startHarness(executable);
  try {
    const w = await openWebview(h, { width: 1000, height: 800 });
    const frontdoor = await measure(w, entry, join(root, "samples", "frontdoor", "model.causal.ts"), { do: { smoking: 0 }, given: {}, target: "cancer", counterfactual: false });
    const fiftyNodes = await measure(w, entry, fifty, { do: { v0: 1 }, given: {}, target: "v49", counterfactual: false });
    await w.page.close();
    return { goal: "first plotted estimate within 300 ms of Run", frontdoor, fiftyNodes };
  } finally {
    await h.close();
  }
}
