// Seeing beside doing, and the identification badge (issue 12, items 8 and 5), in real Chromium: the
// webview builds the query from clicks, the host's own code answers it in this process (the real
// engine, identification and labels: query-session.ts with an in-process runner), and the webview
// draws the messages. Asserted as a user sees them: the plot's world labels, the badge's computed
// colour and words, the legend's hedge row, the do styling of an intervened node inside the hedge,
// and the sparklines' size, numbers and absence on a node the action cannot move.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import frontdoorModel from "../../samples/frontdoor/model.causal";
import { normal, scm } from "../../src/core/index";
import { runQueryJob } from "../../src/core/query/query-job";
import { readGraphSource, toGraphUpdate } from "../../src/extension/graph-source";
import { identifyForPanel } from "../../src/extension/identify-for-panel";
import type { QueryOutcome, RunQueryJob } from "../../src/extension/query-job-runner";
import { answerRunQuery } from "../../src/extension/query-session";
import type { RunQuery, ToWebview } from "../../src/protocol/messages";
import type { SpecSource } from "../../src/core/query/answer";
import { requireChromium, openWebview, root, startHarness, type Harness, type WebviewPage } from "./harness";

const executable = requireChromium();

const wagesText = `import { normal, scm } from "causal-studio";
export default scm("wages")
  .latent("ability", () => normal(0, 1))
  .variable("experience", () => normal(10, 2))
  .variable("education", ({ ability }) => normal(12 + 2 * ability, 1))
  .variable("wage", ({ education, experience, ability }) => normal(education + 0.5 * experience + 3 * ability, 1))
  .variable("satisfaction", ({ wage }) => normal(wage / 10, 0.5));
`;
const wagesModel = scm("wages")
  .latent("ability", () => normal(0, 1))
  .variable("experience", () => normal(10, 2))
  .variable("education", ({ ability }) => normal(12 + 2 * ability, 1))
  .variable("wage", ({ education, experience, ability }) => normal(education + 0.5 * experience + 3 * ability, 1))
  .variable("satisfaction", ({ wage }) => normal(wage / 10, 0.5));
const frontdoorFile = join(root, "samples", "frontdoor", "model.causal.ts");

interface Case { file: string; text: string; model: SpecSource }
const wages: Case = { file: "/w/wages.causal.ts", text: wagesText, model: wagesModel };
const frontdoor: Case = { file: frontdoorFile, text: readFileSync(frontdoorFile, "utf8"), model: frontdoorModel };

/** The host's runner, in this process (the real one is the model process; query-session.process.test.ts covers it). */
const inProcess = (model: SpecSource): RunQueryJob => async (_file, job, o): Promise<QueryOutcome> => {
  const code = { typescript: "ts", cli: "cli" };
  const result = await runQueryJob(model, job, { onProgress: (p) => o?.onProgress?.(p.type === "batch" ? p : { type: "answered", answered: p.answered, code, elapsedMs: 1, notes: [] }) });
  return { status: "answered", result, code, notes: [], elapsedMs: 1, bundled: false };
};

async function openModel(w: WebviewPage, c: Case): Promise<void> {
  const source = readGraphSource(c.text, c.file);
  await w.sendGraph({ ...toGraphUpdate(source, 0, { direction: "DOWN", editable: true }, c.file), modelIndex: 0, modelKey: `file://${c.file}#0` });
  await w.page.locator("#intervene").click();
  await w.page.locator("#query").waitFor({ state: "visible" });
}

async function pick(w: WebviewPage, id: string, role: string, value?: string, switchOff = false): Promise<void> {
  await w.page.keyboard.press("Escape");
  await w.page.locator(`g.node[data-node-id="${id}"]`).click();
  await w.page.locator("#popover").waitFor({ state: "visible" });
  if (value !== undefined) await w.page.locator("#popover input.value-number").fill(value);
  if (switchOff) await w.page.locator("#popover input.value-switch").uncheck();
  await w.page.locator(`#popover button[data-role="${role}"]`).click();
}

/** Run: the webview's RunQuery, answered by the host code here, its messages sent back in order. */
async function run(w: WebviewPage, c: Case): Promise<ToWebview[]> {
  const before = (await w.posted()).filter((m) => m.type === "runQuery").length;
  await w.page.locator("#query-run").click();
  const req = (await w.waitForPosted("runQuery", before + 1)).at(-1) as unknown as RunQuery;
  const posted: ToWebview[] = [];
  await answerRunQuery(req, { runQueryJob: inProcess(c.model), identify: identifyForPanel, post: (m) => posted.push(m), file: c.file, model: readGraphSource(c.text, c.file).models[0] });
  for (const m of posted) await w.send(m);
  await w.page.locator('#query-results[data-state="done"]').waitFor();
  return posted;
}

/** A CSS colour's hue in degrees (the page resolves any colour syntax to rgb()). */
function hue(rgb: string): number {
  const [r, g, b] = (rgb.match(/[\d.]+/g) ?? []).slice(0, 3).map((x) => Number(x) / 255);
  const max = Math.max(r, g, b), min = Math.min(r, g, b), d = max - min;
  if (d === 0) return 0;
  const h = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
  return (h * 60 + 360) % 360;
}

describe("seeing beside doing, and what identification means for this model", () => {
  let h: Harness;
  beforeAll(async () => { h = await startHarness(executable); });
  afterAll(async () => { await h?.close(); });

  it("wages with an unobserved ability: seeing vs doing labels, an amber badge naming ability, the hedge in the legend, do styling kept, readable sparklines on descendants only", async () => {
    const w = await openWebview(h, { width: 1000, height: 760 });
    await openModel(w, wages);
    await pick(w, "education", "do", "16");
    await pick(w, "wage", "target");
    const posted = await run(w, wages);
    const result = posted.find((m) => m.type === "queryResult");
    if (result?.type !== "queryResult") throw new Error("no result");

    // The plot's two worlds are labelled seeing and doing (legend, table header, every mark).
    expect(await w.page.locator("#query-results .plot-legend .legend-item").allTextContents()).toEqual(["seeing: education = 16", "doing: do(education = 16)"]);
    const worlds = await w.page.locator("svg.answer-plot [data-world]").evaluateAll((es) => [...new Set(es.map((e) => e.getAttribute("data-world")))].sort());
    expect(worlds).toEqual(["doing: do(education = 16)", "seeing: education = 16"]);
    // Closed forms: doing E[wage | do(education = 16)] = 16 + 0.5 * 10 = 21; seeing adds 3 E[ability | education = 16]
    // = 3 * (Cov / Var) * (16 - 12) = 3 * 2/5 * 4 = 4.8, so 25.8.
    const cell = (world: string) => w.page.locator(`table.answer-table td[data-world="${world}"]`).first();
    const read = async (world: string) => ({ value: Number(await cell(world).getAttribute("data-estimate")), se: Number(await cell(world).getAttribute("data-standard-error")) });
    const seeingCell = await read("seeing: education = 16"), doingCell = await read("doing: do(education = 16)");
    const seeing = seeingCell.value, doing = doingCell.value;
    // The model is linear-Gaussian, so both are answered in closed form (standard error 0).
    expect(doingCell.se).toBe(0);
    expect(seeingCell.se).toBe(0);
    expect(doing).toBeCloseTo(21, 9);
    expect(seeing).toBeCloseTo(25.8, 9);

    // The badge: not the error red, in words that name the latent and what it affects.
    const badge = w.page.locator(".identification .badge");
    expect(await badge.textContent()).toBe("answered by your model, not identified from data");
    expect(await w.page.locator(".identification .explanation").textContent()).toBe(
      "From observational data alone this effect is not identified: ability is unobserved and affects both education and wage. The answer shown comes from your model of ability.");
    const colours = await w.page.evaluate(() => {
      const probe = (css: string) => {
        const e = document.createElement("span");
        e.style.cssText = css;
        document.body.append(e);
        const c = getComputedStyle(e).color;
        e.remove();
        return c;
      };
      const b = document.querySelector(".identification .badge")!;
      const error = document.createElement("div");
      error.className = "query-error model-error";
      document.body.append(error);
      const errorBorder = getComputedStyle(error).borderTopColor;
      error.remove();
      return { badge: getComputedStyle(b).borderTopColor, errorBorder, chartsRed: probe("color: var(--vscode-charts-red, #d13438)"), errorFg: probe("color: var(--vscode-errorForeground, #f14c4c)") };
    });
    expect(colours.badge).not.toBe(colours.errorBorder);
    expect(colours.badge).not.toBe(colours.chartsRed);
    expect(colours.badge).not.toBe(colours.errorFg);
    expect(hue(colours.badge)).toBeGreaterThan(25); // amber: between orange and yellow, far from red (0/360)
    expect(hue(colours.badge)).toBeLessThan(65);
    // The formal hedge stays available (details, tooltip), the jargon out of the sentence.
    expect(await w.page.locator(".identification details.hedge").textContent()).toMatch(/Hedge: F = \{.*education.*\}/);
    expect(await badge.getAttribute("title")).toMatch(/hedge F = \{/);

    // The legend says what the hedge's halo is.
    const hedgeRow = w.page.locator("#legend .legend-row", { has: w.page.locator(".swatch.node.hedge") });
    expect(await hedgeRow.isVisible()).toBe(true);
    expect(await hedgeRow.textContent()).toBe("hedge: effect not identified from data");

    // education is intervened and in the hedge: it still looks intervened (same stroke and fill as without the hedge), with the halo on top.
    expect(await w.page.locator('g.node[data-node-id="education"]').getAttribute("class")).toMatch(/(?=.*\bintervened\b)(?=.*\bhedge\b)/);
    const look = await w.page.locator('g.node[data-node-id="education"]').evaluate((g) => {
      const rect = g.querySelector("rect")!;
      const style = () => { const s = getComputedStyle(rect); return { stroke: s.stroke, fill: s.fill, width: s.strokeWidth, filter: s.filter }; };
      const withHedge = style();
      g.classList.remove("hedge");
      const without = style();
      g.classList.add("hedge");
      const probe = document.createElement("span");
      probe.style.color = "var(--q-intervened)";
      document.body.append(probe);
      const intervened = getComputedStyle(probe).color;
      probe.remove();
      return { withHedge, without, intervened };
    });
    expect(look.withHedge.stroke).toBe(look.intervened);
    expect({ stroke: look.withHedge.stroke, fill: look.withHedge.fill, width: look.withHedge.width }).toEqual({ stroke: look.without.stroke, fill: look.without.fill, width: look.without.width });
    expect(look.withHedge.filter).not.toBe("none");

    // Sparklines: on wage and satisfaction (descendants), not on experience (a cause of wage the action cannot move).
    await w.page.locator('g.sparkline[data-node-id="wage"]').waitFor();
    expect(await w.page.locator("g.sparkline").evaluateAll((gs) => gs.map((g) => g.getAttribute("data-node-id")).sort())).toEqual(["satisfaction", "wage"]);
    // Even a message that lists experience draws none there.
    const sums = posted.find((m) => m.type === "nodeSummaries");
    if (sums?.type !== "nodeSummaries") throw new Error("no summaries");
    await w.send({ ...sums, nodes: [...sums.nodes, { id: "experience", observed: { kind: "mean", mean: 10.6, standardError: 0.01 }, intervened: { kind: "mean", mean: 10, standardError: 0.01 } }] });
    await w.page.waitForTimeout(100);
    expect(await w.page.locator('g.sparkline[data-node-id="experience"]').count()).toBe(0);
    // Readable: as tall as the node box, its text at least 0.8 of the node label's (whatever the zoom); the target's numbers are the table's.
    await w.page.screenshot({ path: "test/artifacts/browser-seeing-doing-wages.png" });
    const size = await w.page.evaluate(() => {
      const box = (sel: string) => document.querySelector(sel)!.getBoundingClientRect().height;
      return { card: box('g.sparkline[data-node-id="wage"]'), node: box('g.node[data-node-id="wage"] rect'), text: box('g.sparkline[data-node-id="wage"] text.value'), label: box('g.node[data-node-id="wage"] text') };
    });
    expect(size.card).toBeGreaterThanOrEqual(size.node);
    expect(size.text / size.label).toBeGreaterThanOrEqual(0.8);
    const rows = await w.page.locator('g.sparkline[data-node-id="wage"] g.row').evaluateAll((gs) => gs.map((g) => ({
      world: g.getAttribute("data-world"), value: Number(g.getAttribute("data-value")), text: g.querySelector("text.value")!.textContent,
    })));
    expect(rows.map((r) => r.world)).toEqual(["seeing", "doing"]);
    expect(rows[0].value).toBe(seeing);
    expect(rows[1].value).toBe(doing);
    // Closed form: the table says "exact" where a sampled answer has "± se".
    expect(await cell("doing: do(education = 16)").textContent()).toBe(`${rows[1].text} exact`);
    expect(await cell("seeing: education = 16").textContent()).toBe(`${rows[0].text} exact`);
    await w.page.screenshot({ path: "test/artifacts/browser-seeing-doing-wages.png" });
    expect(w.errors).toEqual([]);
    await w.page.close();
  });

  it("front door: seeing P(cancer | smoking = 0) = 0.9025 beside doing 0.5025, identified (green), sparkline numbers equal to the table", async () => {
    const w = await openWebview(h, { width: 1000, height: 760 });
    await openModel(w, frontdoor);
    await pick(w, "smoking", "do", undefined, true);
    await pick(w, "cancer", "target");
    await run(w, frontdoor);
    const estimate = async (world: string) => Number(await w.page.locator(`table.answer-table td[data-world="${world}"][data-value="1"]`).getAttribute("data-estimate"));
    expect(await estimate("seeing: smoking = 0")).toBeCloseTo(0.9025, 12);
    expect(await estimate("doing: do(smoking = 0)")).toBeCloseTo(0.5025, 12);
    expect(await w.page.locator(".identification .badge").textContent()).toBe("identified");
    await w.page.locator('g.sparkline[data-node-id="cancer"]').waitFor();
    expect(await w.page.locator("g.sparkline").evaluateAll((gs) => gs.map((g) => g.getAttribute("data-node-id")).sort())).toEqual(["cancer", "tar"]);
    const texts = await w.page.locator('g.sparkline[data-node-id="cancer"] text').allTextContents();
    expect(texts).toEqual(["seeing", "0.9025", "doing", "0.5025"]);
    const bars = await w.page.locator('g.sparkline[data-node-id="cancer"] rect.bar').evaluateAll((rs) => rs.map((r) => (r as SVGRectElement).getBBox().width));
    expect(bars[0] / bars[1]).toBeCloseTo(0.9025 / 0.5025, 2); // bars on one 0-1 scale
    await w.page.screenshot({ path: "test/artifacts/browser-seeing-doing-frontdoor.png" });
    expect(w.errors).toEqual([]);
    await w.page.close();
  });
});
