// The query section across models and modes (issue 12, items 2 and 3), in real Chromium with a stubbed
// host: a draft per model (restored on coming back, never shown under another model or a DAGitty graph),
// no query marks while Intervene is off, the cut edge's own style, evidence that commits only the value
// the popover shows, refused contradictions, and a counterfactual started from the current query.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireChromium, graphMessage, openWebview, startHarness, type Harness, type WebviewPage } from "./harness";

const executable = requireChromium();

const binary = (id: string, extra: Record<string, unknown> = {}) => ({ id, mechanism: "bernoulli(…)", distribution: "bernoulli", support: { kind: "binary" }, ...extra }) as never;
// Front door with the confounding drawn as a bidirected arc, so that one edge is "hidden common cause" and another gets cut.
const frontdoor = graphMessage([binary("smoking"), binary("tar"), binary("cancer"), { id: "height", support: { kind: "real" } } as never],
  [["smoking", "tar"], ["tar", "cancer"], ["smoking", "cancer", "bidirected"], ["height", "smoking"]],
  { title: "front-door", modelIndex: 0, modelKey: "file:///w/frontdoor.causal.ts#0" });
const wages = graphMessage([{ id: "education", support: { kind: "real" }, typical: 12 } as never, { id: "wage", support: { kind: "real" }, typical: 26 } as never],
  [["education", "wage"]], { title: "wages", modelIndex: 0, modelKey: "file:///w/wages.causal.ts#0" });
const dagitty = graphMessage(["smoking", "tar", "cancer"], [["smoking", "tar"], ["tar", "cancer"]], { title: "iv.dagitty", source: "dagitty", modelKey: "file:///w/iv.dagitty#0" });

const answer = (id: number) => ({
  type: "queryResult", id, text: "P(cancer | do(smoking = 0))", counterfactual: false,
  main: { label: "do(smoking = 0)", answer: { type: "distribution", variable: "cancer", rows: [{ value: 0, estimate: { value: 0.4975, standardError: 0, method: "exact" } }, { value: 1, estimate: { value: 0.5025, standardError: 0, method: "exact" } }] } },
  identification: { status: "not-identified", reason: "a hedge", hedge: { f: ["smoking", "cancer"], fPrime: ["cancer"] } },
  code: { typescript: "m", cli: "c" }, elapsedMs: 3,
});

async function open(w: WebviewPage, graph: unknown = frontdoor): Promise<void> {
  await w.sendGraph(graph);
  await w.page.locator("#intervene").click();
  await w.page.locator("#query").waitFor({ state: "visible" });
}

async function popover(w: WebviewPage, id: string, shift = false): Promise<void> {
  await w.page.keyboard.press("Escape");
  await w.page.locator(`g.node[data-node-id="${id}"]`).click({ modifiers: shift ? ["Shift"] : [] });
  await w.page.locator("#popover").waitFor({ state: "visible" });
}
const press = (w: WebviewPage, role: string) => w.page.locator(`#popover button[data-role="${role}"]`).click();
const chips = (w: WebviewPage) => w.page.locator("#query-chips .chip").allTextContents();

/** do(smoking = 0), target cancer. */
async function interventional(w: WebviewPage): Promise<void> {
  await popover(w, "smoking");
  await w.page.locator("#popover input.value-switch").uncheck();
  await press(w, "do");
  await popover(w, "cancer");
  await press(w, "target");
}

/** Every mark a query leaves on the graph: node roles, cut edges, break marks, sparklines. */
function queryMarks(page: Page): Promise<string[]> {
  return page.evaluate(() => [
    ...[...document.querySelectorAll("g.node")].flatMap((g) => ["intervened", "evidence", "target", "hedge"].filter((c) => g.classList.contains(c)).map((c) => `${g.getAttribute("data-node-id")}:${c}`)),
    ...[...document.querySelectorAll("g.edge.cut")].map((g) => `cut:${g.getAttribute("data-from")}->${g.getAttribute("data-to")}`),
    ...[...document.querySelectorAll("g.edge path.cut-mark[d]")].map(() => "break-mark"),
    ...[...document.querySelectorAll("g.sparkline")].map((g) => `sparkline:${g.getAttribute("data-node-id")}`),
  ].sort());
}

describe("query section across models and modes", () => {
  let h: Harness;
  beforeAll(async () => { h = await startHarness(executable); });
  afterAll(async () => { await h?.close(); });

  it("keeps a draft per model: another model shows its own (or none), the answer area is cleared, a DAGitty graph cannot be queried", async () => {
    const w = await openWebview(h);
    await open(w);
    await interventional(w);
    await w.page.locator("#query-run").click();
    await w.waitForPosted("runQuery");
    await w.send(answer(1));
    await w.page.locator('#query-results[data-state="done"]').waitFor();
    // Another model: none of the front door's query, no answer, no marks on its DAG.
    await w.sendGraph(wages);
    expect(await chips(w)).toEqual([]);
    expect(await w.page.locator("#query-text").textContent()).toBe("P(?)");
    expect(await w.page.locator("#query-results .answer-plot").count()).toBe(0);
    expect(await w.page.locator("#query-results").getAttribute("data-state")).toBe("idle");
    expect(await queryMarks(w.page)).toEqual([]);
    await popover(w, "wage");
    await press(w, "target");
    expect(await chips(w)).toEqual(["target wage×"]);
    // A DAGitty graph: the section says why there is no query, no bar, no marks, a click does not open the popover.
    await w.sendGraph(dagitty);
    expect(await w.page.locator("#query-bar").isHidden()).toBe(true);
    expect(await w.page.locator("#query-results .query-unavailable").textContent()).toMatch(/A DAGitty graph has no mechanisms, so it cannot answer queries/);
    expect(await queryMarks(w.page)).toEqual([]);
    await w.page.locator('g.node[data-node-id="smoking"]').click();
    expect(await w.page.locator("#popover").isHidden()).toBe(true);
    await w.page.screenshot({ path: "test/artifacts/browser-query-dagitty-unavailable.png" });
    // Back to the front door: its query again (the answer area starts empty), then wages' own.
    await w.sendGraph(frontdoor);
    expect(await chips(w)).toEqual(["do(smoking = 0)×", "target cancer×"]);
    expect(await w.page.locator("#query-bar").isVisible()).toBe(true);
    expect(await w.page.locator("#query-results .answer-plot").count()).toBe(0);
    expect(await queryMarks(w.page)).toEqual(["break-mark", "break-mark", "cancer:target", "cut:height->smoking", "cut:smoking->cancer", "smoking:intervened"]);
    await w.sendGraph(wages);
    expect(await chips(w)).toEqual(["target wage×"]);
    // The drafts survive a reload of the webview (VS Code drops a hidden panel's page; getState keeps them).
    const saved = await w.page.evaluate(() => (window as unknown as { __state: { queries: Record<string, unknown> } }).__state.queries);
    expect(Object.keys(saved).sort()).toEqual(["file:///w/frontdoor.causal.ts#0", "file:///w/iv.dagitty#0", "file:///w/wages.causal.ts#0"]);
    expect(w.errors).toEqual([]);
    await w.page.close();
  });

  it("Intervene off removes every query mark (roles, cut edges, hedge, sparklines); on again restores them", async () => {
    const w = await openWebview(h);
    await open(w);
    await interventional(w);
    await w.page.locator("#query-run").click();
    await w.waitForPosted("runQuery");
    await w.send(answer(1));
    await w.send({ type: "nodeSummaries", id: 1, nodes: [{ id: "tar", observed: { kind: "discrete", values: [0, 1], probabilities: [0.5, 0.5] }, intervened: { kind: "discrete", values: [0, 1], probabilities: [0.95, 0.05] } },
      { id: "height", observed: { kind: "mean", mean: 170.4, standardError: 0.1 }, intervened: { kind: "mean", mean: 170.4, standardError: 0.1 } }] });
    await w.page.locator('g.sparkline[data-node-id="tar"]').waitFor();
    const marks = await queryMarks(w.page);
    expect(marks).toEqual(expect.arrayContaining(["smoking:intervened", "smoking:hedge", "cancer:target", "cancer:hedge", "cut:height->smoking", "sparkline:tar"]));
    await w.page.locator("#intervene").click();
    expect(await queryMarks(w.page)).toEqual([]);
    expect(await w.page.locator(".legend-row.query-cut").count()).toBe(0);
    await w.page.screenshot({ path: "test/artifacts/browser-query-intervene-off.png" });
    await w.page.locator("#intervene").click();
    expect(await queryMarks(w.page)).toEqual(marks);
    // With no typical value in the graph, the number field starts at the observed mean of the last query.
    await popover(w, "height");
    expect(await w.page.locator("#popover input.value-number").inputValue()).toBe("170.4");
    await w.page.close();
  });

  it("draws a cut edge in its own style (faint, solid, a break mark), distinct from the dashed hidden common cause, and names it in the legend", async () => {
    const w = await openWebview(h);
    await open(w);
    const style = (from: string, to: string) => w.page.locator(`g.edge[data-from="${from}"][data-to="${to}"] path.line`).evaluate((p) => {
      const s = getComputedStyle(p);
      return { dash: s.strokeDasharray, opacity: Number(s.opacity) };
    });
    const bidirected = await style("smoking", "cancer");
    expect(bidirected.dash).toBe("6px, 4px");
    expect(await w.page.locator(".legend-row.query-cut").count()).toBe(0);
    await popover(w, "smoking");
    await press(w, "do");
    const cut = await style("height", "smoking");
    expect(cut.dash).toBe("none");
    expect(cut.dash).not.toBe(bidirected.dash);
    expect(cut.opacity).toBeLessThan(0.5);
    // A bidirected arc cut by the intervention looks cut too, not like a hidden common cause.
    expect((await style("smoking", "cancer")).dash).toBe("none");
    const mark = w.page.locator('g.edge[data-from="height"][data-to="smoking"] path.cut-mark');
    expect(await mark.evaluate((p) => ({ stroke: getComputedStyle(p).stroke, width: getComputedStyle(p).strokeWidth, opacity: getComputedStyle(p).opacity }))).toMatchObject({ width: "2px", opacity: "1" });
    const box = await mark.boundingBox();
    expect(box!.width * box!.height).toBeGreaterThan(20); // visibly drawn
    expect(await w.page.locator('g.edge[data-from="smoking"][data-to="tar"] path.cut-mark[d]').count()).toBe(0);
    const legendRow = w.page.locator(".legend-row.query-cut");
    expect(await legendRow.count()).toBe(1);
    if (await w.page.locator("#legend.collapsed").count()) await w.page.locator("#legend-toggle").click(); // folded in a short graph area
    expect(await legendRow.isVisible()).toBe(true);
    expect(await legendRow.textContent()).toBe("edge cut by do(…)");
    expect(await legendRow.locator("path.line").evaluate((p) => getComputedStyle(p).strokeDasharray)).toBe("none");
    await w.page.locator("#legend").screenshot({ path: "test/artifacts/browser-legend-cut-edge.png" });
    await w.page.screenshot({ path: "test/artifacts/browser-query-cut-edge.png" });
    await w.page.close();
  });

  it("shift-click opens the popover for evidence and commits only the value shown, on confirm; it selects no text", async () => {
    const w = await openWebview(h);
    await open(w);
    await popover(w, "tar", true);
    expect(await chips(w)).toEqual([]); // nothing committed yet
    expect(await w.page.locator('#popover button[data-role="given"]').getAttribute("class")).toContain("chosen");
    expect(await w.page.evaluate(() => window.getSelection()?.toString() ?? "")).toBe("");
    const box = w.page.locator("#popover input.value-switch");
    expect(await box.isChecked()).toBe(true);
    await box.uncheck();
    await box.press("Enter"); // Enter confirms the preselected role with the value shown
    await w.page.locator("#popover").waitFor({ state: "hidden" });
    expect(await chips(w)).toEqual(["tar = 0×"]);
    await popover(w, "cancer", true);
    await w.page.keyboard.press("Escape");
    expect(await chips(w)).toEqual(["tar = 0×"]); // dismissed: nothing added
    expect(await w.page.evaluate(() => window.getSelection()?.toString() ?? "")).toBe("");
    await w.page.close();
  });

  it("refuses contradictions of an interventional query with a message; a changed query clears a stale error box", async () => {
    const w = await openWebview(h);
    await open(w);
    await w.page.locator("#query-run").click();
    expect(await w.page.locator("#query-results .query-error").textContent()).toMatch(/choose a target/);
    await interventional(w);
    expect(await w.page.locator("#query-results .query-error").count()).toBe(0); // the stale error went with the change
    await popover(w, "smoking", true);
    await press(w, "given");
    expect(await w.page.locator("#popover .popover-error").textContent()).toMatch(/^smoking is intervened on \(do\(smoking = 0\)\): an interventional query cannot also observe it/);
    await popover(w, "cancer", true);
    await press(w, "given");
    expect(await w.page.locator("#popover .popover-error").textContent()).toMatch(/^cancer is the target: observing it would leave nothing to ask/);
    await w.page.keyboard.press("Escape");
    expect(await chips(w)).toEqual(["do(smoking = 0)×", "target cancer×"]);
    expect(await w.page.locator("#query-text").textContent()).toBe("P(cancer | do(smoking = 0))");
    await w.page.close();
  });

  it("Counterfactual… starts from the current query: the do becomes the action, the popover asks for the factual values, the old answer goes", async () => {
    const w = await openWebview(h, { width: 1000, height: 760 });
    await open(w);
    await interventional(w);
    await w.page.locator("#query-run").click();
    await w.waitForPosted("runQuery");
    await w.send(answer(1));
    await w.page.locator('#query-results[data-state="done"]').waitFor();
    await w.send({ type: "queryMode", mode: "counterfactual" }); // what the "Counterfactual…" CodeLens sends
    await w.page.locator('#popover[data-node-id="smoking"]').waitFor();
    expect(await w.page.locator("#query-mode").inputValue()).toBe("counterfactual");
    expect(await w.page.locator("#query-results .answer-plot").count()).toBe(0);
    expect((await queryMarks(w.page)).filter((m) => m.endsWith(":hedge"))).toEqual([]); // the old answer's hedge went with it
    expect(await w.page.locator("#query-results .factual-prompt").textContent()).toMatch(/in the world where do\(smoking = 0\), what would cancer have been.*smoking = \?.*cancer = \?/);
    expect(await w.page.locator("#popover .popover-prompt").textContent()).toMatch(/What was observed\? smoking's factual value \(the action sets it to 0\)/);
    expect(await w.page.locator("#popover input.value-switch").isChecked()).toBe(true); // the other value than the action's
    await press(w, "given");
    await w.page.locator('#popover[data-node-id="cancer"]').waitFor();
    await w.page.locator("#popover input.value-switch").check();
    await w.page.screenshot({ path: "test/artifacts/browser-counterfactual-from-lens-asking.png" });
    await press(w, "given");
    await w.page.locator("#popover").waitFor({ state: "hidden" });
    expect(await chips(w)).toEqual(["do(smoking = 0)×", "smoking = 1×", "cancer = 1×", "target cancer×"]);
    expect(await w.page.locator("#query-text").textContent()).toBe("P(cancer_{smoking = 0} | smoking = 1, cancer = 1)");
    await w.page.screenshot({ path: "test/artifacts/browser-counterfactual-from-lens.png" });
    await w.page.locator("#query-run").click();
    const runs = await w.waitForPosted("runQuery", 2);
    expect(runs[1]).toMatchObject({ do: { smoking: 0 }, given: { smoking: 1, cancer: 1 }, target: "cancer", counterfactual: true });
    // Back to interventional: the factual evidence it cannot hold is dropped, visibly, and restored on the way back.
    await w.send({ type: "queryFailed", id: 2, reason: "cancelled", message: "Cancelled." });
    await w.page.locator("#query-mode").selectOption("intervene");
    expect(await chips(w)).toEqual(["do(smoking = 0)×", "target cancer×"]);
    expect(await w.page.locator("#query-results .dropped-evidence").textContent()).toMatch(/dropped the factual evidence smoking = 1 \(smoking is intervened on\) and cancer = 1 \(cancer is the target\)/);
    await w.page.locator("#query-mode").selectOption("counterfactual");
    await w.page.keyboard.press("Escape");
    expect(await chips(w)).toEqual(["do(smoking = 0)×", "smoking = 1×", "cancer = 1×", "target cancer×"]);
    expect(w.errors).toEqual([]);
    await w.page.close();
  });
  it("Counterfactual… on another model than the one drawn asks about that model's variables, beside them, once it is drawn", async () => {
    const w = await openWebview(h);
    await open(w, wages);
    await popover(w, "education");
    await press(w, "do");
    await popover(w, "wage");
    await press(w, "target");
    await w.sendGraph(frontdoor);
    // The CodeLens of the wages file: the host retargets the panel (graph) and sends the mode at once, before the layout is done.
    await w.send(wages);
    await w.send({ type: "queryMode", mode: "counterfactual" });
    await w.page.locator('#popover[data-node-id="education"]').waitFor();
    expect(await w.page.locator("#popover .popover-prompt").textContent()).toMatch(/education's factual value \(the action sets it to 12\)/);
    expect(await w.page.locator("#popover input.value-number").inputValue()).toBe("12");
    const node = await w.page.locator('g.node[data-node-id="education"]').boundingBox();
    const pop = await w.page.locator("#popover").boundingBox();
    expect(Math.abs(pop!.y - (node!.y + node!.height / 2))).toBeLessThan(60); // beside the node, not in a corner
    await w.page.close();
  });
});
