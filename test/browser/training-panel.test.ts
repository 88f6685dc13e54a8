// The training panel in real Chromium with a stubbed host (the page the extension serves, strict
// CSP): progress draws one loss curve per mechanism with Observable Plot (SVG paths with many
// points), the steps/s line, Stop/Kill post stopTraining, and the result shows the fitted-params
// table with standard errors as a user reads it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FromTrainingPanel } from "../../src/protocol/training-messages";
import { openWebview, requireChromium, startHarness, type Harness, type WebviewPage } from "./harness";

const executable = requireChromium();
let h: Harness;
beforeAll(async () => void (h = await startHarness(executable)));
afterAll(async () => h?.close());

const open = () => openWebview(h, { width: 900, height: 700 }, { path: "/training.html", ready: "trainingReady" });
const progress = (mechanism: string, step: number, loss: number, extra: Record<string, unknown> = {}) =>
  ({ type: "trainingProgress", runId: 7, mechanism, method: "Adam", step, steps: 40, epoch: Math.ceil(step / 10), epochs: 4, loss, stepsPerSecond: 123.4, ...extra });

async function train(w: WebviewPage): Promise<void> {
  await w.send({ type: "trainingStarted", runId: 7, model: "wages", data: "data.csv" });
  for (let s = 1; s <= 40; s++) {
    await w.send(progress("wage", s, 3 / s + 1));
    if (s % 4 === 0) await w.send(progress("union", s / 4, 0.9 - 0.02 * s, { method: "IRLS", steps: 10, epochs: 0, epoch: 0 }));
  }
}

describe("training panel", () => {
  it("draws a loss curve per mechanism while training runs, with steps/s", async () => {
    const w = await open();
    await train(w);
    await w.page.locator('figure.curve[data-mechanism="union"] svg').waitFor();
    expect(await w.page.locator("#training-title").textContent()).toBe("Training wages on data.csv");
    expect(await w.page.locator("figure.curve").count()).toBe(2);
    // The line is one SVG path through every point: Plot writes M x,y then an L (or curve) command per point.
    const d = await w.page.locator('figure.curve[data-mechanism="wage"] svg g[aria-label="line"] path').getAttribute("d");
    expect(d).toMatch(/^M/);
    expect((d!.match(/[0-9.]+,[0-9.]+/g) ?? []).length).toBeGreaterThanOrEqual(40);
    const box = await w.page.locator('figure.curve[data-mechanism="wage"] svg').boundingBox();
    expect(box!.width).toBeGreaterThan(200);
    expect(box!.height).toBeGreaterThan(100);
    expect(await w.page.locator("#training-rate").textContent()).toBe("123.4 steps/s");
    expect(await w.page.locator("#training-status").textContent()).toMatch(/union \(IRLS\): step 10\/10/);
    expect(await w.page.locator('figure.curve[data-mechanism="wage"] figcaption').textContent()).toBe("wage (Adam) — loss 1.0750");
    // The line's colour comes from the theme (a VS Code chart colour or its fallback), never Plot's default black.
    const stroke = await w.page.locator('figure.curve[data-mechanism="wage"] svg g[aria-label="line"]').getAttribute("stroke");
    expect(stroke).toMatch(/^#|^rgb/);
    expect(stroke).not.toMatch(/^(currentColor|black|#000)/);
    // Drawn pixels: a blank plot area this size compresses to a few hundred bytes of PNG; axes, grid and the line do not.
    const shot = await w.page.locator('figure.curve[data-mechanism="wage"] svg').screenshot();
    expect(shot.length).toBeGreaterThan(2000);
    // Plot's inline styles pass the panel's CSP (no violation reported).
    expect(await w.page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations)).toEqual([]);
    expect(w.errors).toEqual([]);
    await w.page.close();
  });

  it("shows the fitted params with standard errors at the end, and n/a where the information is singular", async () => {
    const w = await open();
    await train(w);
    await w.send({
      type: "trainingDone", runId: 7, paramsFile: "/w/model.params.json", rows: 4000, elapsedMs: 2500, stepsPerSecond: 98.2, backend: "wasm", stopped: false,
      mechanisms: [{ mechanism: "wage", method: "Adam", finalLoss: 1.075, steps: 40, converged: true }, { mechanism: "union", method: "IRLS", finalLoss: 0.1, steps: 10, converged: false }],
      params: [{ name: "wage.coef[0]", value: 1.5, standardError: 0.0213 }, { name: "wage.sd", value: 2, standardError: null }, { name: "wage.w0[0]", value: 0.25 },
        ...Array.from({ length: 40 }, (_, i) => ({ name: `wage.w1[${i}]`, value: i / 10 - 1 }))],
    });
    await w.page.locator("#params-section").waitFor({ state: "visible" });
    const rows = await w.page.locator("#params tbody tr").allTextContents();
    expect(rows).toEqual(["wage.coef[0]1.5000000.021300", "wage.sd2.000000n/a (singular)", "wage.w0[0]0.250000—", "wage.w140 values, from -1.000000 to 2.900000—"]);
    expect(await w.page.locator("#mechanisms tbody tr").allTextContents()).toEqual(["wageAdam1.07500040", "unionIRLS0.10000010 (not converged)"]);
    expect(await w.page.locator("#training-status").textContent()).toBe("Done: 4,000 rows in 2.5 s; wrote /w/model.params.json");
    expect(await w.page.locator("#training-rate").textContent()).toBe("98.2 steps/s, backend wasm");
    expect(await w.page.locator("#training-stop").isDisabled()).toBe(true);
    expect(w.errors).toEqual([]);
    await w.page.close();
  });

  it("a closed-form mechanism with only its final loss is drawn as a dot; Stop and Kill post stopTraining for the run", async () => {
    const w = await open();
    await w.send({ type: "trainingStarted", runId: 9, model: "m", data: "d.csv" });
    await w.send({ type: "trainingProgress", runId: 9, mechanism: "y", method: "closed form", step: 1, steps: 1, epoch: 0, epochs: 0, loss: 0.75, stepsPerSecond: 0 });
    await w.page.locator('figure.curve[data-mechanism="y"] svg circle').waitFor();
    await w.page.locator("#training-stop").click();
    await w.page.locator("#training-kill").click();
    const stops = await w.waitForPosted("stopTraining", 2);
    expect(stops).toEqual([{ type: "stopTraining", runId: 9 }, { type: "stopTraining", runId: 9, kill: true }]);
    for (const m of stops) expect(FromTrainingPanel.safeParse(m).success).toBe(true);
    await w.page.close();
  });

  it("a failure is shown as the message; a malformed message is ignored", async () => {
    const w = await open();
    await w.send({ type: "trainingStarted", runId: 3, model: "m", data: "d.csv" });
    await w.send({ type: "trainingProgress", runId: 3, mechanism: "y" });
    await w.send({ type: "trainingFailed", runId: 3, message: 'd.csv: no column "y" (columns: a, b)' });
    await w.page.locator("#training-status.error").waitFor();
    expect(await w.page.locator("#training-status").textContent()).toBe('d.csv: no column "y" (columns: a, b)');
    expect(await w.page.locator("figure.curve").count()).toBe(0);
    expect(w.errors.some((e) => /invalid host-to-webview training message of type "trainingProgress"/.test(e))).toBe(true);
    await w.page.close();
  });
});
