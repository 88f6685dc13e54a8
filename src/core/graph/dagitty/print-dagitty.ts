/**
 * GraphData -> DAGitty text: every node on its own line (with its attributes), then every edge.
 * parseDagitty(printDagitty(g)) gives back g's nodes, roles, latency, positions, attributes and
 * edges (source ranges aside), whatever the names hold: a name that is not a plain identifier
 * (or is a graph keyword) is quoted, with quotes, backslashes and line breaks escaped.
 */
import type { GraphData, GraphNode } from "../types";
import { isPlainId } from "./lexer";
import { GRAPH_TYPES } from "./parse-ast";

export function quoteId(id: string): string {
  return isPlainId(id) && !GRAPH_TYPES.includes(id.toLowerCase()) ? id : quoteValue(id);
}

const ESCAPED: Record<string, string> = { "\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/** A quoted DAGitty string on one line: backslash, quote, line break, return and tab escaped (see lexer.ts). */
export function quoteValue(v: string): string {
  return `"${v.replace(/[\\"\n\r\t]/g, (c) => ESCAPED[c])}"`;
}

export function nodeAttributeText(n: GraphNode): string {
  const parts: string[] = [];
  for (const role of n.roles ?? []) if (role !== "latent") parts.push(role);
  if (n.latent || n.roles?.includes("latent")) parts.push("latent");
  if (n.position) parts.push(`pos=${quoteValue(`${n.position.x},${n.position.y}`)}`);
  for (const [k, v] of Object.entries(n.attributes ?? {})) parts.push(`${quoteId(k)}=${quoteValue(v)}`);
  return parts.length > 0 ? ` [${parts.join(",")}]` : "";
}

export function printDagitty(data: GraphData): string {
  const lines = ["dag {"];
  for (const n of data.nodes) lines.push(`  ${quoteId(n.id)}${nodeAttributeText(n)}`);
  for (const e of data.edges) lines.push(`  ${quoteId(e.from)} ${e.kind === "directed" ? "->" : "<->"} ${quoteId(e.to)}`);
  lines.push("}");
  return lines.join("\n") + "\n";
}
