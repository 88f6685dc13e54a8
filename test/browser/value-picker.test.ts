// The value picker comes from the support the host reads statically (core's readSupport, sent as
// GraphNodeDto.support), never from mechanism text: the pure choice, and the popover in real Chromium
// for a model read by the host's own graph-source code.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readGraphSource, toGraphUpdate } from "../../src/extension/graph-source";
import { GraphUpdate } from "../../src/protocol/messages";
import { defaultValue, outsideSupport, pickerFor } from "../../webview/query/picker";
import { requireChromium, openWebview, startHarness, type Harness, type WebviewPage } from "./harness";

const executable = requireChromium();

describe("pickerFor (pure)", () => {
  it("maps each support to a picker, and reads nothing else of the node", () => {
    expect(pickerFor({ support: { kind: "binary" } })).toEqual({ kind: "switch" });
    expect(pickerFor({ support: { kind: "finite", values: [0, 1, 2] } })).toEqual({ kind: "list", values: [0, 1, 2] });
    expect(pickerFor({ support: { kind: "integer", min: 0 } })).toEqual({ kind: "number", integer: true, min: 0 });
    expect(pickerFor({ support: { kind: "real", min: 0, max: 1, exclusiveMin: true, exclusiveMax: true } }))
      .toEqual({ kind: "number", integer: false, min: 0, max: 1, exclusiveMin: true, exclusiveMax: true });
    expect(pickerFor({ support: { kind: "real", min: -1, max: 2 } })).toEqual({ kind: "number", integer: false, min: -1, max: 2 });
    expect(pickerFor({ support: { kind: "constant", value: 5 } })).toEqual({ kind: "number", integer: false, start: 5 });
    expect(pickerFor({ support: { kind: "unknown" } })).toEqual({ kind: "number", integer: false });
    expect(pickerFor({})).toEqual({ kind: "number", integer: false });
    // Mechanism text and distribution name are not consulted.
    expect(pickerFor({ mechanism: "bernoulli(0.5)", distribution: "bernoulli" } as never)).toEqual({ kind: "number", integer: false });
  });

  it("checks values against the support and starts inside it", () => {
    const beta = pickerFor({ support: { kind: "real", min: 0, max: 1, exclusiveMin: true, exclusiveMax: true } });
    expect(outsideSupport("p", beta, 0)).toBe("p must be greater than 0; 0 is outside its support");
    expect(outsideSupport("p", beta, 1)).toBe("p must be less than 1; 1 is outside its support");
    expect(outsideSupport("p", beta, 0.3)).toBeUndefined();
    expect(defaultValue(beta)).toBe(0.5);
    const gamma = pickerFor({ support: { kind: "real", min: 0, exclusiveMin: true } });
    expect(outsideSupport("g", gamma, 0)).toMatch(/greater than 0/);
    expect(defaultValue(gamma)).toBe(1);
    const delta = pickerFor({ support: { kind: "constant", value: 5 } });
    expect(defaultValue(delta)).toBe(5);
    expect(outsideSupport("d", delta, -7.5)).toBeUndefined(); // a deterministic variable may be set to anything
    const list = pickerFor({ support: { kind: "finite", values: [0, 1, 2] } });
    expect(outsideSupport("c", list, 3)).toMatch(/values 0, 1, 2; 3 is not one of them/);
    expect(outsideSupport("x", pickerFor({}), Infinity)).toBe("x needs a finite number");
  });

  it("starts a number field at the typical value (the node's, else the observed mean given), rounded and kept inside the support", () => {
    expect(defaultValue(pickerFor({ support: { kind: "real" }, typical: 172.5 }))).toBe(172.5);
    expect(defaultValue(pickerFor({ support: { kind: "real" } }, 25.81234))).toBe(25.81);
    expect(defaultValue(pickerFor({ support: { kind: "real" }, typical: 3 }, 25.8))).toBe(3); // the static mean wins over a sample's
    expect(defaultValue(pickerFor({ support: { kind: "integer", min: 0 }, typical: 2.6 }))).toBe(3);
    expect(defaultValue(pickerFor({ support: { kind: "real", min: 0, max: 1, exclusiveMin: true, exclusiveMax: true }, typical: 0.4 }))).toBe(0.4);
    expect(defaultValue(pickerFor({ typical: 12 }))).toBe(12);
    expect(defaultValue(pickerFor({}))).toBe(0);
  });
});

// Sixteen literal probabilities: the mechanism's hover text (80 characters) is cut before the closing
// bracket, which a reading of the text could not count; the support from the syntax tree does.
const MODEL = `import { bernoulli, beta, categorical, delta, gamma, normal, poisson, scm, uniform } from "causal-studio";
export default scm("pickers")
  .variable("coin", () => bernoulli(0.5))
  .variable("grade", () => categorical([${Array(16).fill("0.0625").join(", ")}]))
  .variable("level", ({ coin }) => categorical(coin ? [0.2, 0.8] : [0.6, 0.4]))
  .variable("count", ({ coin }) => poisson(coin ? 3 : 1))
  .variable("share", () => beta(2, 3))
  .variable("wait", () => gamma(2, 1))
  .variable("temp", () => uniform(-5, 35))
  .variable("fixed", () => delta(4))
  .variable("height", ({ coin }) => normal(coin ? 180 : 165, 8));
`;

describe("value pickers in Chromium, from the host's graph message", () => {
  let h: Harness;
  let w: WebviewPage;
  beforeAll(async () => {
    h = await startHarness(executable);
    w = await openWebview(h, { width: 1100, height: 760 });
    const update = toGraphUpdate(readGraphSource(MODEL, "pickers.causal.ts"), 0, { direction: "DOWN", editable: true }, "pickers.causal.ts");
    expect(GraphUpdate.safeParse(update).success).toBe(true);
    expect(update.nodes.find((n) => n.id === "grade")!.mechanism).toMatch(/…$/);
    await w.sendGraph({ ...update, modelIndex: 0 });
    await w.page.locator("#intervene").click();
    await w.page.locator("#query").waitFor({ state: "visible" });
  });
  afterAll(async () => { await h?.close(); });

  async function open(id: string): Promise<{ kind: string; options?: string[]; min?: string; max?: string; value?: string }> {
    await w.page.keyboard.press("Escape");
    await w.page.locator(`g.node[data-node-id="${id}"]`).click();
    await w.page.locator("#popover").waitFor({ state: "visible" });
    return w.page.locator("#popover").evaluate((pop) => {
      const picker = pop.querySelector(".picker")!;
      const kind = [...picker.classList].find((c) => c !== "picker")!;
      const select = pop.querySelector<HTMLSelectElement>("select.value-list");
      const slider = pop.querySelector<HTMLInputElement>("input.value-slider");
      const number = pop.querySelector<HTMLInputElement>("input.value-number");
      return {
        kind,
        ...(select ? { options: [...select.options].map((o) => o.value) } : {}),
        ...(slider ? { min: slider.min, max: slider.max } : {}),
        ...(number ? { value: number.value } : {}),
      };
    });
  }

  it("gives each variable the picker its support calls for", async () => {
    expect(await open("coin")).toEqual({ kind: "switch" });
    expect(await open("grade")).toEqual({ kind: "list", options: Array.from({ length: 16 }, (_, i) => String(i)) });
    expect(await open("level")).toEqual({ kind: "list", options: ["0", "1"] });
    // Number fields start at the variable's mean, read statically (issue 12, item 10), not at 0:
    // E[count] = 0.5 * 3 + 0.5 * 1; E[beta(2, 3)] = 2 / 5; E[gamma(2, 1)] = 2; E[uniform(-5, 35)] = 15; E[height] = 0.5 * 180 + 0.5 * 165.
    expect(await open("count")).toEqual({ kind: "number", value: "2" });
    expect(await open("share")).toEqual({ kind: "number", min: "0", max: "1", value: "0.4" });
    expect(await open("wait")).toEqual({ kind: "number", value: "2" });
    expect(await open("temp")).toEqual({ kind: "number", min: "-5", max: "35", value: "15" });
    expect(await open("fixed")).toEqual({ kind: "number", value: "4" });
    expect(await open("height")).toEqual({ kind: "number", value: "172.5" });
    expect(await w.page.locator("#popover .picker-hint").textContent()).toBe("typical value (its mean): 172.5");
    expect(w.errors).toEqual([]);
  });

  it("refuses values outside the support with the support's own words", async () => {
    await open("count");
    await w.page.locator("#popover input.value-number").fill("2.5");
    await w.page.locator('#popover button[data-role="do"]').click();
    expect(await w.page.locator("#popover .popover-error").textContent()).toBe("count takes whole numbers; 2.5 is not one");
    await open("temp");
    await w.page.locator("#popover input.value-number").fill("40");
    await w.page.locator('#popover button[data-role="do"]').click();
    expect(await w.page.locator("#popover .popover-error").textContent()).toBe("temp must be at most 35; 40 is outside its support");
    await open("wait");
    await w.page.locator("#popover input.value-number").fill("0");
    await w.page.locator('#popover button[data-role="given"]').click();
    expect(await w.page.locator("#popover .popover-error").textContent()).toBe("wait must be greater than 0; 0 is outside its support");
    await open("fixed");
    await w.page.locator("#popover input.value-number").fill("-2");
    await w.page.locator('#popover button[data-role="do"]').click();
    expect(await w.page.locator("#query-chips .chip").allTextContents()).toEqual(["do(fixed = -2)×"]);
  });

  it("a categorical is a list of its levels, by name when the host names them (levels from the training data)", async () => {
    await w.page.keyboard.press("Escape");
    await w.sendGraph({
      type: "graph", title: "levels", source: "model", direction: "DOWN", editable: true, errors: [], modelIndex: 0, modelKey: "file:///levels.causal.ts#0",
      nodes: [
        { id: "grade", distribution: "softmax", support: { kind: "finite", values: [0, 1, 2] }, levels: ["low", "mid", "high"] },
        { id: "cell", distribution: "categorical", support: { kind: "integer", min: 0 }, levels: ["start", "ice", "hole", "goal"] },
        { id: "size", distribution: "categorical", support: { kind: "finite", values: [0, 1, 2] } },
      ],
      edges: [{ from: "grade", to: "size", kind: "directed" }],
    });
    if ((await w.page.locator("#intervene").getAttribute("aria-pressed")) !== "true") await w.page.locator("#intervene").click();
    const options = async (id: string) => {
      await open(id);
      return w.page.locator("#popover select.value-list option").evaluateAll((os) => os.map((o) => `${(o as HTMLOptionElement).value}:${o.textContent}`));
    };
    expect(await options("grade")).toEqual(["0:low (0)", "1:mid (1)", "2:high (2)"]);
    expect(await options("cell")).toEqual(["0:start (0)", "1:ice (1)", "2:hole (2)", "3:goal (3)"]);
    expect(await options("size")).toEqual(["0:0", "1:1", "2:2"]);
    await open("grade");
    await w.page.locator("#popover select.value-list").selectOption("2");
    await w.page.locator('#popover button[data-role="do"]').click();
    expect(await w.page.locator("#query-chips .chip").allTextContents()).toEqual(["do(grade = 2)×"]);
    expect(w.errors).toEqual([]);
  });
});
