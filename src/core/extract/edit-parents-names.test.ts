// Issue 13, item 11: an edge edit from the DAG panel writes the parent's name into the child's
// destructuring pattern. A name that is no identifier ("a b", "x = alert(1)", "class", a newline) used to be
// pasted verbatim (`({ a b })`, or an executable default); it is now a quoted key bound to a fresh local.
import fc from "fast-check";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import type { TextEdit } from "../errors/diagnostic";
import { bindingText } from "./binding-name";
import { parentEdits } from "./edit-parents";
import { extractModels } from "./extract-models";
import { isSyntaxError } from "./parse-source";

function apply(text: string, edits: TextEdit[]): string {
  for (const e of [...edits].sort((x, y) => y.range.start.offset - x.range.start.offset)) text = text.slice(0, e.range.start.offset) + e.newText + text.slice(e.range.end.offset);
  return text;
}

/** A model declaring `parent`, then `child` with `mechanism`; adds parent -> child; the edit's result. */
function connect(parent: string, mechanism: string, child = "child"): { after: string; inserted: string } {
  const text = `export default scm("m")\n  .variable(${JSON.stringify(parent)}, () => normal(0, 1))\n  .variable("z", () => normal(0, 1))\n  .variable(${JSON.stringify(child)}, ${mechanism});\n`;
  const model = extractModels(text).models[0];
  const edits = parentEdits(text, model, { op: "add", parent, child });
  if (!Array.isArray(edits)) throw new Error(edits.message);
  return { after: apply(text, edits), inserted: edits.map((e) => e.newText).join("") };
}

const MECHANISMS = ["() => normal(0, 1)", "({}) => normal(0, 1)", "({ z }) => normal(z, 1)", "({ z, ...rest }) => normal(z, 1)", "function ({\n    z,\n  }) { const a_b = 1; return normal(z + a_b, 1); }"];

/** The child's pattern in `text`: its elements (key as written, local name, default). */
function patternOf(text: string): { key: string; local: string; init: boolean }[] {
  const sf = ts.createSourceFile("x.ts", text, ts.ScriptTarget.Latest, true);
  let out: { key: string; local: string; init: boolean }[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isCallExpression(n) && n.arguments.length === 2 && ts.isStringLiteral(n.arguments[0]) && n.arguments[0].text === "child") {
      const fn = n.arguments[1] as ts.ArrowFunction;
      const p = fn.parameters[0];
      if (p && ts.isObjectBindingPattern(p.name)) {
        out = p.name.elements.map((el) => ({ key: (el.propertyName ?? el.name).getText(sf), local: el.name.getText(sf), init: !!el.initializer }));
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

describe("edge edits with names that are not identifiers", () => {
  it('"a b" becomes a quoted key with a local: ({ "a b": a_b2 }) beside a mechanism that already uses a_b', () => {
    const { after } = connect("a b", MECHANISMS[4]);
    expect(after).toContain(`"a b": a_b2`);
    expect(extractModels(after).models[0].variables[2].parents.map((p) => p.name)).toEqual(["z", "a b"]);
  });

  it("a name holding = is a string, never a default expression", () => {
    const { after } = connect("x = alert(1)", "({ z }) => normal(z, 1)");
    expect(after).toContain(`({ z, "x = alert(1)": x_alert_1_ })`);
    expect(patternOf(after).every((el) => !el.init)).toBe(true);
  });

  it("identifiers stay shorthand; reserved words get a local", () => {
    expect(bindingText("smoking", new Set())).toBe("smoking");
    expect(bindingText("class", new Set())).toBe('"class": class_');
    expect(bindingText("eval", new Set())).toBe('"eval": eval_');
    expect(bindingText("1st", new Set())).toBe('"1st": _1st');
    expect(bindingText("\\u0061", new Set())).toBe('"\\\\u0061": _u0061');
  });

  it("property: any name re-extracts to the intended parent set, parses, and adds no code from the name", () => {
    const name = fc.string({ unit: fc.oneof(fc.constantFrom("a", "b", " ", "=", "(", ")", "\n", '"', "'", "`", "$", "{", "}", "\\", ",", ":", ".", "1", "é", "\u2028", "/", "*"), fc.string({ minLength: 1, maxLength: 1, unit: "binary" })), minLength: 1, maxLength: 12 })
      .filter((s) => s.trim() !== "" && s !== "z" && s !== "child");
    fc.assert(
      fc.property(name, fc.constantFrom(...MECHANISMS), (parent, mechanism) => {
        const { after, inserted } = connect(parent, mechanism);
        const r = extractModels(after);
        expect(r.diagnostics.filter(isSyntaxError)).toEqual([]);
        const child = r.models[0].variables.find((v) => v.name === "child")!;
        const expected = [...(mechanism.includes("z") ? ["z"] : []), parent];
        expect(child.parents.map((p) => p.name)).toEqual(expected);
        expect(r.models[0].graph.edges.filter((e) => e.to === "child").map((e) => e.from).sort()).toEqual([...expected].sort());
        // The inserted text is the name itself (an identifier) or its JSON string literal, a colon and an identifier.
        const literal = JSON.stringify(parent);
        const code = inserted.includes(literal) ? inserted.replace(literal, "") : inserted;
        expect(code).toMatch(/^[\s,{}:]*(?:[\p{ID_Start}$_][\p{ID_Continue}$\u200c\u200d]*)?[\s,{}]*$/u);
        expect(patternOf(after).every((el) => !el.init)).toBe(true);
      }),
      { seed: 1111, numRuns: 150 },
    );
  });
});
