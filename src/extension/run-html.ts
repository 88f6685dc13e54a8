/**
 * The run panel's HTML ("Causal Studio: Run Script"), a pure function (the browser tests load exactly
 * this page). The chart panels' CSP (webview-html.ts): scripts only with this load's nonce, styles
 * from the resource origin plus inline (Observable Plot's <style> elements). The script
 * (dist/webview/run.js, from webview/figures/main.ts) fills #run-header, #run-output and #figures.
 */
import { chartPanelCsp, type PanelPageUris, pageHtml } from "./webview-html";

export function runHtml(uris: PanelPageUris, nonce: string, title = "Run"): string {
  return pageHtml({ csp: chartPanelCsp(uris.cspSource, nonce), nonce, style: uris.style, script: uris.script, title, body: `
<header id="run-header">
<h2 id="run-title">Run Script</h2>
<div id="run-meta"><span id="run-state" class="badge" role="status">idle</span> <code id="run-command"></code> <button id="run-cancel" title="Stop the script (its process is killed)" hidden>Cancel</button></div>
</header>
<div id="run-status" role="status" aria-live="polite">Run a script with "Causal Studio: Run Script" (a .ts file exporting main).</div>
<details id="run-output-box" open><summary>Output</summary><pre id="run-output" aria-label="Script output"></pre></details>
<main id="figures" aria-label="Figures"></main>` });
}
