/**
 * GraphData -> lavaan model syntax (a linear SEM to fit in R with lavaan::sem): a latent node with
 * observed children is measured by them (`L =~ a + b`), every other arrow is a regression
 * (`y ~ x + z`), and a <-> edge a residual covariance (`a ~~ b`). lavaan names cannot be quoted, so a
 * variable whose name is not an R name (a letter or ".", then letters, digits, "." and "_") is
 * refused by name; so is a latent with no observed child (lavaan cannot identify it).
 */
import { CausalError, error } from "../../errors/diagnostic";
import type { GraphData } from "../types";

const R_NAME = /^(?:[A-Za-z]|\.(?![0-9]))[A-Za-z0-9._]*$/;

export function toLavaan(data: GraphData): string {
  const bad = data.nodes.find((n) => !R_NAME.test(n.id));
  if (bad) throw new CausalError(error("invalid-argument", `"${bad.id}" is not a name lavaan can read (a letter or ".", then letters, digits, "." and "_"): rename it to export the model to lavaan`, bad.range));
  const latent = new Set(data.nodes.filter((n) => n.latent || n.roles?.includes("latent")).map((n) => n.id));
  const directed = data.edges.filter((e) => e.kind === "directed");
  const measured = new Map<string, string[]>();
  const regressions = new Map<string, string[]>();
  for (const e of directed) {
    if (latent.has(e.from) && !latent.has(e.to)) measured.set(e.from, [...(measured.get(e.from) ?? []), e.to]);
    else regressions.set(e.to, [...(regressions.get(e.to) ?? []), e.from]);
  }
  const unmeasured = [...latent].find((l) => !measured.has(l));
  if (unmeasured) {
    const node = data.nodes.find((n) => n.id === unmeasured);
    throw new CausalError(error("invalid-argument", `latent "${unmeasured}" has no observed child, so lavaan cannot measure it: give it an observed indicator or drop the latent mark`, node?.range));
  }
  const lines = ["# lavaan model syntax (structural part), for lavaan::sem(model, data)"];
  const order = data.nodes.map((n) => n.id);
  const section = (title: string, rows: string[]) => { if (rows.length) lines.push(`# ${title}`, ...rows); };
  section("latent variables, measured by their observed children", order.filter((v) => measured.has(v)).map((v) => `${v} =~ ${measured.get(v)!.join(" + ")}`));
  section("regressions", order.filter((v) => regressions.has(v)).map((v) => `${v} ~ ${regressions.get(v)!.join(" + ")}`));
  section("hidden common causes (residual covariances)", data.edges.filter((e) => e.kind === "bidirected").map((e) => `${e.from} ~~ ${e.to}`));
  return lines.join("\n") + "\n";
}
