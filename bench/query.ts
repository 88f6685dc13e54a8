/**
 * Run-to-plot latency of the query panel, end to end except VS Code itself: the real webview bundle in
 * Chromium (stubbed VS Code API, test/browser/harness.ts), the host's query session
 * (src/extension/query-session.ts) and the real model process (src/core/io/model-process.ts, child
 * bundled like dist/model-runner.js). Clock: the webview's performance.now() from the Run click to the
 * first plotted estimate (first queryProgress drawn) and to the final answer (queryResult drawn, which
 * includes the observational comparison and, for a bernoulli do, the ATE's other arm: one query job).
 * Models: samples/frontdoor (exact) and a generated 50-variable model (bernoulli treatment, linear-Gaussian
 * rest; sampling in 8 batches). Cold = the first query in a fresh child; warm = median of the next runs.
 * Goal (issue 6): the first estimate within 300 ms.
 */
import { build } from "esbuild";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ModelProcess } from "../src/core/io/model-process";
import { readGraphSource } from "../src/extension/graph-source";
import { identifyForPanel } from "../src/extension/identify-for-panel";
import { queryJobRunner } from "../src/extension/query-job-runner";
import { answerRunQuery } from "../src/extension/query-session";
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

/** Builds the query through the panel as a user would: clear the chips, click each node, pick its value, press its role. */
async function buildDraft(w: WebviewPage, q: Pick<RunQueryMessage, "do" | "given" | "target">): Promise<void> {
  const page = w.page;
  if (await page.locator("#query").isHidden()) await page.locator("#intervene").click();
  while (await page.locator("#query-chips .chip button").count()) await page.locator("#query-chips .chip button").first().click();
  const pick = async (id: string, role: "do" | "given" | "target", value?: number) => {
    // A dispatched click: the node may lie outside the viewport (the view is not refitted between models).
    await page.locator(`g.node[data-node-id="${id}"]`).dispatchEvent("click");
    await page.locator("#popover").waitFor({ state: "visible" });
    if (value !== undefined) {
      await page.locator("#popover").evaluate((pop, v) => {
        const box = pop.querySelector<HTMLInputElement>("input.value-switch");
        if (box) box.checked = v === 1;
        else pop.querySelector<HTMLInputElement | HTMLSelectElement>("select.value-list, input.value-number")!.value = String(v);
      }, value);
    }
    await page.locator(`#popover button[data-role="${role}"]`).click();
  };
  for (const [id, v] of Object.entries(q.do)) await pick(id, "do", v);
  for (const [id, v] of Object.entries(q.given)) await pick(id, "given", v);
  await pick(q.target, "target");
}

async function timeQuery(w: WebviewPage, host: (m: RunQueryMessage) => Promise<void>, q: Omit<RunQueryMessage, "type" | "id" | "modelIndex">) {
  const page = w.page;
  await buildDraft(w, q);
  await page.evaluate(() => { document.body.dataset.queryState = ""; });
  const before = (await w.posted()).filter((m) => m.type === "runQuery").length;
  await page.evaluate(() => (document.getElementById("query-run") as HTMLButtonElement).click());
  const posted = await w.waitForPosted("runQuery", before + 1);
  await host(posted[posted.length - 1] as unknown as RunQueryMessage);
  await page.waitForFunction(() => document.body.dataset.queryState === "final");
  // The panel's User Timing marks (webview/query/query-panel.ts): Run pressed, first estimate drawn, answer drawn.
  return page.evaluate(() => {
    const at = (m: string) => performance.getEntriesByName(`query-${m}`, "mark")[0]?.startTime;
    const started = at("started")!;
    const first = at("first");
    return { ...(first !== undefined ? { first: first - started } : {}), final: at("final")! - started };
  });
}

async function measure(w: WebviewPage, entry: string, file: string, q: Omit<RunQueryMessage, "type" | "id" | "modelIndex">) {
  const model = readGraphSource(readFileSync(file, "utf8"), file).models[0];
  const process_ = new ModelProcess({ entry });
  const runQueryJob = queryJobRunner(process_); // the ModelRunner's job without VS Code
  const host = (m: RunQueryMessage) => answerRunQuery(m, {
    runQueryJob, identify: identifyForPanel, file, model, maxSummaries: 0,
    post: (msg) => void w.page.evaluate((x) => window.postMessage(x, "*"), msg),
  });
  try {
    await w.sendGraph({ type: "graph", title: model.name, source: "model", direction: "DOWN", editable: true, errors: [], modelIndex: 0,
      nodes: model.graph.nodes.map((n) => ({ id: n.id, ...(n.latent ? { latent: true } : {}), ...(model.variables.find((v) => v.name === n.id)?.distribution ? { distribution: model.variables.find((v) => v.name === n.id)!.distribution } : {}),
        ...(model.variables.find((v) => v.name === n.id)?.support ? { support: model.variables.find((v) => v.name === n.id)!.support } : {}) })),
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
