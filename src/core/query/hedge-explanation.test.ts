// The hedge in words (issue 12, item 5): a not-identified query names the unobserved causes behind
// its hedge, read from the graph (latents reaching two of the hedge's nodes through latents only,
// bidirected arcs), and says the answer comes from the model of those latents.
import { describe, expect, it } from "vitest";
import { CausalGraph } from "../graph/causal-graph";
import type { GraphData } from "../graph/types";
import { explainHedge, hiddenCauses, identifyQuery } from "./identify-query";
import type { QuerySpec } from "./query-spec";

const graph = (edges: string, latent: string[] = []): GraphData => {
  const pairs = edges.split(",").map((e) => e.trim().split(/(->|<->)/).map((s) => s.trim()));
  const ids = [...new Set(pairs.flatMap(([a, , b]) => [a, b]))];
  return {
    nodes: ids.map((id) => ({ id, ...(latent.includes(id) ? { latent: true } : {}) })),
    edges: pairs.map(([from, arrow, to]) => ({ from, to, kind: arrow === "->" ? ("directed" as const) : ("bidirected" as const) })),
  };
};
const doQ = (d: Record<string, number>, target: string): QuerySpec => ({ kind: "single", counterfactual: false, do: d, given: {}, target });

describe("the hedge in words", () => {
  it("education and wage confounded by ability: names ability and what it affects, and says the answer comes from its model", () => {
    const g = graph("ability -> education, ability -> wage, ability -> experience, experience -> wage, education -> wage", ["ability"]);
    const r = identifyQuery(g, doQ({ education: 16 }, "wage"));
    expect(r.status).toBe("not-identified");
    if (r.status !== "not-identified") return;
    expect(r.explanation).toBe("From observational data alone this effect is not identified: ability is unobserved and affects both education and wage. The answer shown comes from your model of ability.");
    // ability also affects experience, which is in the hedge; the words name the query's own variables.
    expect(r.hiddenCauses).toEqual([{ latent: "ability", affects: ["education", "wage", "experience"] }]);
    expect(r.explanation).not.toMatch(/functional form|hedge|c-forest/);
    expect(r.reason).toMatch(/hedge F = \{/); // the formal statement is still there, for the details
  });

  it("two latents, a chain of latents and an unnamed two-headed arc", () => {
    // x -> m -> y with u: x <-> m and v: m <-> y: not identified (F = {x, m, y}, F' = {m, y}).
    const two = identifyQuery(graph("u -> x, u -> m, v -> m, v -> y, x -> m, m -> y", ["u", "v"]), doQ({ x: 1 }, "y"));
    expect(two).toMatchObject({ status: "not-identified", hiddenCauses: [{ latent: "u", affects: ["x", "m"] }, { latent: "v", affects: ["m", "y"] }] });
    if (two.status === "not-identified") expect(two.explanation).toBe("From observational data alone this effect is not identified: u is unobserved and affects both x and m; v is unobserved and affects both m and y. The answer shown comes from your model of u and v.");
    const chain = graph("l1 -> l2, l2 -> x, l2 -> y, x -> y", ["l1", "l2"]);
    expect(hiddenCauses(CausalGraph.from(chain), ["x", "y"])).toEqual([{ latent: "l2", affects: ["x", "y"] }]);
    const arc = identifyQuery(graph("x -> y, x <-> y"), doQ({ x: 1 }, "y"));
    expect(arc.status).toBe("not-identified");
    if (arc.status === "not-identified") expect(arc.explanation).toBe("From observational data alone this effect is not identified: x and y share a hidden common cause (a two-headed arc in the graph). Only a model of that hidden cause can answer it: declare it as a .latent(...) variable with its mechanism.");
    expect(explainHedge([])).toMatch(/^From observational data alone this effect is not identified: /);
  });

  it("an identified query (front-door) has no such words", () => {
    const r = identifyQuery(graph("genotype -> smoking, genotype -> cancer, smoking -> tar, tar -> cancer", ["genotype"]), doQ({ smoking: 0 }, "cancer"));
    expect(r.status).toBe("identified");
  });
});
