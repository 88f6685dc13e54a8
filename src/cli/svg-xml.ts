/**
 * An SVG element as XML text, for the CLI's plot files. linkedom's outerHTML writes HTML, whose
 * attribute values may hold a raw "<" or "&" (a title such as "do(race <- 1 - race)"): valid HTML,
 * but an .svg file is XML and such a file does not open in a browser or an image viewer. This
 * escapes text and attribute values as XML requires (comments are dropped).
 */
const text = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const attribute = (s: string) => text(s).replace(/"/g, "&quot;");

export function svgXml(node: Element): string {
  const out: string[] = [];
  const walk = (n: Node): void => {
    if (n.nodeType === 3) return void out.push(text(n.textContent ?? ""));
    if (n.nodeType !== 1) return;
    const el = n as Element;
    const name = el.localName || el.tagName.toLowerCase(); // linkedom upper-cases tagName; localName keeps SVG's camelCase (clipPath)
    out.push(`<${name}`);
    for (const a of Array.from(el.attributes)) out.push(` ${a.name}="${attribute(a.value)}"`);
    if (!el.childNodes.length) return void out.push("/>");
    out.push(">");
    for (const c of Array.from(el.childNodes)) walk(c);
    out.push(`</${name}>`);
  };
  walk(node);
  return out.join("");
}
