/**
 * The diagnostics panel's HTML, a pure function (the browser tests load exactly this page). Same CSP
 * as the training panel: scripts only with this load's nonce, styles from the webview's resource
 * origin (plus inline, which Observable Plot's <style> elements need), images from data: URLs (the
 * PNG export draws the plot's SVG through one). The script (dist/webview/diagnostics.js, from
 * webview/diagnostics/main.ts) fills #diag-header, #diag-progress, #diag-status and #groups.
 */
import { chartPanelCsp, type PanelPageUris, pageHtml } from "./webview-html";

export type DiagnosticsPageUris = PanelPageUris;

export function diagnosticsHtml(uris: DiagnosticsPageUris, nonce: string, title = "Diagnostics"): string {
  return pageHtml({ csp: chartPanelCsp(uris.cspSource, nonce), nonce, style: uris.style, script: uris.script, title, body: `
<header id="diag-header">
<h2 id="diag-title">Diagnostics</h2>
<div id="diag-summary" hidden>
<span id="diag-verdict" class="badge" role="status"></span>
<span id="diag-counts"></span>
<span id="diag-meta"></span>
</div>
</header>
<section id="diag-progress" hidden aria-label="Diagnosis progress">
<progress id="diag-bar" max="1" value="0"></progress>
<span id="diag-check" aria-live="polite"></span>
<button id="diag-cancel" title="Stop the diagnosis (the model process ends the job)">Cancel</button>
</section>
<div id="diag-status" role="status" aria-live="polite">Waiting for a diagnosis to start…</div>
<main id="groups"></main>` });
}
