/**
 * The hover tooltip's text for a node: what a user needs to read the variable without opening the code —
 * its name and whether it is observed or latent, its parents (and hidden common causes), the distribution
 * family its mechanism returns and the values it can take (both read statically by the host,
 * src/core/extract/read-support.ts), its ancestors, descendants and (observed variables only; the host
 * computes it) Markov blanket, then the mechanism's text and any evidence note. Pure: DTOs in, text out.
 */
import type { GraphNodeDto, GraphUpdate, SupportDto } from "../../src/protocol/messages";
import type { Relatives } from "./relatives";

/** Beyond this many names a list is cut ("A, …, H and 4 more"): the tooltip stays a few lines high in a big graph. */
const MAX_NAMES = 8;

export function tooltipText(node: GraphNodeDto, graph: Pick<GraphUpdate, "edges" | "source">, kin: Relatives, note?: string): string {
  const parents = graph.edges.filter((e) => e.kind === "directed" && e.to === node.id).map((e) => e.from);
  const confounded = graph.edges.filter((e) => e.kind === "bidirected" && (e.to === node.id || e.from === node.id))
    .map((e) => (e.from === node.id ? e.to : e.from));
  const lines = [
    `${node.id}: ${node.latent ? "latent (not observed in data)" : "observed"}`,
    `parents: ${parents.length ? parents.join(", ") : "none (exogenous)"}`,
  ];
  if (confounded.length) lines.push(`hidden common cause with: ${confounded.join(", ")}`);
  if (graph.source !== "dagitty") {
    lines.push(`distribution: ${node.distribution ?? "not read statically"}`);
    lines.push(`support: ${node.support ? supportText(node.support) : "not read statically"}`);
  }
  lines.push(namesLine("ancestors", kin.ancestors(node.id)), namesLine("descendants", kin.descendants(node.id)));
  if (node.blanket) lines.push(namesLine("Markov blanket", node.blanket));
  if (node.mechanism) lines.push(node.mechanism);
  if (note) lines.push(note);
  return lines.join("\n");
}

/** E.g. "ancestors (3): A, B, C", "descendants (0): none", "ancestors (12): A, B, C, D, E, F, G, H and 4 more". */
function namesLine(label: string, names: readonly string[]): string {
  const shown = names.length > MAX_NAMES ? `${names.slice(0, MAX_NAMES).join(", ")} and ${names.length - MAX_NAMES} more` : names.join(", ") || "none";
  return `${label} (${names.length}): ${shown}`;
}

/** The support in words, e.g. "0 or 1", "{0, 1, 2}", "integers ≥ 0", "real numbers > 0", "(0, 1)". */
export function supportText(s: SupportDto): string {
  switch (s.kind) {
    case "binary":
      return "0 or 1";
    case "finite":
      return s.values.length <= 8 ? `{${s.values.join(", ")}}` : `{${s.values.slice(0, 6).join(", ")}, …, ${s.values[s.values.length - 1]}} (${s.values.length} values)`;
    case "integer":
      return s.min === undefined ? "integers" : `integers ≥ ${s.min}`;
    case "real": {
      if (s.min !== undefined && s.max !== undefined) return `${s.exclusiveMin ? "(" : "["}${s.min}, ${s.max}${s.exclusiveMax ? ")" : "]"}`;
      if (s.min !== undefined) return `real numbers ${s.exclusiveMin ? ">" : "≥"} ${s.min}`;
      if (s.max !== undefined) return `real numbers ${s.exclusiveMax ? "<" : "≤"} ${s.max}`;
      return "real numbers";
    }
    case "constant":
      return s.value === undefined ? "one value (deterministic)" : `the constant ${s.value}`;
    case "unknown":
      return "not read statically";
    default: {
      const never: never = s;
      return String(never);
    }
  }
}
