/**
 * GraphData -> Graphviz dot. Latent nodes are dashed; bidirected edges are dashed with arrowheads at both ends.
 * Every id and label is a quoted string (graphviz.org/doc/info/lang.html): `\"` for a quote, and since
 * labels are escStrings, every backslash doubled (so a name holding `\N` stays text) and line breaks
 * written `\n` / `\r`, never raw. NUL and lone surrogates cannot be carried (C strings, UTF-8): U+FFFD.
 */
import type { GraphData } from "../types";
import { wellFormed } from "./well-formed";

const ESCAPED: Record<string, string> = { "\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r" };

function q(s: string): string {
  return `"${wellFormed(s).replace(/[\\"\n\r]/g, (c) => ESCAPED[c])}"`;
}

export function toDot(data: GraphData): string {
  const lines = ["digraph {"];
  for (const n of data.nodes) {
    const attrs: string[] = [];
    const label = n.attributes?.label;
    if (label !== undefined) attrs.push(`label=${q(label)}`);
    if (n.latent || n.roles?.includes("latent")) attrs.push("style=dashed");
    if (n.roles?.includes("exposure")) attrs.push("color=darkgreen");
    else if (n.roles?.includes("outcome")) attrs.push("color=blue");
    if (n.roles?.includes("adjusted")) attrs.push("shape=box");
    if (n.position) attrs.push(`pos=${q(`${n.position.x},${-n.position.y}!`)}`);
    lines.push(`  ${q(n.id)}${attrs.length ? ` [${attrs.join(", ")}]` : ""};`);
  }
  for (const e of data.edges) {
    const style = e.kind === "bidirected" ? " [dir=both, style=dashed]" : "";
    lines.push(`  ${q(e.from)} -> ${q(e.to)}${style};`);
  }
  lines.push("}");
  return lines.join("\n") + "\n";
}
