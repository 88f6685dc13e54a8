/**
 * The DAG webview's HTML, as a pure function so that the browser tests load exactly the page the
 * extension shows. Strict CSP: scripts only with this load's nonce; styles, images and the ELK worker
 * script only from the webview's resource origin; the worker itself from a blob: URL.
 */
export interface WebviewPageUris {
  /** `webview.cspSource`: the origin the webview's local resources are served from. */
  cspSource: string;
  script: string;
  style: string;
  worker: string;
}

export function webviewHtml(uris: WebviewPageUris, nonce: string, title = "Causal DAG"): string {
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${uris.cspSource}`,
    `img-src ${uris.cspSource} data:`,
    `font-src ${uris.cspSource}`,
    `connect-src ${uris.cspSource}`,
    "worker-src blob:",
  ].join("; ");
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttr(uris.style)}">
<title>${escapeText(title)}</title>
</head>
<body data-elk-worker="${escapeAttr(uris.worker)}">
<div id="status" role="status" aria-live="polite">Waiting for the model…</div>
<div id="toolbar" role="toolbar" aria-label="DAG view">
<button id="intervene" aria-pressed="false" title="Build a query by clicking nodes: do(…), given, target (shift-click adds evidence)">Intervene</button>
<button id="connect" title="Add an edge from the first to the second selected node (a)">Connect</button>
<button id="zoom-out" title="Zoom out" aria-label="Zoom out">−</button>
<button id="zoom-in" title="Zoom in" aria-label="Zoom in">+</button>
<button id="fit" title="Fit to view (f)">Fit</button>
</div>
<div id="banner" role="alert" hidden></div>
<svg id="dag" role="img" aria-label="Causal graph"></svg>
<div id="tooltip" hidden></div>
<div id="legend" aria-label="Legend"></div>
<section id="query" aria-label="Query" hidden>
<div id="params-status" role="status" hidden></div>
<div id="query-bar" role="toolbar" aria-label="Query bar">
<select id="query-mode" aria-label="Query kind"><option value="intervene">interventional</option><option value="counterfactual">counterfactual</option></select>
<code id="query-text"></code>
<span id="query-chips"></span>
<span class="spacer"></span>
<button id="query-run" title="Run the query in a separate process">Run</button>
<button id="query-cancel" title="Stop the running query" disabled>Cancel</button>
</div>
<div id="query-results" aria-live="polite"><div class="hint">Click a node to set do(…) or make it the target; shift-click adds evidence. Then Run.</div></div>
</section>
<div id="popover" role="dialog" aria-label="Query role" hidden></div>
<script nonce="${nonce}" src="${escapeAttr(uris.script)}"></script>
</body>
</html>`;
}

/** For attribute values in the webview pages (this one and training-html.ts). */
export function escapeAttr(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
}

/** For text content in the webview pages. */
export function escapeText(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;");
}
