/**
 * The HTML overlays around the drawing: the error banner (the drawing underneath stays the last good
 * one), the status line, the hover tooltip with the mechanism text, and the legend.
 */
export function showBanner(banner: HTMLElement, messages: string[]): void {
  banner.replaceChildren(...messages.slice(0, 5).map((m) => Object.assign(document.createElement("div"), { textContent: m })));
  if (messages.length > 5) banner.append(Object.assign(document.createElement("div"), { textContent: `…and ${messages.length - 5} more` }));
  banner.hidden = messages.length === 0;
}

/** The status line; where it is too long for its room it ends in "…", and its tooltip (title) holds the whole text. */
export function showStatus(status: HTMLElement, text: string): void {
  status.textContent = text;
  status.title = text;
}

/** Narrower than this beside the toolbar, the status line moves under it (full width) instead. */
const MIN_STATUS_WIDTH = 160;

/**
 * Keeps the status line clear of the toolbar (whose width depends on its buttons and the font): its
 * right edge stops short of the toolbar's left edge, or, in a narrow panel, it takes its own line under
 * the toolbar. (CSSOM writes, which the webview's CSP allows, unlike inline style attributes.)
 */
export function placeStatus(status: HTMLElement, toolbar: HTMLElement | null): void {
  if (!toolbar) return;
  const page = document.documentElement.clientWidth;
  const bar = toolbar.getBoundingClientRect();
  const left = status.offsetLeft;
  const beside = bar.left - 10 - left;
  if (beside >= MIN_STATUS_WIDTH) {
    status.style.right = `${Math.ceil(page - bar.left + 10)}px`;
    status.style.top = "";
  } else {
    status.style.right = "10px";
    status.style.top = `${Math.ceil(bar.bottom + 4)}px`;
  }
}

export function showTooltip(tip: HTMLElement, text: string | undefined, x: number, y: number): void {
  if (!text) {
    tip.hidden = true;
    return;
  }
  tip.textContent = text;
  tip.hidden = false;
  // Keep the tooltip inside the panel: flip to the other side of the pointer near the edges.
  const { width, height } = tip.getBoundingClientRect();
  tip.style.left = `${x + 12 + width > window.innerWidth ? Math.max(0, x - 12 - width) : x + 12}px`;
  tip.style.top = `${y + 12 + height > window.innerHeight ? Math.max(0, y - 12 - height) : y + 12}px`;
}

const LEGEND: [string, string][] = [
  ["node", "observed variable"],
  ["node latent", "latent variable"],
  ["edge directed", "direct cause"],
  ["edge bidirected", "hidden common cause"],
  ["node exposure", "exposure"],
  ["node outcome", "outcome"],
  ["node adjusted", "adjusted for"],
  ["node intervened query-only", "do(…): incoming edges cut"],
  ["node evidence query-only", "evidence (given)"],
  ["node target query-only", "query target"],
  ["node hedge query-only", "hedge: effect not identified from data"],
];

/** Draws the legend's rows under a small toggle button; returns the button (see legend.ts). */
export function drawLegend(legend: HTMLElement): HTMLButtonElement {
  const toggle = document.createElement("button");
  toggle.id = "legend-toggle";
  toggle.className = "legend-toggle";
  toggle.textContent = "Legend";
  toggle.setAttribute("aria-controls", "legend-rows");
  const rows = document.createElement("div");
  rows.id = "legend-rows";
  rows.className = "legend-rows";
  rows.append(
    ...LEGEND.map(([cls, label]) => {
      const row = document.createElement("div");
      row.className = `legend-row${cls.includes("query-only") ? " query-only" : ""}`;
      const swatch = document.createElement("span");
      swatch.className = `swatch ${cls}`;
      row.append(swatch, document.createTextNode(label));
      return row;
    }),
  );
  legend.replaceChildren(toggle, rows);
  return toggle;
}
