// Issue 13, items 5 and 10: a file TypeScript cannot parse is an error at the parser's file:line:col (not a
// partial graph with exit 0), and deep nesting is "nested too deeply" at the construct, never a stack
// overflow reported at 1:1. Extraction never throws.
import { describe, expect, it } from "vitest";
import { extractModels } from "./extract-models";
import { isSyntaxError, MAX_NESTING } from "./parse-source";

const model = (middle: string) => `import { scm, bernoulli } from "causal-studio";
export default scm("m")
  .variable("a", () => bernoulli(0.5))
${middle}
  .variable("c", ({ a }) => bernoulli(a ? 0.2 : 0.1));
`;

describe("syntax errors (item 10)", () => {
  it("a missing parenthesis is an error at the parser's position, saying the file does not parse", () => {
    const text = model(`  .variable("b", ({ a }) => bernoulli(a ? 0.3 : 0.1)`);
    const { diagnostics } = extractModels(text, "broken.causal.ts");
    const syntax = diagnostics.filter(isSyntaxError);
    expect(syntax.length).toBeGreaterThan(0);
    expect(syntax[0]).toMatchObject({ code: "parse-error", severity: "error", range: { file: "broken.causal.ts", start: { line: 5, column: 53 } } });
    expect(syntax[0].message).toMatch(/^the file does not parse: '\)' expected/);
  });

  it("a stray token and an unterminated string are reported too", () => {
    expect(extractModels(model(`  .variable("b", ({ a }) => bernoulli(0.3)) }`)).diagnostics.filter(isSyntaxError).length).toBeGreaterThan(0);
    expect(extractModels(model(`  .variable("b, ({ a }) => bernoulli(0.3))`)).diagnostics.filter(isSyntaxError).length).toBeGreaterThan(0);
  });

  it("a file that parses has no syntax diagnostic", () => {
    expect(extractModels(model(`  .variable("b", ({ a }) => bernoulli(a ? 0.3 : 0.1))`)).diagnostics).toEqual([]);
  });

  it("a file with hundreds of broken tokens lists at most 20, the last saying how many more", () => {
    const syntax = extractModels(model(")".repeat(300))).diagnostics.filter(isSyntaxError);
    expect(syntax).toHaveLength(20);
    expect(syntax[19].notes?.[0]).toMatch(/^… and \d+ more syntax errors$/);
  });
});

describe("deep nesting (item 5)", () => {
  it("20,000 nested parentheses: nested too deeply at the bracket that crosses the limit; the rest still extracts", () => {
    const text = model(`  .variable("b", () => bernoulli(${"(".repeat(20_000)}0.5${")".repeat(20_000)}))`);
    const { models, diagnostics } = extractModels(text, "deep.causal.ts");
    expect(diagnostics).toHaveLength(1);
    const d = diagnostics[0];
    expect(d).toMatchObject({ code: "parse-error", severity: "error" });
    expect(d.message).toMatch(/^nested too deeply: this \( opens more than 200 levels/);
    // .variable( is level 1 and bernoulli( level 2 (the first of the run): level 201 is 199 parentheses further.
    const col = text.split("\n")[3].indexOf("(((") + MAX_NESTING - 1;
    expect(d.range).toMatchObject({ file: "deep.causal.ts", start: { line: 4, column: col } });
    expect(models[0].graph.nodes.map((n) => n.id)).toEqual(["a", "b", "c"]);
    expect(models[0].graph.edges.map((e) => `${e.from}->${e.to}`)).toEqual(["a->c"]);
  });

  it("nesting up to the limit reads as before", () => {
    const text = model(`  .variable("b", ({ a }) => bernoulli(${"(".repeat(MAX_NESTING - 2)}a${")".repeat(MAX_NESTING - 2)}))`);
    const { models, diagnostics } = extractModels(text);
    expect(diagnostics).toEqual([]);
    expect(models[0].graph.edges.map((e) => `${e.from}->${e.to}`)).toEqual(["a->b", "a->c"]);
  });

  it.each([
    ["brackets", `[`.repeat(5000) + "0" + "]".repeat(5000)],
    ["objects", `{ k: `.repeat(5000) + "0" + " }".repeat(5000)],
    ["templates", "`${".repeat(3000) + "0" + "}`".repeat(3000)],
    ["unclosed parentheses", "(".repeat(20_000)],
    ["20,000 negations", "!".repeat(20_000) + "0"],
    ["20,000 chained conditionals", "a ? b : ".repeat(20_000) + "0"],
  ])("%s: never throws; nested too deeply at a position inside the file", (_, deep) => {
    const text = model(`  .variable("b", () => bernoulli(${deep}))`);
    const { diagnostics } = extractModels(text, "deep.causal.ts");
    const d = diagnostics.find((x) => x.message.startsWith("nested too deeply"));
    expect(d, JSON.stringify(diagnostics.slice(0, 3))).toBeDefined();
    expect(d!.code).not.toBe("internal");
    expect(d!.range!.start.offset).toBeGreaterThan(text.indexOf("bernoulli(") );
    expect(d!.range!.end.offset).toBeLessThanOrEqual(text.length);
  });
});
