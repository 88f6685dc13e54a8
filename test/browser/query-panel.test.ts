// The query section of the DAG webview in real Chromium with a stubbed host: picking values, surgery
// and evidence drawing, the RunQuery message, a QueryResult rendered as a plot with numbers, errors.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FromWebview, ToWebview } from "../../src/protocol/messages";
import { requireChromium, graphMessage, openWebview, startHarness, type Harness, type WebviewPage } from "./harness";

const executable = requireChromium();

const frontdoor = graphMessage(
  [
    { id: "genotype", latent: true, mechanism: "bernoulli(0.5)", distribution: "bernoulli", support: { kind: "binary" } } as never,
    { id: "smoking", mechanism: "bernoulli(genotype ? 0.05 : 0.95)", distribution: "bernoulli", support: { kind: "binary" } } as never,
    { id: "tar", mechanism: "bernoulli(smoking ? 0.95 : 0.05)", distribution: "bernoulli", support: { kind: "binary" } } as never,
    { id: "cancer", mechanism: "bernoulli(...)", distribution: "bernoulli", support: { kind: "binary" } } as never,
    { id: "dose", mechanism: "poisson(2)", distribution: "poisson", support: { kind: "integer", min: 0 } } as never,
    { id: "grade", mechanism: "categorical([0.2, 0.3, 0.5])", distribution: "categorical", support: { kind: "finite", values: [0, 1, 2] } } as never,
    { id: "height", mechanism: "normal(170, 10)", distribution: "normal", support: { kind: "real" } } as never,
  ],
  [["genotype", "smoking"], ["genotype", "cancer"], ["smoking", "tar"], ["tar", "cancer"], ["dose", "cancer"]],
  { modelIndex: 0 },
);

async function startQuery(w: WebviewPage): Promise<void> {
  await w.sendGraph(frontdoor);
  await w.page.locator("#intervene").click();
  await w.page.locator("#query").waitFor({ state: "visible" });
}

async function clickNode(w: WebviewPage, id: string, shift = false): Promise<void> {
  await w.page.locator(`g.node[data-node-id="${id}"]`).click({ modifiers: shift ? ["Shift"] : [] });
  await w.page.locator("#popover").waitFor({ state: "visible" });
}

const role = (w: WebviewPage, r: string) => w.page.locator(`#popover button[data-role="${r}"]`).click();

/** Builds do(smoking = 0), tar = 1 as evidence, target cancer. */
async function buildQuery(w: WebviewPage): Promise<void> {
  await clickNode(w, "smoking");
  expect(await w.page.locator("#popover input.value-switch").isChecked()).toBe(true); // bernoulli: a switch, starting at 1
  await w.page.locator("#popover input.value-switch").uncheck();
  await role(w, "do");
  await clickNode(w, "tar", true);
  await role(w, "given");
  await clickNode(w, "cancer");
  await role(w, "target");
}

const result = {
  type: "queryResult", id: 1, text: "P(cancer | do(smoking = 0), tar = 1)", counterfactual: false,
  main: { label: "do(smoking = 0) | tar = 1", answer: { type: "distribution", variable: "cancer", rows: [
    { value: 0, estimate: { value: 0.45, standardError: 0.012, method: "likelihood weighting", samples: 8000 } },
    { value: 1, estimate: { value: 0.55, standardError: 0.012, method: "likelihood weighting", samples: 8000 } }] } },
  comparison: { label: "observed | tar = 1", answer: { type: "distribution", variable: "cancer", rows: [
    { value: 0, estimate: { value: 0.8, standardError: 0, method: "exact" } },
    { value: 1, estimate: { value: 0.2, standardError: 0, method: "exact" } }] } },
  ate: {
    treatment: "smoking", outcome: "cancer", treated: 1, control: 0, value: -0.05, standardError: 0.02, low: -0.0892, high: -0.0108,
    sensitivity: { riskRatio: 0.9, lower: 0.84, upper: 0.97, eValue: 1.46, eValueInterval: 1.21, sentence: "An unobserved confounder associated with both smoking and cancer by a risk ratio of 1.46 each, beyond the model's variables, could explain away the model's risk ratio of 0.900; a weaker one could not.", intervalSentence: "To move the confidence interval to include no effect, the confounder would need a risk ratio of 1.21 with both smoking and cancer." },
  },
  identification: { status: "identified", formula: "Σ_tar P(tar | smoking) Σ_s' P(cancer | tar, s') P(s')", adjustmentSet: [] },
  code: { typescript: "m.do({ smoking: 0 }).condition({ tar: 1 }).prob({ cancer: 1 })", cli: "causal-studio query model.causal.ts --do smoking=0 --given tar=1 --target cancer" },
  elapsedMs: 42,
};

describe("query section of the DAG webview", () => {
  let h: Harness;
  beforeAll(async () => { h = await startHarness(executable); });
  afterAll(async () => { await h?.close(); });

  it("click sets do with a switch, shift-click adds evidence, surgery and evidence are drawn, Run posts a valid RunQuery", async () => {
    const w = await openWebview(h);
    await startQuery(w);
    await buildQuery(w);
    const page = w.page;
    expect(await page.locator("#query-chips .chip").allTextContents()).toEqual(["do(smoking = 0)×", "tar = 1×", "target cancer×"]);
    expect(await page.locator("#query-text").textContent()).toBe("P(cancer | do(smoking = 0), tar = 1)");
    // Surgery: the edge into smoking is cut (greyed, dashed), the others are not.
    expect(await page.locator('g.edge[data-from="genotype"][data-to="smoking"]').getAttribute("class")).toContain("cut");
    for (const [f, t] of [["smoking", "tar"], ["tar", "cancer"], ["genotype", "cancer"]]) {
      expect(await page.locator(`g.edge[data-from="${f}"][data-to="${t}"]`).getAttribute("class")).not.toContain("cut");
    }
    const cutOpacity = await page.locator('g.edge[data-from="genotype"][data-to="smoking"] path.line').evaluate((p) => Number(getComputedStyle(p).opacity));
    expect(cutOpacity).toBeLessThan(0.5);
    expect(await page.locator('g.node[data-node-id="smoking"]').getAttribute("class")).toContain("intervened");
    expect(await page.locator('g.node[data-node-id="tar"]').getAttribute("class")).toContain("evidence");
    expect(await page.locator('g.node[data-node-id="cancer"]').getAttribute("class")).toContain("target");
    const stroke = (id: string) => page.locator(`g.node[data-node-id="${id}"] rect`).evaluate((r) => getComputedStyle(r).stroke);
    expect(new Set([await stroke("smoking"), await stroke("tar"), await stroke("cancer"), await stroke("height")]).size).toBe(4);
    await page.screenshot({ path: "test/artifacts/browser-query-built.png" });

    await page.locator("#query-run").click();
    const [run] = await w.waitForPosted("runQuery");
    expect(FromWebview.parse(run)).toEqual({ type: "runQuery", id: 1, modelIndex: 0, do: { smoking: 0 }, given: { tar: 1 }, target: "cancer", counterfactual: false });
    expect(await page.locator("#query-run").isDisabled()).toBe(true);
    await page.locator("#query-cancel").click();
    const [cancel] = await w.waitForPosted("cancelQuery");
    expect(cancel).toEqual({ type: "cancelQuery", id: 1 });
    expect(w.errors).toEqual([]);
    await page.close();
  });

  it("pickers suit the distribution: a list for categorical, whole numbers >= 0 for poisson, a free number for normal", async () => {
    const w = await openWebview(h);
    await startQuery(w);
    await clickNode(w, "grade");
    expect(await w.page.locator("#popover select.value-list option").allTextContents()).toEqual(["0", "1", "2"]);
    await w.page.locator("#popover select.value-list").selectOption("2");
    await role(w, "do");
    await clickNode(w, "dose");
    await w.page.locator("#popover input.value-number").fill("-1");
    await role(w, "do");
    expect(await w.page.locator("#popover .popover-error").textContent()).toMatch(/dose must be at least 0; -1 is outside its support/);
    await w.page.locator("#popover input.value-number").fill("1.5");
    await role(w, "do");
    expect(await w.page.locator("#popover .popover-error").textContent()).toMatch(/whole numbers/);
    await w.page.keyboard.press("Escape");
    await clickNode(w, "height");
    await w.page.locator("#popover input.value-number").fill("182.5");
    await role(w, "do");
    expect(await w.page.locator("#query-chips .chip").allTextContents()).toEqual(["do(grade = 2)×", "do(height = 182.5)×"]);
    await w.page.close();
  });

  it("bad queries get a clear message and are not sent: latent target, latent evidence, no target, counterfactual without evidence", async () => {
    const w = await openWebview(h);
    await startQuery(w);
    await w.page.locator("#query-run").click();
    expect(await w.page.locator("#query-results .query-error").textContent()).toMatch(/choose a target/);
    // A latent variable is refused as target and as evidence in the popover, which stays open with the reason.
    await clickNode(w, "genotype");
    await role(w, "target");
    expect(await w.page.locator("#popover .popover-error").textContent()).toMatch(/genotype is latent: a query asks about observed variables/);
    await role(w, "given");
    expect(await w.page.locator("#popover .popover-error").textContent()).toMatch(/genotype is latent \(never observed\), so it cannot be evidence/);
    await w.page.keyboard.press("Escape");
    expect(await w.page.locator("#query-chips .chip").count()).toBe(0);
    await w.page.locator("#query-mode").selectOption("counterfactual");
    await w.page.keyboard.press("Escape");
    await clickNode(w, "cancer");
    await role(w, "target");
    await w.page.locator("#query-run").click();
    expect(await w.page.locator("#query-results .query-error").textContent()).toMatch(/a counterfactual needs an action.*needs factual evidence/s);
    expect((await w.posted()).filter((m) => m.type === "runQuery")).toEqual([]);
    await w.page.close();
  });

  it("renders progress, then the result as a side-by-side plot with numbers, the ATE, identification and code", async () => {
    const w = await openWebview(h);
    await startQuery(w);
    await buildQuery(w);
    await w.page.locator("#query-run").click();
    await w.waitForPosted("runQuery");
    const progress = { type: "queryProgress", id: 1, label: "do(smoking = 0) | tar = 1", samples: 1000, done: 0.125,
      answer: { type: "distribution", variable: "cancer", rows: [{ value: 0, estimate: { value: 0.47, standardError: 0.03, method: "lw" } }, { value: 1, estimate: { value: 0.53, standardError: 0.03, method: "lw" } }] } };
    expect(ToWebview.safeParse(progress).success).toBe(true);
    await w.send(progress);
    await w.page.waitForFunction(() => document.querySelector("#query-results")?.getAttribute("data-state") === "running");
    expect(await w.page.locator("#query-results .progress-line").textContent()).toMatch(/1,000 samples so far · running estimate P\(cancer = 1\) = 0\.530 ± 0\.030/);
    expect(ToWebview.safeParse(result).success).toBe(true);
    await w.send(result);
    await w.page.waitForFunction(() => document.querySelector("#query-results")?.getAttribute("data-state") === "done");
    const bars = await w.page.locator("svg.answer-plot rect[data-estimate]").evaluateAll((rs) => rs.map((r) => ({
      world: r.getAttribute("data-world"), value: r.getAttribute("data-value"), p: Number(r.getAttribute("data-estimate")), h: Number(r.getAttribute("height")),
    })));
    expect(bars).toHaveLength(4);
    const bar = (world: string, value: string) => bars.find((b) => b.world === world && b.value === value)!;
    expect(bar("do(smoking = 0) | tar = 1", "1").p).toBe(0.55);
    expect(bar("observed | tar = 1", "1").p).toBe(0.2);
    // Heights are proportional to the probabilities (same y scale for both worlds).
    expect(bar("do(smoking = 0) | tar = 1", "1").h / bar("observed | tar = 1", "1").h).toBeCloseTo(0.55 / 0.2, 1);
    expect(await w.page.locator('table.answer-table td[data-world="do(smoking = 0) | tar = 1"][data-value="1"]').textContent()).toBe("0.550 ± 0.012"); // digits tied to the se (protocol/estimate-text.ts)
    expect(await w.page.locator(".ate").textContent()).toBe("ATE of smoking (1 vs 0) on cancer: -0.050 ± 0.020, 95% interval [-0.089, -0.011]");
    // Under it, its sensitivity to hidden confounding in words (visible, not only in the DOM).
    const sensitivity = w.page.locator(".sensitivity");
    expect(await sensitivity.isVisible()).toBe(true);
    expect(await sensitivity.textContent()).toMatch(/^Hidden confounding: E-value 1\.46\. An unobserved confounder associated with both smoking and cancer by a risk ratio of 1\.46 each.*would need a risk ratio of 1\.21 with both smoking and cancer\. \(risk ratio 0\.900 \[0\.840, 0\.970\]; VanderWeele & Ding 2017\)$/);
    expect(await w.page.locator(".identification .badge").textContent()).toBe("identified");
    expect(await w.page.locator(".code.cli pre").textContent()).toBe(result.code.cli);
    expect(await w.page.locator(".code.ts pre").textContent()).toBe(result.code.typescript);
    expect(await w.page.locator("#query-run").isDisabled()).toBe(false);
    await w.page.screenshot({ path: "test/artifacts/browser-query-result.png" });
    expect(await w.page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations)).toEqual([]);
    expect(w.errors).toEqual([]);
    await w.page.close();
  });

  it("not identified: a badge that says so and the hedge highlighted on the graph; sparklines after a run", async () => {
    const w = await openWebview(h);
    await startQuery(w);
    await buildQuery(w);
    await w.page.locator("#query-run").click();
    await w.waitForPosted("runQuery");
    await w.send({ ...result, ate: undefined, identification: { status: "not-identified", reason: "a hedge for cancer", hedge: { f: ["smoking", "cancer"], fPrime: ["cancer"] } } });
    await w.page.waitForFunction(() => document.querySelector("#query-results")?.getAttribute("data-state") === "done");
    expect(await w.page.locator(".identification .badge").textContent()).toBe("answered by your model, not identified from data");
    expect(await w.page.locator(".identification .hedge").textContent()).toMatch(/F = \{smoking, cancer\}/);
    expect(await w.page.locator('g.node[data-node-id="smoking"]').getAttribute("class")).toContain("hedge");
    expect(await w.page.locator('g.node[data-node-id="tar"]').getAttribute("class")).not.toContain("hedge");
    await w.send({ type: "nodeSummaries", id: 1, nodes: [
      { id: "tar", observed: { kind: "discrete", values: [0, 1], probabilities: [0.5, 0.5] }, intervened: { kind: "discrete", values: [0, 1], probabilities: [0.95, 0.05] } },
      { id: "height", observed: { kind: "mean", mean: 170, standardError: 0.1 }, intervened: { kind: "mean", mean: 175, standardError: 0.1 } },
    ] });
    await w.page.locator('g.sparkline[data-node-id="tar"]').waitFor();
    // A 0/1 node: P(= 1) seeing and doing, as bars on one 0-1 scale with their values; a mean: the values (seeing-doing.test.ts has the rest).
    const tarBars = await w.page.locator('g.sparkline[data-node-id="tar"] rect.bar').evaluateAll((rs) => rs.map((r) => `${r.getAttribute("class")}:${r.getAttribute("data-probability")}`));
    expect(tarBars).toEqual(["bar observed:0.5", "bar intervened:0.05"]);
    expect(await w.page.locator('g.sparkline[data-node-id="tar"] text').allTextContents()).toEqual(["seeing", "0.5", "doing", "0.05"]);
    expect(await w.page.locator('g.sparkline[data-node-id="height"] text').allTextContents()).toEqual(["seeing", "170.00", "doing", "175.00"]);
    await w.page.screenshot({ path: "test/artifacts/browser-query-sparklines.png" });
    await w.page.close();
  });

  it("a failure shows its message with the model's line and column, and Run works again", async () => {
    const w = await openWebview(h);
    await startQuery(w);
    await buildQuery(w);
    await w.page.locator("#query-run").click();
    await w.waitForPosted("runQuery");
    await w.send({ type: "queryFailed", id: 1, reason: "timeout", message: "The model did not finish within 2000 ms and was stopped.", file: "/w/loop.causal.ts", range: { line: 7, column: 4, endLine: 7, endColumn: 18 } });
    await w.page.locator("#query-results .query-error").waitFor();
    expect(await w.page.locator("#query-results .query-error").textContent()).toBe("The model did not finish within 2000 ms and was stopped. (/w/loop.causal.ts:7:5)");
    expect(await w.page.locator("#query-run").isDisabled()).toBe(false);
    await w.page.locator("#query-run").click();
    const runs = await w.waitForPosted("runQuery", 2);
    expect(runs[1].id).toBe(2);
    await w.page.close();
  });

  it("says which param values Run uses: the trained file's line, then a warning when they went stale", async () => {
    const w = await openWebview(h);
    await startQuery(w);
    const status = w.page.locator("#params-status");
    expect(await status.isHidden()).toBe(true); // declared values: nothing to say
    await w.send({ type: "paramsStatus", text: "trained on wages.csv, 4,000 rows, 2026-12-01 23:40" });
    await status.waitFor({ state: "visible" });
    expect(await status.textContent()).toBe("Params: trained on wages.csv, 4,000 rows, 2026-12-01 23:40");
    expect(await status.evaluate((e) => e.classList.contains("stale"))).toBe(false);
    await w.send({ type: "paramsStatus", text: "trained on wages.csv, 4,000 rows, 2026-12-01 23:40", stale: 'the model\'s params changed since training: "c" is new since training; queries use the declared values until you train again' });
    await w.page.locator("#params-status.stale").waitFor();
    expect(await status.textContent()).toMatch(/^⚠ trained on wages\.csv.*: the model's params changed since training: "c" is new since training; queries use the declared values/);
    await w.send({ type: "paramsStatus", text: null });
    await status.waitFor({ state: "hidden" });
    expect(w.errors).toEqual([]);
    await w.page.close();
  });
});
