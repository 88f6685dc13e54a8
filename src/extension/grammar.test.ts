// The TextMate grammars (syntaxes/). vscode-textmate and oniguruma are not available here, so this
// checks what can be checked without them: every regex compiles as a JavaScript RegExp (the grammars
// keep to the syntax both engines share), the package.json contributions point at these files, and
// representative lines match with the intended captures.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(__dirname, "..", "..");
const load = (name: string) => JSON.parse(readFileSync(join(root, "syntaxes", name), "utf8"));
const dsl = load("causal-dsl.injection.tmLanguage.json");
const dagitty = load("dagitty.tmLanguage.json");
const bif = load("bif.tmLanguage.json");

function regexes(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => regexes(n, out));
  else if (node && typeof node === "object") {
    for (const [k, v] of Object.entries(node)) {
      if ((k === "match" || k === "begin" || k === "end") && typeof v === "string") out.push(v);
      else regexes(v, out);
    }
  }
  return out;
}

/** Matches `line` with the rule's regex and names each capture by its scope. */
function scopes(rule: { match: string; captures?: Record<string, { name: string }>; name?: string }, line: string): Record<string, string>[] {
  const out: Record<string, string>[] = [];
  for (const m of line.matchAll(new RegExp(rule.match, "g"))) {
    const named: Record<string, string> = {};
    if (rule.name) named[rule.name] = m[0];
    for (const [i, c] of Object.entries(rule.captures ?? {})) if (m[Number(i)] !== undefined) named[c.name] = m[Number(i)];
    out.push(named);
  }
  return out;
}

describe("TextMate grammars", () => {
  it("every regex compiles in JavaScript", () => {
    const all = [...regexes(dsl), ...regexes(dagitty), ...regexes(bif)];
    expect(all.length).toBeGreaterThan(15);
    for (const r of all) expect(() => new RegExp(r), r).not.toThrow();
  });

  it("package.json contributes both grammars, the injection into source.ts and the dagitty language", () => {
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
    const grammars = pkg.contributes.grammars as { scopeName: string; path: string; injectTo?: string[]; language?: string }[];
    const injection = grammars.find((g) => g.scopeName === dsl.scopeName)!;
    expect(injection.injectTo).toEqual(["source.ts"]);
    expect(load(injection.path.replace("./syntaxes/", "")).scopeName).toBe(dsl.scopeName);
    expect(grammars.find((g) => g.language === "dagitty")?.scopeName).toBe(dagitty.scopeName);
    expect(pkg.contributes.languages[0].extensions).toEqual([".dagitty"]);
    expect(grammars.find((g) => g.language === "bif")?.scopeName).toBe(bif.scopeName);
    expect(pkg.contributes.languages.find((l: { id: string }) => l.id === "bif").extensions).toEqual([".bif"]);
    expect(pkg.activationEvents).toEqual(expect.arrayContaining(["workspaceContains:**/*.bif", "onLanguage:bif"]));
    expect(dsl.injectionSelector).toBe("L:source.ts -comment -string");
  });

  it("highlights scm, declarations with their names, distributions and queries in TypeScript", () => {
    const r = dsl.repository;
    expect(scopes(r.scm, 'export default scm("smoking")')).toEqual([{ "support.function.scm.causal-studio": "scm" }]);
    expect(scopes(r.declaration, '  .variable("tar", ({ smoking }) => normal(smoking ? 3 : 0, 1))')[0]).toMatchObject({
      "keyword.other.declaration.causal-studio": "variable", "variable.other.constant.causal-variable.causal-studio": "tar",
    });
    expect(scopes(r.declaration, "  .latent('genotype', () => bernoulli(0.5))")[0]["variable.other.constant.causal-variable.causal-studio"]).toBe("genotype");
    expect(scopes(r.declaration, '  .variable("a\', () => 1)')).toEqual([]); // mismatched quotes are not a name
    expect(scopes(r.distribution, "bernoulli(sigmoid(0.8 * tar + logNormal (0, 1)))").map((s) => s["support.function.distribution.causal-studio"])).toEqual(["bernoulli", "sigmoid", "logNormal"]);
    expect(scopes(r.distribution, "const normalize = normalized(x)")).toEqual([]);
    expect(scopes(r.query, "m.do({ smoking: 1 }).condition({ tar: 2 }).prob({ cancer: 1 })").map((s) => s["keyword.control.query.causal-studio"])).toEqual(["do", "condition", "prob"]);
    expect(scopes(r.query, "m.worlds({}).given({}).mean(w => 1); m.ate({}); m.counterfactual({})").map((s) => s["keyword.control.query.causal-studio"])).toEqual(["worlds", "given", "mean", "ate", "counterfactual"]);
    expect(scopes(r.query, "x.done(); x.doSomething()")).toEqual([]);
    expect(scopes(r.confounded, '.confounded("a", "b")')[0]["keyword.other.declaration.causal-studio"]).toBe("confounded");
  });

  it("highlights BIF keywords, numbers (not digits inside names) and comments", () => {
    const [line, , , keyword, type, number] = bif.patterns;
    expect(scopes(keyword, "probability ( lung | smoke ) {").map((s) => s["keyword.control.bif"])).toEqual(["probability"]);
    expect(scopes(type, "  type discrete [ 2 ] { yes, no };").map((s) => s["storage.type.bif"])).toEqual(["type", "discrete"]);
    expect(scopes(number, "  (yes, s2) 0.05, 1e-3, .5;").map((s) => s["constant.numeric.bif"])).toEqual(["0.05", "1e-3", ".5"]);
    expect(scopes(line, "table 0.5, 0.5; // prior")[0]["comment.line.double-slash.bif"]).toBe("// prior");
  });

  it("highlights DAGitty headers, edges, roles, attributes and comments", () => {
    const r = dagitty.repository;
    expect(scopes(r.header, "dag {")[0]["storage.type.graph.dagitty"]).toBe("dag");
    expect(scopes(r.header, "  strict pdag {")[0]).toMatchObject({ "storage.modifier.dagitty": "strict", "storage.type.graph.dagitty": "pdag" });
    expect(scopes(r.edge, "X -> Y <- Z <-> W -- V").map((s) => s["keyword.operator.edge.dagitty"])).toEqual(["->", "<-", "<->", "--"]);
    const [role, attr] = r.attributes.patterns;
    expect(scopes(role, 'exposure, outcome, pos="1,2"').map((s) => s["keyword.other.role.dagitty"])).toEqual(["exposure", "outcome"]);
    expect(scopes(attr, 'pos="1,2", label = "x"').map((s) => s["entity.other.attribute-name.dagitty"])).toEqual(["pos", "label"]);
    const [line, hash] = r.comment.patterns;
    expect(scopes(line, "X -> Y // note")[0]["comment.line.double-slash.dagitty"]).toBe("// note");
    expect(scopes(hash, "# a comment")).toHaveLength(1);
    expect(scopes(hash, "X # not at line start")).toEqual([]);
  });
});
