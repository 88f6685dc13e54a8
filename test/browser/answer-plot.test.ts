// What a user sees of an answer in the DAG panel, in real Chromium (issue 12, items 4 and 9): a
// continuous target's distribution per world (histogram, mean marked, 90% interval) under an
// E[...] heading with the same digits as the table, the "P(target > c)" control posting a
// threshold RunQuery, and a 16-valued categorical target (FrozenLake's next state) drawn in numeric
// order with labels that never overlap and a y axis scaled to the data. The answers are the real
// core's (answer() on the samples' models), converted by the host's own toAnswerDto.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadModelFile } from "../../src/core/io/load-module";
import { answer, comparisonSpec } from "../../src/core/query/answer";
import type { SingleQuerySpec } from "../../src/core/query/query-spec";
import { resultText, toAnswerDto, toSpec } from "../../src/extension/query-session";
import { FromWebview, type RunQuery, ToWebview } from "../../src/protocol/messages";
import { graphMessage, openWebview, requireChromium, root, startHarness, type Harness, type WebviewPage } from "./harness";

const executable = requireChromium();

async function model(file: string) {
  const loaded = await loadModelFile(join(root, file));
  if ("diagnostics" in loaded) throw new Error(loaded.diagnostics.map((d) => d.message).join("\n"));
  return loaded.model;
}

const real = (id: string) => ({ id, distribution: "normal", support: { kind: "real" } });
const wagesGraph = graphMessage(
  [real("ability"), real("educ"), { id: "training", distribution: "bernoulli", support: { kind: "binary" } }, real("wage"), real("satisfaction")] as never,
  [["ability", "educ"], ["ability", "training"], ["ability", "wage"], ["educ", "wage"], ["training", "wage"], ["wage", "satisfaction"]],
  { modelIndex: 0 },
);

const cells = (n: number) => ({ distribution: "categorical", support: { kind: "finite", values: Array.from({ length: n }, (_, i) => i) } });
const lakeGraph = (levels?: string[]) => graphMessage(
  [{ id: "state", ...cells(16) }, { id: "action", ...cells(4) }, { id: "nextState", ...cells(16), ...(levels ? { levels } : {}) }] as never,
  [["state", "action"], ["state", "nextState"], ["action", "nextState"]],
  { modelIndex: 0 },
);

/** The host's QueryResult for a request, with the real core's answers (main and the observational comparison). */
async function resultFor(file: string, req: RunQuery, samples: number) {
  const m = await model(file);
  const spec = toSpec(req);
  const main = answer(m, spec, { seed: 1, samples });
  const cmp = comparisonSpec(spec) as SingleQuerySpec;
  const comparison = answer(m, cmp, { seed: 1, samples });
  const msg = {
    type: "queryResult", id: req.id, text: resultText(spec, main), counterfactual: false,
    main: { label: `doing: do(${Object.entries(req.do).map(([k, v]) => `${k} = ${v}`).join(", ")})`, answer: toAnswerDto(main, req.target, req.threshold) },
    comparison: { label: `seeing: ${Object.entries(cmp.given).map(([k, v]) => `${k} = ${v}`).join(", ") || "observed"}`, answer: toAnswerDto(comparison, req.target, req.threshold) },
    identification: { status: "identified", formula: "P(wage | educ)" }, code: { typescript: "m", cli: "causal-studio" }, elapsedMs: 10,
  };
  expect(ToWebview.safeParse(msg).success).toBe(true);
  return msg;
}

async function setDo(w: WebviewPage, id: string, value: string): Promise<void> {
  await w.page.locator(`g.node[data-node-id="${id}"]`).click();
  await w.page.locator("#popover").waitFor({ state: "visible" });
  const list = w.page.locator("#popover select.value-list");
  if (await list.count()) await list.selectOption(value);
  else await w.page.locator("#popover input.value-number").fill(value);
  await w.page.locator('#popover button[data-role="do"]').click();
}

async function setTarget(w: WebviewPage, id: string): Promise<void> {
  await w.page.locator(`g.node[data-node-id="${id}"]`).click();
  await w.page.locator("#popover").waitFor({ state: "visible" });
  await w.page.locator('#popover button[data-role="target"]').click();
}

async function runAndAnswer(w: WebviewPage, file: string, samples: number, count = 1, click = true) {
  if (click) await w.page.locator("#query-run").click();
  const req = FromWebview.parse((await w.waitForPosted("runQuery", count))[count - 1]) as RunQuery;
  const msg = await resultFor(file, req, samples);
  await w.send(msg);
  await w.page.waitForFunction((text) => document.querySelector("#query-results")?.getAttribute("data-state") === "done" && document.querySelector("#query-results .result-title")?.firstChild?.textContent === text, msg.text);
  return { req, msg };
}

interface Box { x: number; y: number; width: number; height: number }
const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe("answers in the DAG panel", () => {
  let h: Harness;
  beforeAll(async () => { h = await startHarness(executable); });
  afterAll(async () => { await h?.close(); });

  it("a continuous target: E[wage | do(educ = 16)], both worlds' histograms with the mean marked, sd and 90% interval, the same digits in plot and table", async () => {
    const w = await openWebview(h, { width: 900, height: 900 });
    await w.sendGraph(wagesGraph);
    await w.page.locator("#intervene").click();
    await w.page.locator("#query").waitFor({ state: "visible" });
    await setDo(w, "educ", "16");
    await setTarget(w, "wage");
    const { msg } = await runAndAnswer(w, "samples/learn-from-data/truth.ts", 40_000);
    const page = w.page;
    expect(await page.locator("#query-results .result-title").evaluate((e) => e.firstChild?.textContent)).toBe("E[wage | do(educ = 16)]");
    const svg = page.locator("#query-results svg.answer-plot");
    expect(await svg.getAttribute("data-kind")).toBe("density");
    const worlds = [msg.comparison.label, msg.main.label];
    const box = (await svg.boundingBox())!;
    for (const world of worlds) {
      const dto = (world === msg.main.label ? msg.main : msg.comparison).answer as { estimate: { value: number }; spread: { outside: number; sd: number; interval: { low: number; high: number } } };
      const rects = await page.locator(`svg.answer-plot rect[data-density][data-world="${world}"]`).evaluateAll((rs) => rs.map((r) => {
        const b = r.getBoundingClientRect();
        return { x0: Number(r.getAttribute("data-x0")), x1: Number(r.getAttribute("data-x1")), d: Number(r.getAttribute("data-density")), left: b.left, right: b.right, top: b.top, bottom: b.bottom };
      }));
      expect(rects).toHaveLength(30);
      // Drawn as a density: the bars' areas add up to the probability inside the histogram's span.
      expect(rects.reduce((a, r) => a + r.d * (r.x1 - r.x0), 0)).toBeCloseTo(1 - dto.spread.outside, 9);
      // Each bar is inside the figure, and taller bars are taller on screen (one y scale).
      for (const r of rects) expect(r.left >= box.x - 0.5 && r.right <= box.x + box.width + 0.5).toBe(true);
      const tallest = rects.reduce((a, r) => (r.d > a.d ? r : a));
      const lowest = rects.reduce((a, r) => (r.d < a.d ? r : a));
      expect(tallest.bottom - tallest.top).toBeGreaterThan(lowest.bottom - lowest.top);
      // The mean's rule stands over the bar that holds the mean.
      const rule = page.locator(`svg.answer-plot line[data-mean][data-world="${world}"]`);
      const rx = await rule.evaluate((l) => l.getBoundingClientRect().left + l.getBoundingClientRect().width / 2);
      const bin = rects.find((r) => r.x0 <= dto.estimate.value && dto.estimate.value < r.x1)!;
      expect(rx).toBeGreaterThanOrEqual(bin.left - 1);
      expect(rx).toBeLessThanOrEqual(bin.right + 1);
      // The plotted mean's digits are the table's.
      const cell = await page.locator(`table.answer-table td[data-world="${world}"][data-value="E[wage]"]`).textContent();
      expect(`mean ${cell!.split(" ± ")[0]}`).toBe(`mean ${await rule.getAttribute("data-mean-text")}`);
      expect(await page.locator('svg.answer-plot g.mean-label text').allTextContents()).toContain(`mean ${cell!.split(" ± ")[0]}`);
      expect(cell).toMatch(/^\d+\.\d+ ± 0\.\d+$/);
      const sd = await page.locator(`table.answer-table td[data-world="${world}"][data-row="sd"]`).textContent();
      expect(Number(sd)).toBeCloseTo(dto.spread.sd, 1);
      const interval = await page.locator(`table.answer-table td[data-world="${world}"][data-row="interval"]`).textContent();
      expect(interval).toMatch(/^\[\d+\.\d+, \d+\.\d+\]$/);
    }
    // doing (educ set to 16 for everyone) and seeing (people with educ = 16) differ: ability confounds educ and wage.
    const means = msg.main.answer as { estimate: { value: number } };
    const seeing = msg.comparison.answer as { estimate: { value: number } };
    expect(Math.abs(means.estimate.value - seeing.estimate.value)).toBeGreaterThan(0.5);
    mkdirSync(join(root, "test", "artifacts"), { recursive: true });
    await page.locator("#query-results .result-title").scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(root, "test", "artifacts", "browser-continuous-answer.png"), fullPage: true });

    // P(wage > c): the control under the answer posts the same query with a threshold, and the answer is P(...) per world.
    await page.locator(".threshold .threshold-value").fill("30");
    await page.locator(".threshold .threshold-ask").click();
    const posted = FromWebview.parse((await w.waitForPosted("runQuery", 2))[1]) as RunQuery;
    expect(posted).toMatchObject({ do: { educ: 16 }, target: "wage", threshold: { op: ">", value: 30 } });
    const { msg: t } = await runAndAnswer(w, "samples/learn-from-data/truth.ts", 40_000, 2, false);
    expect(t.text).toBe("P(wage > 30 | do(educ = 16))");
    const bars = await page.locator("svg.answer-plot rect[data-estimate]").evaluateAll((rs) => rs.map((r) => r.getAttribute("data-value")));
    expect(bars).toEqual(["P(wage > 30)", "P(wage > 30)"]);
    expect(await page.locator(".threshold .threshold-value").inputValue()).toBe("30");
    expect(w.errors).toEqual([]);
    await page.close();
  });

  it("FrozenLake's 16 next states: numeric order, labels that never overlap, y scaled to the data; named levels upright, never overlapping", async () => {
    for (const levels of [undefined, Array.from({ length: 16 }, (_, i) => `row ${Math.floor(i / 4)} col ${i % 4}`)]) {
      const w = await openWebview(h, { width: 520, height: 760 });
      await w.sendGraph(lakeGraph(levels));
      await w.page.locator("#intervene").click();
      await w.page.locator("#query").waitFor({ state: "visible" });
      await setDo(w, "action", "1");
      await setTarget(w, "nextState");
      const { msg } = await runAndAnswer(w, "samples/frozenlake-ope/model.causal.ts", 1000);
      const page = w.page;
      expect(msg.main.answer.type).toBe("distribution");
      const rows = (msg.main.answer as { rows: { value: number; estimate: { value: number } }[] }).rows;
      expect(rows.length).toBeGreaterThan(10);
      const bars = await page.locator(`svg.answer-plot rect[data-estimate][data-world="${msg.main.label}"]`).evaluateAll((rs) => rs.map((r) => ({ v: Number(r.getAttribute("data-value")), label: r.getAttribute("data-label"), x: r.getBoundingClientRect().left })));
      const byX = [...bars].sort((a, b) => a.x - b.x).map((b) => b.v);
      expect(byX).toEqual([...byX].sort((a, b) => a - b));
      if (levels) expect(bars.map((b) => b.label)).toEqual(bars.map((b) => levels[b.v]));
      const labels = await page.locator('svg.answer-plot [aria-label="fx-axis tick label"] text').evaluateAll((ts) => ts.filter((t) => (t.textContent ?? "") !== "").map((t) => {
        const b = t.getBoundingClientRect();
        return { text: t.textContent, x: b.left, y: b.top, width: b.width, height: b.height, transform: t.closest("[transform]")?.getAttribute("transform") ?? "" };
      }));
      expect(labels.length).toBeGreaterThanOrEqual(4);
      for (let i = 0; i < labels.length; i++) for (let j = i + 1; j < labels.length; j++) expect(overlaps(labels[i], labels[j]), `${labels[i].text} / ${labels[j].text}`).toBe(false);
      const shownOrder = labels.sort((a, b) => a.x - b.x).map((l) => l.text);
      expect(shownOrder).toEqual(levels ? shownOrder : [...shownOrder].sort((a, b) => Number(a) - Number(b)));
      // The y axis reaches just past the largest bar, not 1.
      const ticks = (await page.locator('svg.answer-plot [aria-label="y-axis tick label"] text').allTextContents()).map(Number);
      const seen = (msg.comparison.answer as { rows: { estimate: { value: number; standardError: number } }[] }).rows;
      const top = Math.max(...[...rows, ...seen].map((r) => r.estimate.value));
      expect(top).toBeLessThan(0.6);
      expect(Math.max(...ticks)).toBeLessThan(Math.min(1, top * 1.6));
      expect(Math.max(...ticks)).toBeGreaterThanOrEqual(top * 0.8);
      expect(w.errors).toEqual([]);
      if (levels) await page.screenshot({ path: join(root, "test", "artifacts", "browser-categorical-answer.png"), fullPage: true });
      await page.close();
    }
  });
});
