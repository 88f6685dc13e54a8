import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../errors/diagnostic";
import { cycleIfAdded, moveDeclarationEdits, reviseLaterParentNotes } from "./declaration-order";
import { moveThenAddEdits, parentEdits } from "./edit-parents";
import { extractModels } from "./extract-models";
import { applyTextEdits } from "./text-edits";

const model = (text: string) => extractModels(text).models[0];
const order = (text: string) => model(text).variables.map((v) => v.name);
const edges = (text: string) => model(text).graph.edges.map((e) => `${e.from}->${e.to}`).sort();
const mechanisms = (text: string) => Object.fromEntries(model(text).variables.map((v) => [v.name, v.mechanismText]));

describe("moveDeclarationEdits", () => {
  it("moves a later parent above the child, keeping its text and comment", () => {
    const text = `scm("m")\n  .variable("a", () => normal(0, 1))\n  .variable("c", ({ a }) => normal(a, 1))\n  // b is exogenous\n  .variable("b", () => normal(0, 1));\n`;
    const edits = moveDeclarationEdits(text, model(text), "b", "c");
    if (!Array.isArray(edits)) throw new Error(edits.message);
    expect(edits).toHaveLength(1);
    const after = applyTextEdits(text, edits);
    expect(after).toBe(`scm("m")\n  .variable("a", () => normal(0, 1))\n  // b is exogenous\n  .variable("b", () => normal(0, 1))\n  .variable("c", ({ a }) => normal(a, 1));\n`);
  });

  it("moves the parent's own ancestors declared after the child with it, in their order (a topological reorder)", () => {
    const text = `scm("m").variable("a", () => normal(0, 1)).variable("c", ({ a }) => normal(a, 1)).variable("x", () => normal(0, 1)).variable("d", () => normal(0, 1)).variable("b", ({ d, a }) => normal(d + a, 1))`;
    const after = applyTextEdits(text, moveDeclarationEdits(text, model(text), "b", "c") as never);
    expect(order(after)).toEqual(["a", "d", "b", "c", "x"]);
    expect(edges(after)).toEqual(edges(text));
    expect(extractModels(after).diagnostics).toEqual([]);
  });

  it("refuses a move that cannot help because the edge closes a cycle, naming the cycle", () => {
    const text = `scm("m").variable("tar", () => bernoulli(0.5)).variable("cancer", ({ tar }) => bernoulli(tar ? 0.9 : 0.1)).variable("smoking", ({ cancer }) => bernoulli(cancer ? 0.9 : 0.1))`;
    expect(cycleIfAdded(model(text), "smoking", "tar")).toEqual(["tar", "cancer", "smoking"]);
    const d = moveDeclarationEdits(text, model(text), "smoking", "tar") as Diagnostic;
    expect(d.code).toBe("cycle");
    expect(d.message).toContain("adding smoking → tar would create a cycle tar → cancer → smoking → tar");
    // The panel's refusal of the edge itself says so too, and never suggests the move.
    const refused = parentEdits(text, model(text), { op: "add", parent: "smoking", child: "tar" }) as Diagnostic;
    expect(refused.message).toBe("adding smoking → tar would create a cycle tar → cancer → smoking → tar");
    expect(refused.notes ?? []).toEqual([]);
  });

  it("refuses to move a mechanism above a .param(...) step it may read", () => {
    const text = `scm("m").variable("c", () => normal(0, 1)).param("mu", 0).variable("b", (_, p) => normal(p.mu, 1))`;
    const d = moveDeclarationEdits(text, model(text), "b", "c") as Diagnostic;
    expect(d.message).toContain(".param(...) step lies between them");
  });

  it("moveThenAddEdits makes the refused legal edge in one edit", () => {
    const text = `scm("m").variable("smoking", () => bernoulli(0.5)).variable("genotype", () => bernoulli(0.5))`;
    const refused = parentEdits(text, model(text), { op: "add", parent: "genotype", child: "smoking" }) as Diagnostic;
    expect(refused.code).toBe("parent-declared-later");
    expect(refused.notes?.[0]).toBe(`move the declaration of "genotype" above "smoking", then add the edge again`);
    const edits = moveThenAddEdits(text, model(text), { parent: "genotype", child: "smoking" });
    if (!Array.isArray(edits)) throw new Error(edits.message);
    expect(edits).toHaveLength(1);
    expect(applyTextEdits(text, edits)).toBe(`scm("m").variable("genotype", () => bernoulli(0.5)).variable("smoking", ({ genotype }) => bernoulli(0.5))`);
  });
});

describe("moveThenAddEdits (property)", () => {
  // Random chains (variable i reads a subset of 0..i-1); for a pair parent p declared after child c,
  // an independent reachability search says whether c reaches p (then p -> c closes a cycle and must be
  // refused); otherwise the edit must give exactly the old edges plus p -> c, the same variables and
  // mechanisms, a chain order that declares every parent before its child, and no new diagnostics.
  const arb = fc.integer({ min: 2, max: 8 }).chain((n) =>
    fc.record({
      reads: fc.tuple(...Array.from({ length: n }, (_, i) => fc.subarray(Array.from({ length: i }, (_, j) => j)))),
      pick: fc.tuple(fc.nat(), fc.nat()),
    }),
  );
  const render = (reads: number[][]) =>
    `scm("p")\n` + reads.map((ps, i) => `  .variable("v${i}", ${ps.length ? `({ ${ps.map((j) => `v${j}`).join(", ")} })` : "()"} => normal(${ps.map((j) => `v${j}`).join(" + ") || "0"}, 1))`).join("\n") + ";\n";
  const reaches = (reads: number[][], from: number, to: number): boolean => {
    const seen = new Set([from]);
    const queue = [from];
    while (queue.length) {
      const x = queue.shift()!;
      if (x === to) return true;
      reads.forEach((ps, i) => { if (ps.includes(x) && !seen.has(i)) (seen.add(i), queue.push(i)); });
    }
    return false;
  };

  it("adds exactly the edge, or refuses a cycle", () => {
    let moved = 0;
    let cycles = 0;
    fc.assert(
      fc.property(arb, ({ reads, pick }) => {
        const r = reads as number[][];
        const n = r.length;
        const c = pick[0] % (n - 1);
        const p = c + 1 + (pick[1] % (n - 1 - c));
        const text = render(r);
        const result = moveThenAddEdits(text, model(text), { parent: `v${p}`, child: `v${c}` });
        if (reaches(r, c, p)) {
          cycles++;
          expect((result as Diagnostic).code).toBe("cycle");
          return;
        }
        moved++;
        if (!Array.isArray(result)) throw new Error(result.message);
        const after = applyTextEdits(text, result);
        expect(edges(after)).toEqual([...edges(text), `v${p}->v${c}`].sort());
        expect(extractModels(after).diagnostics).toEqual([]);
        expect(new Set(order(after))).toEqual(new Set(order(text)));
        const before = mechanisms(text);
        const now = mechanisms(after);
        for (const k of Object.keys(before)) if (k !== `v${c}`) expect(now[k]).toBe(before[k]);
      }),
      { seed: 7, numRuns: 200 },
    );
    expect(moved).toBeGreaterThan(30);
    expect(cycles).toBeGreaterThan(30);
  });
});

describe("reviseLaterParentNotes", () => {
  it("keeps the move advice when the move helps, and names the cycle when it cannot", () => {
    const legal = `scm("m").variable("smoking", ({ genotype }) => bernoulli(genotype)).variable("genotype", () => bernoulli(0.5))`;
    const r1 = extractModels(legal);
    expect(reviseLaterParentNotes(r1.models, r1.diagnostics).map((d) => d.notes)).toEqual([[`move the declaration of "genotype" above "smoking"`]]);
    const cyclic = `scm("m").variable("smoking", ({ tar }) => bernoulli(tar)).variable("tar", ({ smoking }) => bernoulli(smoking))`;
    const r2 = extractModels(cyclic);
    expect(r2.diagnostics.map((d) => d.code)).toEqual(["parent-declared-later"]);
    expect(r2.diagnostics[0].notes?.[0]).toContain("move the declaration"); // extraction alone would suggest the move
    expect(reviseLaterParentNotes(r2.models, r2.diagnostics)[0].notes).toEqual([
      `adding tar → smoking would create a cycle smoking → tar → smoking: moving the declaration of "tar" cannot help; remove one of those edges first`,
    ]);
  });
});
