/**
 * Export the drawing as it looks in the panel: a standalone SVG whose elements carry their computed
 * styles as presentation attributes (the theme's CSS variables resolved; no style attributes, which the
 * CSP blocks), cropped to the drawing, on the panel's background;
 * and a PNG drawn from that SVG through a canvas (at 2x for sharpness).
 */
const STYLE_PROPS = ["fill", "fill-opacity", "stroke", "stroke-width", "stroke-dasharray", "stroke-opacity", "opacity",
  "font-family", "font-size", "font-weight", "font-style", "text-anchor", "dominant-baseline", "visibility", "display"];

export function exportSvg(svg: SVGSVGElement, size: { width: number; height: number }): string {
  const margin = 16;
  const clone = svg.cloneNode(true) as SVGSVGElement;
  // Find the pan/zoom layer and the interaction-only shapes while the clone still has its classes
  // (inlineStyles strips them), and only then drop them: the drawing at its layout coordinates, inside
  // the viewBox below, whatever the view's zoom and pan.
  const viewport = clone.querySelector("g.viewport");
  const interactionOnly = [...clone.querySelectorAll(".hit, .handle, .drag")];
  inlineStyles(svg, clone);
  viewport?.removeAttribute("transform");
  for (const e of interactionOnly) e.remove();
  const width = Math.ceil(size.width + 2 * margin);
  const height = Math.ceil(size.height + 2 * margin);
  clone.setAttribute("xmlns", "http://www.w3.org/2000/svg");
  clone.setAttribute("viewBox", `${-margin} ${-margin} ${width} ${height}`);
  clone.setAttribute("width", String(width));
  clone.setAttribute("height", String(height));
  clone.removeAttribute("style");
  clone.removeAttribute("class");
  const background = document.createElementNS("http://www.w3.org/2000/svg", "rect");
  background.setAttribute("x", String(-margin));
  background.setAttribute("y", String(-margin));
  background.setAttribute("width", String(width));
  background.setAttribute("height", String(height));
  background.setAttribute("fill", getComputedStyle(document.body).backgroundColor || "white");
  clone.insertBefore(background, clone.firstChild);
  return new XMLSerializer().serializeToString(clone);
}

/**
 * Copies the computed styles onto the clone as SVG presentation attributes (fill="…", stroke-width="…"),
 * not as a style="…" attribute: the webview's CSP (style-src without 'unsafe-inline') blocks inline style
 * attributes and reports a securitypolicyviolation for each one set, while presentation attributes are
 * ordinary attributes. Every property in STYLE_PROPS is a presentation attribute; the standalone file has
 * no style sheet, so nothing outranks them there.
 */
function inlineStyles(source: Element, target: Element): void {
  const computed = getComputedStyle(source);
  target.removeAttribute("style");
  for (const p of STYLE_PROPS) {
    const value = computed.getPropertyValue(p);
    if (value) target.setAttribute(p, value);
  }
  target.removeAttribute("class");
  target.removeAttribute("tabindex");
  for (let i = 0; i < source.children.length; i++) inlineStyles(source.children[i], target.children[i]);
}

/** Rasterises an SVG string to a PNG data URL. */
export async function svgToPng(svgText: string, scale = 2): Promise<string> {
  const doc = new DOMParser().parseFromString(svgText, "image/svg+xml");
  const root = doc.documentElement;
  const width = Number(root.getAttribute("width")) || 800;
  const height = Number(root.getAttribute("height")) || 600;
  const img = new Image();
  img.src = `data:image/svg+xml;base64,${btoa(unescape(encodeURIComponent(svgText)))}`;
  await img.decode();
  const canvas = document.createElement("canvas");
  canvas.width = Math.ceil(width * scale);
  canvas.height = Math.ceil(height * scale);
  const ctx = canvas.getContext("2d");
  if (!ctx) throw new Error("this webview has no 2D canvas");
  ctx.scale(scale, scale);
  ctx.drawImage(img, 0, 0, width, height);
  return canvas.toDataURL("image/png");
}
