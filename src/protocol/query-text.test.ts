// The one query renderer: the panel's notation (spaced), the CLI's and identification's (compact),
// counterfactual subscripts, joint queries with their worlds, and a query still being built ("?").
import { describe, expect, it } from "vitest";
import { querySubject, queryText, worldsText } from "./query-text";

const single = (o: Partial<Parameters<typeof queryText>[0] & { kind: "single" }> = {}) =>
  ({ kind: "single" as const, counterfactual: false, do: {}, given: {}, target: "Y", ...o });

describe("queryText", () => {
  it.each<[string, Parameters<typeof queryText>[0], "spaced" | "compact", string]>([
    ["observational", single(), "spaced", "P(Y)"],
    ["do + evidence", single({ do: { X: 1 }, given: { Z: 0 } }), "spaced", "P(Y | do(X = 1), Z = 0)"],
    ["do, compact", single({ do: { X: 1 } }), "compact", "P(Y | do(X=1))"],
    ["counterfactual", single({ counterfactual: true, do: { X: 0 }, given: { X: 1, Y: 1 } }), "spaced", "P(Y_{X = 0} | X = 1, Y = 1)"],
    ["no target yet", single({ target: undefined, do: { X: 1 } }), "spaced", "P(? | do(X = 1))"],
    ["counterfactual without action yet", single({ counterfactual: true, given: { X: 1 } }), "spaced", "P(Y_{?} | X = 1)"],
    ["joint event", { kind: "joint", worlds: { t: { X: 1 }, c: { X: 0 } }, given: {}, event: [{ world: "t", variable: "Y", value: 1 }, { world: "c", variable: "Y", value: 0 }] }, "compact", "P(t.Y=1, c.Y=0)"],
    ["joint mean difference", { kind: "joint", worlds: { t: { X: 1 }, c: { X: 0 } }, given: { X: 1 }, mean: { difference: ["t", "c"], variable: "Y" } }, "compact", "E[t.Y - c.Y | X=1]"],
  ])("%s", (_what, spec, notation, text) => {
    expect(queryText(spec, notation)).toBe(text);
  });

  it("the CLI's subject has no outer P(...); a joint query names its worlds", () => {
    expect(querySubject(single({ do: { X: 1 } }), "compact")).toBe("Y | do(X=1)");
    const harm = { kind: "joint" as const, shortcut: "harm" as const, worlds: { t: { X: 1 }, c: { X: 0 } }, given: {}, event: [] };
    expect(worldsText(harm)).toBe("probability of harm; worlds t: do(X=1); c: do(X=0)");
    expect(worldsText(single())).toBeUndefined();
  });
});
