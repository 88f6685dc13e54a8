/**
 * GraphData -> a bnlearn model string (`[a][b|a][c|a:b]`, read by bnlearn::model2network): one
 * bracket per node with its parents after `|`, joined by `:`. A model string holds a DAG only, so a
 * <-> edge or a latent node is refused by name, as is a name holding one of the string's
 * delimiters `[ ] | :`.
 */
import { CausalError, error } from "../../errors/diagnostic";
import type { GraphData } from "../types";

export function toBnlearn(data: GraphData): string {
  const bi = data.edges.find((e) => e.kind === "bidirected");
  if (bi) throw new CausalError(error("invalid-argument", `a bnlearn model string holds a DAG only: "${bi.from} <-> ${bi.to}" cannot be written (make the hidden common cause an explicit node)`, bi.range));
  const latent = data.nodes.find((n) => n.latent || n.roles?.includes("latent"));
  if (latent) throw new CausalError(error("invalid-argument", `a bnlearn network has no latent nodes: "${latent.id}" is marked latent`, latent.range));
  const bad = data.nodes.find((n) => /[[\]|:\s]/.test(n.id) || !n.id);
  if (bad) throw new CausalError(error("invalid-argument", `"${bad.id}" holds a character a model string cannot carry ([ ] | : or a space): rename it to export to bnlearn`, bad.range));
  const parents = new Map(data.nodes.map((n) => [n.id, [] as string[]]));
  for (const e of data.edges) parents.get(e.to)!.push(e.from);
  return data.nodes.map((n) => `[${n.id}${parents.get(n.id)!.length ? `|${parents.get(n.id)!.join(":")}` : ""}]`).join("") + "\n";
}
