import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parentEdits } from "./edit-parents";
import { extractModels } from "./extract-models";
import { findStaleReads, staleParentDiagnostics } from "./stale-parents";
import { applyTextEdits } from "./text-edits";

const WAGES = `import { normal, scm } from "causal-studio";
export default scm("wages")
  .variable("experience", () => normal(10, 3))
  .variable("education", () => normal(12, 2))
  .variable("wage", ({ education, experience }) => normal(2 * education + 0.5 * experience, 1));
`;

const slice = (text: string, r: { start: { offset: number }; end: { offset: number } }) => text.slice(r.start.offset, r.end.offset);
const stale = (text: string) => findStaleReads(text, extractModels(text).models);

/** Removes parent -> child through the same edit the DAG panel applies. */
function removeEdge(text: string, parent: string, child: string): string {
  const edits = parentEdits(text, extractModels(text).models[0], { op: "remove", parent, child });
  if (!Array.isArray(edits)) throw new Error(edits.message);
  return applyTextEdits(text, edits);
}

describe("findStaleReads", () => {
  it("finds the use an edge deletion leaves behind, at the identifier, with the message a user acts on", () => {
    expect(stale(WAGES)).toEqual([]);
    const after = removeEdge(WAGES, "experience", "wage");
    expect(after).toContain(`.variable("wage", ({ education }) => normal(2 * education + 0.5 * experience, 1))`);
    const reads = stale(after);
    expect(reads.map((r) => [r.child, r.parent, slice(after, r.range)])).toEqual([["wage", "experience", "experience"]]);
    const line = after.split("\n").findIndex((l) => l.includes(`"wage"`)) + 1;
    expect(reads[0].range.start).toMatchObject({ line, column: after.split("\n")[line - 1].indexOf("experience, 1)") });
    const [d] = staleParentDiagnostics(after, extractModels(after).models);
    expect(d.code).toBe("undeclared-parent-read");
    expect(d.severity).toBe("error");
    expect(d.message).toBe("wage's mechanism still reads experience, which is no longer one of its parents");
    expect(d.notes?.[0]).toMatch(/keep the edge experience → wage/);
  });

  it("reports every use, and shorthand properties and default values too", () => {
    const text = `scm("m").variable("a", () => normal(0, 1)).variable("b", ({ c = a }) => { const o = { a }; return normal(a + a, 1); })`;
    expect(stale(text).map((r) => slice(text, r.range))).toEqual(["a", "a", "a", "a"]);
  });

  it("ignores what does not read the variable: property names, keys, local and module bindings, shadowing parameters, types, itself", () => {
    const text = `import { normal, scm } from "causal-studio";
const w = 2;
export default scm("m")
  .variable("a", () => normal(0, 1))
  .variable("w", () => normal(0, 1))
  .variable("b", (v) => normal(v.a + ({ a: 1 }).a, 1))
  .variable("c", () => { const a = 1; return normal(a + w, 1); })
  .variable("d", () => normal([1].map((a) => a)[0], 1))
  .variable("e", () => normal((0 as unknown as { a: number }).a, 1))
  .variable("f", () => normal(f, 1))
  .variable("g", ({ a }) => normal(a, 1));
`;
    expect(stale(text)).toEqual([]);
  });

  it("reads a learnable family's features function", () => {
    const text = `scm("m").variable("x", () => normal(0, 1)).variable("z", () => normal(0, 1)).variable("y", linearGaussian(({ x }) => ({ x, z })))`;
    expect(stale(text).map((r) => `${r.parent}->${r.child}`)).toEqual(["z->y"]);
  });

  it("says a later variable must move first, and that a cycle cannot be fixed by moving", () => {
    const later = `scm("m").variable("smoking", () => bernoulli(tar ? 0.9 : 0.1)).variable("tar", () => bernoulli(0.5))`;
    const [d1] = staleParentDiagnostics(later, extractModels(later).models);
    expect(d1.message).toBe("smoking's mechanism reads tar, which is not one of its parents (it is declared after smoking)");
    expect(d1.notes?.[0]).toContain(`move the declaration of "tar" above "smoking"`);
    const cyclic = `scm("m").variable("smoking", () => bernoulli(tar ? 0.9 : 0.1)).variable("tar", ({ smoking }) => bernoulli(smoking ? 0.9 : 0.1))`;
    const [d2] = staleParentDiagnostics(cyclic, extractModels(cyclic).models);
    expect(d2.notes?.[0]).toBe("it cannot become one: adding tar → smoking would create a cycle smoking → tar → smoking; stop reading \"tar\" here");
  });

  it("finds one stale read in a 1,000-variable chain (nested 2,000 levels deep), and only that one", () => {
    const n = 1000;
    const text = `scm("big")\n` + Array.from({ length: n }, (_, i) => `  .variable("v${i}", ${i ? `({ v${i - 1} })` : "()"} => normal(${i ? `v${i - 1}` : "0"}${i === n - 1 ? " + v3" : ""}, 1))`).join("\n");
    expect(stale(text).map((r) => `${r.parent}->${r.child}`)).toEqual([`v3->v${n - 1}`]);
  });

  it("keeps models apart: a name of another model is not a stale read", () => {
    const text = `const m1 = scm("one").variable("a", () => normal(0, 1));\nconst m2 = scm("two").variable("b", () => normal(a, 1));`;
    expect(stale(text)).toEqual([]);
  });
});

describe("findStaleReads (property)", () => {
  // A random chain where variable i destructures a subset of the earlier ones and uses each of them
  // uses[i][j] times in its body. Removing one edge through parentEdits must leave exactly that many
  // stale reads, all of that parent in that child; the untouched model has none.
  const arb = fc.integer({ min: 2, max: 7 }).chain((n) =>
    fc.record({
      reads: fc.tuple(...Array.from({ length: n }, (_, i) => fc.subarray(Array.from({ length: i }, (_, j) => j)))),
      times: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: n, maxLength: n }),
      pick: fc.nat(),
    }),
  );
  const render = (reads: number[][], times: number[]) =>
    `scm("p")\n` + reads.map((ps, i) => {
      const body = ps.flatMap((j) => Array.from({ length: times[j] }, () => `v${j}`)).join(" + ") || "0";
      return `  .variable("v${i}", ${ps.length ? `({ ${ps.map((j) => `v${j}`).join(", ")} })` : "()"} => normal(${body}, 1))`;
    }).join("\n");

  it("an edge deletion leaves one stale read per use of the removed parent, and nothing else", () => {
    fc.assert(
      fc.property(arb, ({ reads, times, pick }) => {
        const text = render(reads as number[][], times);
        expect(stale(text)).toEqual([]);
        const edges = (reads as number[][]).flatMap((ps, i) => ps.map((j) => [j, i] as const));
        if (edges.length === 0) return;
        const [j, i] = edges[pick % edges.length];
        const after = removeEdge(text, `v${j}`, `v${i}`);
        const found = stale(after);
        expect(found.length).toBe(times[j]);
        for (const r of found) {
          expect([r.parent, r.child]).toEqual([`v${j}`, `v${i}`]);
          expect(slice(after, r.range)).toBe(`v${j}`);
        }
      }),
      { seed: 12, numRuns: 150 },
    );
  });
});
