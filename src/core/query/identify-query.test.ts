// identifyQuery on graphs whose answers are textbook facts: back-door (confounder Z), front-door
// (Pearl's smoking/tar/cancer), the bow arc (not identified: the smallest hedge), IDC's rule-2
// move of evidence into the intervention, and counterfactual / latent / observational queries.
import { describe, expect, it } from "vitest";
import type { GraphData } from "../graph/types";
import { queryText } from "../../protocol/query-text";
import { identifyQuery } from "./identify-query";
import type { QuerySpec } from "./query-spec";

const dag = (edges: string, latent: string[] = []): GraphData => {
  const pairs = edges.split(",").map((e) => e.trim().split("->").map((s) => s.trim()));
  const ids = [...new Set(pairs.flat())];
  return { nodes: ids.map((id) => ({ id, ...(latent.includes(id) ? { latent: true } : {}) })), edges: pairs.map(([from, to]) => ({ from, to, kind: "directed" as const })) };
};
const q = (d: Record<string, number>, target: string, given: Record<string, number> = {}, counterfactual = false): QuerySpec => ({ kind: "single", counterfactual, do: d, given, target });

describe("identifyQuery", () => {
  it("back-door: adjusts for the confounder", () => {
    const r = identifyQuery(dag("Z -> X, Z -> Y, X -> Y"), q({ X: 1 }, "Y"));
    expect(r).toMatchObject({ status: "identified", adjustmentSet: ["Z"] });
    expect(queryText(q({ X: 1 }, "Y"), "compact")).toBe("P(Y | do(X=1))"); // the estimand, as identification prints it

    if (r.status === "identified") expect(r.formula.text).toMatch(/Z/);
  });

  it("front-door: identified through tar, with no adjustment set", () => {
    const r = identifyQuery(dag("genotype -> smoking, genotype -> cancer, smoking -> tar, tar -> cancer", ["genotype"]), q({ smoking: 0 }, "cancer"));
    expect(r.status).toBe("identified");
    if (r.status !== "identified") return;
    expect(r.adjustmentSet).toBeUndefined();
    expect(r.formula.text).toMatch(/tar/);
    expect(r.formula.text).not.toMatch(/genotype/);
  });

  it("bow arc: not identified, with the hedge", () => {
    const r = identifyQuery(dag("U -> X, U -> Y, X -> Y", ["U"]), q({ X: 1 }, "Y"));
    expect(r.status).toBe("not-identified");
    if (r.status !== "not-identified") return;
    expect(new Set([...r.hedge.f, ...r.hedge.fPrime])).toEqual(new Set(["X", "Y"]));
    expect(r.reason).toMatch(/not identifiable/);
  });

  it("IDC: evidence d-separated from the outcome once cut becomes part of the intervention", () => {
    const r = identifyQuery(dag("Z -> X, X -> Y"), q({ X: 1 }, "Y", { Z: 0 }));
    expect(r).toMatchObject({ status: "identified", note: expect.stringMatching(/evidence on Z acts as an intervention/) });
  });

  it("IDC: evidence on a child of the outcome stays evidence: a normalised joint", () => {
    const r = identifyQuery(dag("X -> Y, Y -> W"), q({ X: 1 }, "Y", { W: 1 }));
    expect(r.status).toBe("identified");
    if (r.status !== "identified") return;
    expect(r.formula.text).toMatch(/^\[.*\] \/ Σ_\{Y\} \[.*\]$/);
    expect(r.note).toMatch(/P\(Y, W \| do\(X\)\) normalised over Y/);
  });

  it("counterfactual queries depend on the mechanisms' functional form", () => {
    const r = identifyQuery(dag("X -> Y"), q({ X: 0 }, "Y", { X: 1, Y: 1 }, true));
    expect(r).toMatchObject({ status: "counterfactual", reason: expect.stringMatching(/functional form/) });
    const joint = identifyQuery(dag("X -> Y"), { kind: "joint", worlds: { t: { X: 1 }, c: { X: 0 } }, given: {}, event: [] });
    expect(joint.status).toBe("counterfactual");
  });

  it("latent targets and unknown names are not applicable; no do is the observational conditional", () => {
    expect(identifyQuery(dag("U -> X, X -> Y", ["U"]), q({ X: 1 }, "U"))).toMatchObject({ status: "not-applicable", reason: expect.stringMatching(/"U" is latent/) });
    expect(identifyQuery(dag("X -> Y"), q({ Q: 1 }, "Y")).status).toBe("not-applicable");
    expect(identifyQuery(dag("X -> Y"), q({}, "Y", { X: 1 }))).toMatchObject({ status: "identified", formula: { text: "P(Y | X)" } });
  });
});
