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
  return pageHtml({ csp, nonce, style: uris.style, script: uris.script, title, bodyAttributes: ` data-elk-worker="${escapeAttr(uris.worker)}"`, body: `
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
<section id="implications" aria-label="Testable implications" hidden>
<button id="implications-toggle" aria-expanded="false" aria-controls="implications-list">Testable implications</button>
<ul id="implications-list" aria-label="Implied conditional independencies" hidden></ul>
</section>
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
<div id="popover" role="dialog" aria-label="Query role" hidden></div>` });
}

/** For attribute values in the webview pages (this one and training-html.ts). */
/** A panel page: the CSP, one stylesheet, the body, and the one script with this load's nonce. */
export function pageHtml(page: { csp: string; nonce: string; style: string; script: string; title: string; body: string; bodyAttributes?: string }): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${page.csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttr(page.style)}">
<title>${escapeText(page.title)}</title>
</head>
<body${page.bodyAttributes ?? ""}>${page.body}
<script nonce="${page.nonce}" src="${escapeAttr(page.script)}"></script>
</body>
</html>`;
}

/**
 * The CSP of the chart panels (training, diagnostics): scripts only with this load's nonce, styles
 * from the webview's resource origin plus inline (Observable Plot's <style> elements), images from
 * the origin and data: URLs (the PNG export draws an SVG through one).
 */
export function chartPanelCsp(cspSource: string, nonce: string): string {
  return ["default-src 'none'", `script-src 'nonce-${nonce}'`, `style-src ${cspSource} 'unsafe-inline'`, `img-src ${cspSource} data:`, `font-src ${cspSource}`].join("; ");
}

/** What a panel page loads: the webview's resource origin, its script and its stylesheet. */
export interface PanelPageUris {
  cspSource: string;
  script: string;
  style: string;
}

export function escapeAttr(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
}

/** For text content in the webview pages. */
export function escapeText(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;");
}
