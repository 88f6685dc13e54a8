// End-to-end in a real VS Code (code-server) on samples/learn-from-data: the "Train…" CodeLens asks
// for a data file (VS Code's open dialog; data.csv typed as a user would), trains the model in the
// model process, and the training panel draws a loss curve per mechanism and then the fitted-params
// table; the parameters file is written beside the model.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { requireChromium } from "../browser/harness";
import { acceptOpenDialog, requireCodeServer, dagFrame, extensionAndBrowser, openFile, root, shot, workbenchForBlock, type Server } from "./code-server";

const executable = requireChromium();
requireCodeServer();

describe("Train Model… in VS Code (code-server)", () => {
  const env = extensionAndBrowser(executable);
  let server: Server;
  let page: Page;
  workbenchForBlock(() => env, join(root, "samples", "learn-from-data"), true, (s, p) => { server = s; page = p; }, "train-failed");

  it("Train… on model.causal.ts with data.csv: loss curves, then the fitted params with standard errors, and model.params.json written", async () => {
    const written = join(server.workspace, "model.params.json");
    expect(existsSync(written)).toBe(false);
    await openFile(page, "model.causal.ts");
    const lens = page.locator(".contentWidgets .codelens-decoration a", { hasText: "Train…" }).first();
    await lens.waitFor({ timeout: 60_000 });
    await lens.click();
    // The open dialog (VS Code's own, in the browser): type the data file's path and accept it.
    const frame = dagFrame(page);
    await acceptOpenDialog(page, join(server.workspace, "data.csv"), (timeout) => frame.locator("#training-title", { hasText: "on data.csv" }).waitFor({ timeout }));
    await frame.locator("#params-section").waitFor({ state: "visible", timeout: 170_000 });
    await shot(page, "train-done");
    expect(await frame.locator("figure.curve").count()).toBeGreaterThanOrEqual(2);
    expect(await frame.locator('figure.curve svg g[aria-label="line"] path, figure.curve svg circle').count()).toBeGreaterThan(0);
    const rows = await frame.locator("#params tbody tr").allTextContents();
    expect(rows.length).toBeGreaterThan(3);
    // Linear/logistic mechanisms get standard errors: some row ends in a number, not "—".
    expect(rows.some((r) => /\d\.\d{6}$|e-?\d+$/.test(r))).toBe(true);
    expect(rows.some((r) => r.endsWith("—"))).toBe(true); // the mlp's weights have none
    expect(await frame.locator("#training-status").textContent()).toMatch(/^Done: 4,000 rows .* wrote .*model\.params\.json$/);
    expect(existsSync(written)).toBe(true);
    expect(JSON.parse(readFileSync(written, "utf8")).data.rows).toBe(4000);
  });
});
