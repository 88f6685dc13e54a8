import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Diagnostic, TextEdit } from "../errors/diagnostic";
import { type ParentChange, parentEdits } from "./edit-parents";
import { extractModels } from "./extract-models";

const BASE = `export default scm("m")
  .variable("a", () => normal(0, 1))
  .variable("b", ({ a }) => normal(a, 1))
  .variable("c", ({ a, b: bee = 0 }) => normal(a + bee, 1))
  .variable("d", function ({
    a,
    c,
  }) { return normal(a + c, 1); })
  .variable("e", ({ a, ...others }) => normal(a, 1))
  .variable("f", (v) => normal(v.a, 1))
  .variable("g", ({}) => normal(0, 1));
`;

function apply(text: string, edits: TextEdit[]): string {
  const sorted = [...edits].sort((x, y) => y.range.start.offset - x.range.start.offset);
  for (const e of sorted) text = text.slice(0, e.range.start.offset) + e.newText + text.slice(e.range.end.offset);
  return text;
}

const edgeSet = (text: string) => new Set(extractModels(text).models[0].graph.edges.map((e) => `${e.from}->${e.to}`));

/** Applies the change, re-extracts, and checks exactly one edge changed and no new diagnostics appeared. */
function roundTrip(change: ParentChange, text = BASE): string {
  const model = extractModels(text).models[0];
  const edits = parentEdits(text, model, change);
  if (!Array.isArray(edits)) throw new Error(`unexpected diagnostic: ${edits.message}`);
  const after = apply(text, edits);
  const before = edgeSet(text);
  const expected = new Set(before);
  if (change.op === "add") expected.add(`${change.parent}->${change.child}`);
  else expected.delete(`${change.parent}->${change.child}`);
  expect(edgeSet(after)).toEqual(expected);
  expect(extractModels(after).diagnostics.map((d) => d.code)).toEqual(extractModels(text).diagnostics.map((d) => d.code));
  expect(extractModels(after).models[0].variables.map((v) => v.name)).toEqual(model.variables.map((v) => v.name));
  return after;
}

const refused = (change: ParentChange, text = BASE) => parentEdits(text, extractModels(text).models[0], change) as Diagnostic;

describe("parentEdits", () => {
  it("creates ({ a }) when the mechanism had ()", () => {
    expect(roundTrip({ op: "add", parent: "a", child: "b" }, `scm("m").variable("a", () => 1).variable("b", () => 2)`)).toBe(
      `scm("m").variable("a", () => 1).variable("b", ({ a }) => 2)`,
    );
    expect(roundTrip({ op: "add", parent: "a", child: "b" }, `scm("m").variable("a", () => 1).variable("b", function () { return 2; })`)).toContain(
      `function ({ a }) {`,
    );
  });

  it("appends to a one-line pattern and keeps aliases and defaults", () => {
    const after = roundTrip({ op: "add", parent: "b", child: "e" });
    expect(after).toContain(`.variable("e", ({ a, b, ...others }) =>`);
    expect(roundTrip({ op: "add", parent: "a", child: "g" })).toContain(`.variable("g", ({ a }) =>`);
    const text = `scm("m").variable("a", () => 1).variable("b", () => 1).variable("c", ({ a: x = 0 }) => x)`;
    expect(roundTrip({ op: "add", parent: "b", child: "c" }, text)).toContain(`({ a: x = 0, b }) => x`);
  });

  it("follows a multi-line pattern's layout", () => {
    const after = roundTrip({ op: "add", parent: "b", child: "d" });
    expect(after).toContain(`function ({\n    a,\n    c,\n    b,\n  })`);
  });

  it("removes a parent with its comma, and the braces when it was the only one", () => {
    expect(roundTrip({ op: "remove", parent: "a", child: "b" })).toContain(`.variable("b", () => normal(a, 1))`);
    expect(roundTrip({ op: "remove", parent: "a", child: "c" })).toContain(`.variable("c", ({ b: bee = 0 }) =>`);
    expect(roundTrip({ op: "remove", parent: "b", child: "c" })).toContain(`.variable("c", ({ a }) =>`);
    expect(roundTrip({ op: "remove", parent: "a", child: "d" })).toContain(`function ({\n    c,\n  })`);
    expect(roundTrip({ op: "remove", parent: "c", child: "d" })).toContain(`function ({\n    a,\n  })`);
  });

  it("is a no-op when the edge already exists", () => {
    expect(parentEdits(BASE, extractModels(BASE).models[0], { op: "add", parent: "a", child: "b" })).toEqual([]);
  });

  it("refuses cycles, later parents, unknown names and undestructured parameters", () => {
    expect(refused({ op: "add", parent: "g", child: "a" }).code).toBe("parent-declared-later");
    expect(refused({ op: "add", parent: "g", child: "a" }).notes?.[0]).toMatch(/move the declaration of "g" above "a"/);
    expect(refused({ op: "add", parent: "c", child: "c" }).code).toBe("cycle");
    expect(refused({ op: "add", parent: "zz", child: "c" }).code).toBe("unknown-variable");
    expect(refused({ op: "add", parent: "a", child: "bb" }).message).toContain('Did you mean "b"?');
    expect(refused({ op: "add", parent: "a", child: "f" }).code).toBe("unreadable-parents");
    expect(refused({ op: "remove", parent: "c", child: "b" }).code).toBe("unknown-parent");
  });

  it("refuses an edge that would close a cycle, naming it a cycle rather than an ordering problem", () => {
    const text = `scm("m").variable("c", () => 1).variable("d", ({ c }) => c)`;
    expect(refused({ op: "add", parent: "d", child: "c" }, text).code).toBe("cycle");
  });
});

describe("parentEdits (property)", () => {
  /** A random builder chain: variable i reads a random subset of 0..i-1, one-line or multi-line patterns. */
  const modelArb = fc.integer({ min: 2, max: 7 }).chain((n) =>
    fc.record({
      reads: fc.tuple(...Array.from({ length: n }, (_, i) => fc.subarray(Array.from({ length: i }, (_, j) => j)))),
      multiline: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
      pick: fc.tuple(fc.nat(), fc.nat()),
    }),
  );
  const render = (reads: number[][], multiline: boolean[]) =>
    `scm("p")\n` +
    reads
      .map((ps, i) => {
        const names = ps.map((j) => `v${j}`);
        const pattern = names.length === 0 ? "()" : multiline[i] ? `({\n    ${names.join(",\n    ")},\n  })` : `({ ${names.join(", ")} })`;
        return `  .variable("v${i}", ${pattern} => normal(0, 1))`;
      })
      .join("\n");

  it("toggling any forward edge changes exactly that edge", () => {
    fc.assert(
      fc.property(modelArb, ({ reads, multiline, pick }) => {
        const n = reads.length;
        const child = 1 + (pick[0] % (n - 1));
        const parent = pick[1] % child;
        const text = render(reads as number[][], multiline);
        const op = (reads[child] as number[]).includes(parent) ? "remove" : "add";
        roundTrip({ op, parent: `v${parent}`, child: `v${child}` }, text);
      }),
      { seed: 99, numRuns: 200 },
    );
  });
});
