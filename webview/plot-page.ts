/**
 * What the plot panels' pages share (the diagnostics panel and the run panel): the plot colours of
 * the current VS Code theme, read from its CSS variables at drawing time, a redraw when the theme or
 * the width changes, a drawn plot as a standalone SVG file for export (computed styles inlined, the
 * theme's background behind), and `el`, the pages' element builder.
 */
import type { PlotTheme } from "./diagnostics/figure";

function css(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}

/** The plot colours of the current VS Code theme (high contrast: its foreground for muted lines too). */
export function currentTheme(): PlotTheme {
  const dark = document.body.classList.contains("vscode-dark") || document.body.classList.contains("vscode-high-contrast");
  const fg = css("--vscode-editor-foreground", dark ? "#d4d4d4" : "#1f1f1f");
  const hc = document.body.classList.contains("vscode-high-contrast") || document.body.classList.contains("vscode-high-contrast-light");
  return {
    background: css("--vscode-editor-background", dark ? "#1e1e1e" : "#ffffff"),
    foreground: fg,
    muted: hc ? fg : css("--vscode-descriptionForeground", dark ? "#9d9d9d" : "#717171"),
    pass: css("--vscode-charts-green", dark ? "#89d185" : "#388a34"),
    warn: css("--vscode-charts-yellow", dark ? "#cca700" : "#bf8803"),
    fail: css("--vscode-charts-red", dark ? "#f14c4c" : "#e51400"),
    primary: css("--vscode-charts-blue", dark ? "#3794ff" : "#1a85ff"),
    secondary: css("--vscode-charts-orange", "#d18616"),
    fontFamily: css("--vscode-font-family", "system-ui, sans-serif"),
  };
}

const INLINED = ["fill", "fill-opacity", "stroke", "stroke-width", "stroke-opacity", "stroke-dasharray", "stroke-linecap", "stroke-linejoin", "opacity", "font-family", "font-size", "font-weight", "font-variant", "text-anchor", "dominant-baseline", "white-space", "paint-order"];

/** The plot's SVG as a standalone file: computed styles inlined (currentColor and CSS resolved), the theme's background behind. */
export function serialisePlot(svg: SVGSVGElement, background: string): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const from = [svg, ...svg.querySelectorAll("*")], to = [clone, ...clone.querySelectorAll("*")];
  from.forEach((src, i) => {
    const dst = to[i] as SVGElement;
    if (src.tagName.toLowerCase() === "style" || src.tagName.toLowerCase() === "title") return;
    const cs = getComputedStyle(src);
    const decl = INLINED.map((p) => [p, cs.getPropertyValue(p)] as const).filter(([, v]) => v !== "").map(([p, v]) => `${p}:${v}`).join(";");
    if (decl) dst.setAttribute("style", decl);
  });
  clone.querySelector("rect.background")?.remove();
  const bg = document.createElementNS("http://www.w3.org/2000/svg", "rect");
  bg.setAttribute("class", "background");
  for (const [k, v] of [["x", "0"], ["y", "0"], ["width", svg.getAttribute("width") ?? "100%"], ["height", svg.getAttribute("height") ?? "100%"], ["fill", background]]) bg.setAttribute(k, v);
  clone.insertBefore(bg, clone.querySelector(":scope > title")?.nextSibling ?? clone.firstChild);
  clone.setAttribute("xmlns", "http://www.w3.org/2000/svg");
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(clone)}\n`;
}

/** An element with a class, text, attributes and children. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: { className?: string; text?: string; attrs?: Record<string, string> } = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (props.className) e.className = props.className;
  if (props.text !== undefined) e.textContent = props.text;
  for (const [k, v] of Object.entries(props.attrs ?? {})) e.setAttribute(k, v);
  e.append(...children);
  return e;
}

/** Calls `redraw` (a scheduler: it coalesces) on a resize and when VS Code switches themes, which it does by changing <body>'s class and <html>'s style (the --vscode-* variables). */
export function redrawOnThemeOrResize(redraw: () => void): void {
  window.addEventListener("resize", redraw);
  const observer = new MutationObserver(redraw);
  observer.observe(document.body, { attributes: true, attributeFilter: ["class"] });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ["style", "class"] });
}
