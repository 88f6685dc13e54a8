// Connect in real Chromium: the two-click flow (the first click picks the source, a neutral hint says
// what the second click does, Esc cancels), and Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y in the panel forwarded
// to the host as undo / redo of the model file (issue 12, item 6).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FromWebview } from "../../src/protocol/messages";
import { graphMessage, openWebview, requireChromium, startHarness, type Harness, type WebviewPage } from "./harness";

const executable = requireChromium();
const frontdoor = graphMessage([{ id: "genotype", latent: true }, "smoking", "tar", "cancer"], [["genotype", "smoking"], ["genotype", "cancer"], ["smoking", "tar"], ["tar", "cancer"]]);

const node = (w: WebviewPage, id: string) => w.page.locator(`g.node[data-node-id="${id}"]`);
const hint = (w: WebviewPage) => w.page.locator("#connect-hint");
const ofType = async (w: WebviewPage, type: string) => (await w.posted()).filter((m) => m.type === type);

/** What a user sees of an element: shown or not, its text, and its border and background colours. */
async function looks(w: WebviewPage, selector: string) {
  return w.page.locator(selector).evaluate((el) => {
    const s = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    return { visible: !(el as HTMLElement).hidden && s.display !== "none" && r.width > 0 && r.height > 0, text: el.textContent ?? "", border: s.borderTopColor, background: s.backgroundColor };
  });
}

describe("Connect flow in Chromium", () => {
  let h: Harness;
  beforeAll(async () => { h = await startHarness(executable); });
  afterAll(async () => { await h?.close(); });

  it("Connect, then a click on the source and one on the target, requests that edge, with a hint (not an error) at each step", async () => {
    const w = await openWebview(h);
    await w.sendGraph(frontdoor);
    await w.page.locator("#connect").click();
    expect(await w.page.locator("#connect").getAttribute("aria-pressed")).toBe("true");
    const first = await looks(w, "#connect-hint");
    expect(first.visible).toBe(true);
    expect(first.text).toBe("Click the variable the new edge starts from (Esc cancels)");
    expect(await w.page.locator("#banner").isHidden()).toBe(true);
    // Drawn as a hint: not the error banner's border or background.
    await w.send({ type: "notice", level: "error", message: "an error, for its colours" });
    const banner = await looks(w, "#banner");
    expect(banner.visible).toBe(true);
    expect(first.border).not.toBe(banner.border);
    expect(first.background).not.toBe(banner.background);
    expect(await w.page.locator("#connect-hint").getAttribute("role")).toBe("status");

    await node(w, "smoking").click();
    await expect.poll(() => hint(w).textContent()).toBe("Now click the variable that smoking should point to (Esc cancels)");
    // The hint sits below the banner, not under it.
    const [hb, bb] = await Promise.all([hint(w).boundingBox(), w.page.locator("#banner").boundingBox()]);
    expect(hb!.y).toBeGreaterThanOrEqual(bb!.y + bb!.height);
    expect(await ofType(w, "edgeRequest")).toEqual([]);
    expect(await ofType(w, "nodeClicked")).toEqual([]); // picking the source does not jump to the editor
    expect(await node(w, "smoking").getAttribute("class")).toContain("selected");

    await node(w, "cancer").click();
    const [req] = await w.waitForPosted("edgeRequest");
    expect(FromWebview.parse(req)).toEqual({ type: "edgeRequest", op: "add", from: "smoking", to: "cancer", kind: "directed" });
    expect(await hint(w).isHidden()).toBe(true);
    expect(await w.page.locator("#connect").getAttribute("aria-pressed")).toBe("false");
    // The next Connect starts a new pick; it does not join the last two nodes again.
    await w.page.locator("#connect").click();
    expect(await hint(w).textContent()).toBe("Click the variable the new edge starts from (Esc cancels)");
    expect(await ofType(w, "edgeRequest")).toHaveLength(1);
    expect(w.errors).toEqual([]);
    await w.page.close();
  });

  it("a node selected before Connect is the source; clicking it again says it cannot point to itself; Esc cancels", async () => {
    const w = await openWebview(h);
    await w.sendGraph(frontdoor);
    await node(w, "tar").click();
    await w.page.locator("#connect").click();
    expect(await hint(w).textContent()).toBe("Now click the variable that tar should point to (Esc cancels)");
    await node(w, "tar").click();
    expect(await hint(w).textContent()).toBe("tar cannot point to itself: click another variable (Esc cancels)");
    await w.page.keyboard.press("Escape");
    expect(await hint(w).isHidden()).toBe(true);
    await node(w, "cancer").click();
    await w.waitForPosted("nodeClicked", 2); // an ordinary click again (tar's first click, then cancer's)
    expect(await ofType(w, "edgeRequest")).toEqual([]);
    // Pressing Connect a second time also cancels.
    await w.page.locator("#connect").click();
    await w.page.locator("#connect").click();
    expect(await hint(w).isHidden()).toBe(true);
    await w.page.close();
  });

  it("the keyboard: a starts the flow, Enter on the focused node picks it", async () => {
    const w = await openWebview(h);
    await w.sendGraph(frontdoor);
    await w.page.locator("svg#dag").click({ position: { x: 5, y: 5 } });
    await w.page.keyboard.press("a");
    expect(await hint(w).textContent()).toBe("Click the variable the new edge starts from (Esc cancels)");
    await node(w, "genotype").focus();
    await w.page.keyboard.press("Enter");
    await node(w, "tar").focus();
    await w.page.keyboard.press("Enter");
    expect((await w.waitForPosted("edgeRequest"))[0]).toMatchObject({ op: "add", from: "genotype", to: "tar" });
    await w.page.close();
  });

  it("Ctrl+Z, Ctrl+Shift+Z and Ctrl+Y ask the host to undo / redo; not inside a text field, not on a read-only graph", async () => {
    const w = await openWebview(h);
    await w.sendGraph(frontdoor);
    await w.page.locator("svg#dag").click({ position: { x: 5, y: 5 } });
    await w.page.keyboard.press("Control+z");
    await w.page.keyboard.press("Control+Shift+Z");
    await w.page.keyboard.press("Control+y");
    await w.page.keyboard.press("Meta+z");
    const undo = await w.waitForPosted("undoRequest", 4);
    expect(undo.map((m) => FromWebview.parse(m))).toEqual([
      { type: "undoRequest", redo: false }, { type: "undoRequest", redo: true }, { type: "undoRequest", redo: true }, { type: "undoRequest", redo: false },
    ]);
    await w.page.evaluate(() => {
      const input = Object.assign(document.createElement("input"), { id: "scratch" });
      document.body.append(input);
      input.focus();
    });
    await w.page.keyboard.press("Control+z");
    await w.sendGraph({ ...frontdoor, editable: false });
    await w.page.locator("svg#dag").click({ position: { x: 5, y: 5 } });
    await w.page.keyboard.press("Control+z");
    expect(await ofType(w, "undoRequest")).toHaveLength(4);
    await w.page.close();
  });
});
