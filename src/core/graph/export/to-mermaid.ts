/**
 * GraphData -> Mermaid flowchart (TD). Node ids are replaced by n0, n1, ... so any name is safe;
 * the name is the label. Latent nodes get a dashed class; bidirected edges are dotted <-.->.
 */
import type { GraphData } from "../types";
import { wellFormed } from "./well-formed";

/**
 * A quoted label. Mermaid's entity codes (mermaid.js.org/syntax/flowchart.html#entity-codes-to-escape-characters)
 * carry everything else: `#quot;` for a quote and `#<decimal>;` for any character that is not a letter,
 * digit, space or harmless punctuation (line breaks, `#`, `;`, brackets, `<`, backticks, ...).
 */
function label(s: string): string {
  const safe = /^[\p{L}\p{M}\p{N} _.,:!?()+*\/=~'@$%^-]$/u;
  return `"${[...wellFormed(s)].map((c) => (c === '"' ? "#quot;" : safe.test(c) ? c : `#${c.codePointAt(0)};`)).join("")}"`;
}

export function toMermaid(data: GraphData): string {
  const ids = new Map<string, string>();
  const idOf = (name: string): string => {
    let id = ids.get(name);
    if (!id) {
      id = `n${ids.size}`;
      ids.set(name, id);
    }
    return id;
  };
  const lines = ["flowchart TD"];
  const latent: string[] = [];
  for (const n of data.nodes) {
    lines.push(`  ${idOf(n.id)}[${label(n.attributes?.label ?? n.id)}]`);
    if (n.latent || n.roles?.includes("latent")) latent.push(idOf(n.id));
  }
  for (const e of data.edges) {
    lines.push(`  ${idOf(e.from)} ${e.kind === "bidirected" ? "<-.->" : "-->"} ${idOf(e.to)}`);
  }
  if (latent.length > 0) {
    lines.push("  classDef latent stroke-dasharray: 5 5");
    lines.push(`  class ${latent.join(",")} latent`);
  }
  return lines.join("\n") + "\n";
}
