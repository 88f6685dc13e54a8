/**
 * The training panel's HTML, a pure function (the browser tests load exactly this page). Same CSP
 * as the DAG panel: scripts only with this load's nonce, styles from the webview's resource origin.
 * Observable Plot draws into #curves; #params gets the fitted-params table at the end.
 */
import { chartPanelCsp, type PanelPageUris, pageHtml } from "./webview-html";

export type TrainingPageUris = PanelPageUris;

export function trainingHtml(uris: TrainingPageUris, nonce: string, title = "Training"): string {
  return pageHtml({ csp: chartPanelCsp(uris.cspSource, nonce), nonce, style: uris.style, script: uris.script, title, body: `
<header id="training-header">
<h2 id="training-title">Training</h2>
<span id="training-rate" aria-live="polite"></span>
<span class="spacer"></span>
<button id="training-stop" title="Stop after the current step and keep what was learned" disabled>Stop</button>
<button id="training-kill" title="Kill the model process (the last checkpoint is kept)" disabled>Kill</button>
</header>
<div id="training-status" role="status" aria-live="polite">Waiting for training to start…</div>
<div id="curves" aria-label="Loss per mechanism"></div>
<section id="params-section" hidden>
<h3>Fitted parameters</h3>
<table id="params"><thead><tr><th>param</th><th>value</th><th>standard error</th></tr></thead><tbody></tbody></table>
<table id="mechanisms"><thead><tr><th>mechanism</th><th>method</th><th>final loss</th><th>steps</th></tr></thead><tbody></tbody></table>
</section>` });
}
