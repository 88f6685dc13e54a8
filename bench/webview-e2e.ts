/**
 * Keystroke-to-redrawn-DAG latency in a real VS Code (code-server, test/e2e/code-server.ts), end to end:
 * from the key event in the workbench page, through the editor, the extension host (extraction, the
 * refresh scheduling of src/extension/panel.ts) and the webview message, to the animation frame after
 * the webview's `dag-rendered` event. Both timestamps are performance.timeOrigin + performance.now()
 * in the same browser, so they share one clock. A 50-variable model (bench/webview.ts's generator),
 * with the extension's default settings (the e2e tests' shorter debounce is removed):
 *   text: type "1" into a mechanism's number, then Backspace (no structure change: the layout is reused);
 *   structural: type "x" at the end of the last variable's name, then Backspace (a new node id: ELK runs).
 * Goal (issue 12, item 11): p50 < 100 ms at 50 nodes.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Frame, Page } from "playwright-core";
import { chromiumPath } from "../test/browser/harness";
import { codeServerInstalled, launchBrowser, openFile, openWorkbench, packExtension, removeRun, runCommand, startServer } from "../test/e2e/code-server";
import { modelText } from "./webview";

const EDITS = Number(process.env.BENCH_E2E_EDITS ?? 24);
const N = 50;

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const round = (x: number) => Math.round(x * 10) / 10;

type Clocked = Window & { __keys?: number[]; __drawn?: Array<{ at: number; layoutMs: number }> };

async function dagFrameOf(page: Page): Promise<Frame> {
  for (let i = 0; i < 300; i++) {
    for (const f of page.frames()) {
      if (await f.locator("svg#dag").count().catch(() => 0)) return f;
    }
    await page.waitForTimeout(200);
  }
  throw new Error("the DAG webview's frame did not appear");
}

/** Presses `key` in the editor; resolves with the ms from its keydown to the frame after the next drawing. */
async function timedKey(page: Page, frame: Frame, key: string): Promise<{ ms: number; layoutMs: number }> {
  const before = await frame.evaluate(() => (window as Clocked).__drawn!.length);
  const keys = await page.evaluate(() => (window as Clocked).__keys!.length);
  await page.keyboard.press(key);
  await frame.waitForFunction((n) => (window as Clocked).__drawn!.length > n, before, { timeout: 10_000, polling: 10 });
  const at = await page.evaluate((k) => (window as Clocked).__keys![k], keys);
  const drawn = await frame.evaluate((n) => (window as Clocked).__drawn![n], before);
  // A pause, as between a user's edits, so that each keystroke is measured from a settled state.
  await page.waitForTimeout(350);
  return { ms: drawn.at - at, layoutMs: drawn.layoutMs };
}

async function goTo(page: Page, line: number, column: number): Promise<void> {
  await page.keyboard.press("Control+G");
  await page.locator(".quick-input-widget input").waitFor();
  await page.keyboard.type(`${line}:${column}`);
  await page.keyboard.press("Enter");
  await page.waitForTimeout(200);
}

export async function bench(): Promise<Record<string, unknown>> {
  const executable = chromiumPath();
  if (!executable) return { skipped: "chromium not installed (bash .ci/setup-e2e.sh)" };
  if (!codeServerInstalled()) return { skipped: "code-server not installed in test/e2e (bash .ci/setup-e2e.sh)" };
  const work = mkdtempSync(join(tmpdir(), "cs-bench-e2e-"));
  const folder = join(work, "workspace");
  const text = modelText(N, undefined, 0);
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, "bench.causal.ts"), text);
  const vsix = packExtension(work);
  const browser = await launchBrowser(executable);
  const server = await startServer(vsix, folder, true);
  try {
    // The extension's defaults, not the e2e tests' settings (which shorten the debounce).
    const settingsFile = join(server.run, "udd", "User", "settings.json");
    const settings = JSON.parse(readFileSync(settingsFile, "utf8")) as Record<string, unknown>;
    delete settings["causalStudio.debounceMs"];
    writeFileSync(settingsFile, JSON.stringify(settings, null, 2));
    const page = await openWorkbench(browser, server);
    await openFile(page, "bench.causal.ts");
    await page.locator(".monaco-editor .view-lines", { hasText: "bench" }).first().waitFor({ timeout: 30_000 });
    await runCommand(page, "Causal Studio: Open DAG Beside");
    const frame = await dagFrameOf(page);
    await frame.waitForFunction((n) => document.querySelectorAll("g.node").length === n, N, { timeout: 60_000 });
    await frame.evaluate(() => {
      const w = window as Clocked;
      w.__drawn = [];
      document.addEventListener("dag-rendered", (e) => {
        const layoutMs = (e as CustomEvent<{ layoutMs: number }>).detail?.layoutMs ?? NaN;
        requestAnimationFrame(() => w.__drawn!.push({ at: performance.timeOrigin + performance.now(), layoutMs }));
      });
    });
    await page.evaluate(() => {
      const w = window as Clocked;
      w.__keys = [];
      window.addEventListener("keydown", () => w.__keys!.push(performance.timeOrigin + performance.now()), true);
    });
    const lines = text.split("\n");
    const middle = lines.findIndex((l) => l.includes('.variable("v25"'));
    const lastLine = lines.findIndex((l) => l.includes(`.variable("v${N - 1}"`));
    // text edits: after the "1" of the noise sd, just before the closing "))"
    await page.locator(".monaco-editor .view-lines").first().click({ position: { x: 5, y: 5 } });
    await goTo(page, middle + 1, lines[middle].length - 1);
    const textMs: number[] = [];
    for (let i = 0; i < EDITS + 4; i++) {
      const r = await timedKey(page, frame, i % 2 === 0 ? "1" : "Backspace");
      if (i >= 4) textMs.push(r.ms); // the first few warm the path up
    }
    // structural edits: "x" after the last variable's name (v49 -> v49x), then Backspace
    const nameEnd = lines[lastLine].indexOf(`"v${N - 1}"`) + `"v${N - 1}`.length;
    await goTo(page, lastLine + 1, nameEnd + 1);
    const structuralMs: number[] = [];
    const layouts: number[] = [];
    for (let i = 0; i < EDITS + 4; i++) {
      const r = await timedKey(page, frame, i % 2 === 0 ? "x" : "Backspace");
      if (i >= 4) {
        structuralMs.push(r.ms);
        layouts.push(r.layoutMs);
      }
    }
    const ids = await frame.evaluate(() => [...document.querySelectorAll("g.node")].map((g) => g.getAttribute("data-node-id")));
    if (ids.length !== N || !ids.includes(`v${N - 1}`)) throw new Error(`after the edits the DAG shows ${ids.length} nodes (expected ${N}, with v${N - 1})`);
    const summary = (xs: number[]) => ({ p50_ms: round(quantile(xs, 0.5)), p90_ms: round(quantile(xs, 0.9)), min_ms: round(Math.min(...xs)), max_ms: round(Math.max(...xs)) });
    const text50 = summary(textMs);
    const structural50 = summary(structuralMs);
    return {
      nodes: N, edits_per_kind: EDITS, settings: "extension defaults",
      note: "ms from the keydown in the workbench page to the animation frame after the webview's dag-rendered event (code-server, headless Chromium)",
      text_edit: text50, structural_edit: { ...structural50, webview_layout_p50_ms: round(quantile(layouts, 0.5)) },
      goals: { "text edit p50 < 100 ms at 50 nodes": text50.p50_ms < 100, "structural edit p50 < 100 ms at 50 nodes": structural50.p50_ms < 100 },
    };
  } finally {
    server.stop();
    removeRun(server);
    await browser.close();
    rmSync(work, { recursive: true, force: true });
  }
}
