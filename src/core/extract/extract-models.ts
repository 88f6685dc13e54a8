/**
 * Static extraction of every `scm("name")` builder chain in a `*.causal.ts` text: the DAG
 * (or ADMG, with `.confounded(a, b)`) with a source range for every node and edge, read from
 * the TypeScript syntax tree. Runs no user code, uses no type checker, and never throws: on
 * half-typed code it returns the best graph it can plus diagnostics with ranges, the parser's
 * syntax errors among them (parse-source.ts: a file that does not parse is an error).
 *
 * Parents are the names a mechanism destructures from its first parameter:
 * `({ a, b: alias, c = 0 }) => ...` reads a, b and c; `() => ...` reads nothing.
 */
import ts from "typescript";
import { type Diagnostic, type SourceRange, error } from "../errors/diagnostic";
import type { GraphData, GraphEdge, GraphNode } from "../graph/types";
import { didYouMean } from "./did-you-mean";
import { LineIndex } from "./line-index";
import { parseSource } from "./parse-source";
import { readMechanism } from "./read-mechanism";
import type { Support } from "./read-support";
import { readTypical } from "./read-typical";

export interface ExtractedParent {
  name: string;
  range: SourceRange;
}

export interface ExtractedVariable {
  name: string;
  latent: boolean;
  /** The name's string literal, quotes included. */
  nameRange: SourceRange;
  /** From the method name (`variable` / `latent`) to the call's closing parenthesis. */
  declarationRange: SourceRange;
  /** Every name the mechanism destructures, as written (also ones the graph rejects, e.g. unknown). */
  parents: ExtractedParent[];
  /** The callee of the returned expression, e.g. "bernoulli", when it is a call. */
  distribution?: string;
  /** The values the variable can take, read from the returned distribution call (`unknown` if unreadable). */
  support: Support;
  /** The returned expression (or the function), whitespace collapsed, at most 80 characters. */
  mechanismText: string;
  /** A typical value (its mean where read-typical.ts can tell statically); the DAG panel's value picker starts there. */
  typical?: number;
  /** The names of the values 0, 1, … (a BIF network's states). */
  states?: string[];
}

export interface ExtractedModel {
  name: string;
  /** The whole `scm(...)...` chain. */
  range: SourceRange;
  graph: GraphData;
  variables: ExtractedVariable[];
}

export interface ExtractionResult {
  models: ExtractedModel[];
  diagnostics: Diagnostic[];
}

/** Builder methods that declare a variable, and the one that declares hidden confounding. */
const DECLARATIONS: Record<string, boolean> = { variable: false, latent: true, image: false };
const CONFOUNDED = "confounded";

export interface Step {
  method: string;
  methodName: ts.MemberName;
  call: ts.CallExpression;
}

export function extractModels(text: string, file?: string): ExtractionResult {
  const lines = new LineIndex(text, file);
  let sf: ts.SourceFile | undefined;
  try {
    const parsed = parseSource(text, file ?? "model.causal.ts", lines);
    const diagnostics: Diagnostic[] = parsed.diagnostics;
    sf = parsed.sf;
    if (!sf) return { models: [], diagnostics };
    const models: ExtractedModel[] = [];
    // An explicit stack, not recursion: a 1,000-variable chain nests 2,000 levels deep.
    const stack: ts.Node[] = [sf];
    const push = (n: ts.Node): void => void stack.push(n);
    const found: ts.CallExpression[] = [];
    while (stack.length) {
      const node = stack.pop()!;
      if (ts.isCallExpression(node) && isScmCallee(node.expression)) found.push(node);
      ts.forEachChild(node, push);
    }
    found.sort((a, b) => a.pos - b.pos);
    for (const call of found) models.push(extractChain(call, sf, lines, diagnostics, models.length));
    return { models, diagnostics };
  } catch (e) {
    // A walk of a tree the parser built but that nests deeper than a recursive reader's stack (3,000 `!`s in a row).
    if (e instanceof RangeError && sf) {
      const at = deepestNode(sf);
      return { models: [], diagnostics: [error("parse-error", "nested too deeply: this expression nests too deeply to be read, so the file's graph cannot be drawn", lines.range(at.getStart(sf), at.end), ["split the deeply nested expression into smaller ones"])] };
    }
    const message = e instanceof Error ? e.message : String(e);
    return { models: [], diagnostics: [error("internal", `static extraction failed: ${message}`, file ? { file, start: zero, end: zero } : undefined)] };
  }
}

const zero = { line: 1, column: 0, offset: 0 };

/** The node with the most ancestors (an explicit stack: the tree may be deeper than the call stack). */
function deepestNode(sf: ts.SourceFile): ts.Node {
  const stack: [ts.Node, number][] = [[sf, 0]];
  let best: [ts.Node, number] = [sf, 0];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (depth > best[1]) best = [node, depth];
    ts.forEachChild(node, (c) => void stack.push([c, depth + 1]));
  }
  return best[0];
}

function isScmCallee(e: ts.Expression): boolean {
  if (ts.isIdentifier(e)) return e.text === "scm";
  return ts.isPropertyAccessExpression(e) && e.name.text === "scm";
}

/** The method calls chained on `scm(...)`, innermost first, and the outermost expression. */
export function chainSteps(scmCall: ts.CallExpression): { steps: Step[]; outer: ts.Expression } {
  const steps: Step[] = [];
  let cur: ts.Expression = scmCall;
  for (;;) {
    const p = cur.parent;
    if (!p || !ts.isPropertyAccessExpression(p) || p.expression !== cur) break;
    const g = p.parent;
    if (!g || !ts.isCallExpression(g) || g.expression !== p) break;
    steps.push({ method: p.name.text, methodName: p.name, call: g });
    cur = g;
  }
  return { steps, outer: cur };
}

function literalText(e: ts.Expression | undefined): string | undefined {
  return e && (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) ? e.text : undefined;
}

function extractChain(scmCall: ts.CallExpression, sf: ts.SourceFile, lines: LineIndex, diagnostics: Diagnostic[], index: number): ExtractedModel {
  const { steps, outer } = chainSteps(scmCall);
  const name = literalText(scmCall.arguments[0]) ?? `model ${index + 1}`;
  const at = (n: ts.Node): SourceRange => lines.range(n.getStart(sf), n.end);
  const variables: ExtractedVariable[] = [];
  const declaredAt = new Map<string, number>();
  const confoundings: Step[] = [];

  // First pass: every declared name with its position in the chain (duplicates reported).
  const declSteps: { step: Step; name: string; nameNode: ts.Expression }[] = [];
  for (const step of steps) {
    if (step.method === CONFOUNDED) confoundings.push(step);
    if (!(step.method in DECLARATIONS)) continue;
    const arg = step.call.arguments[0];
    const vname = literalText(arg);
    if (vname === undefined) {
      diagnostics.push(error("non-literal-name", `.${step.method}(...) needs a string literal as its first argument, so the graph can be read without running the code`, arg ? at(arg) : at(step.call)));
      continue;
    }
    // `.variable("` while typing: a partial declaration, not an error; it has no node until it has a name.
    if (vname.trim() === "") continue;
    const first = declaredAt.get(vname);
    if (first !== undefined) {
      const prev = declSteps[first];
      const p = lines.position(prev.nameNode.getStart(sf));
      diagnostics.push(error("duplicate-name", `"${vname}" is declared twice in model "${name}"`, at(arg!), [`first declared at line ${p.line}, column ${p.column + 1}`]));
      continue;
    }
    declaredAt.set(vname, declSteps.length);
    declSteps.push({ step, name: vname, nameNode: arg! });
  }

  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const known = [...declaredAt.keys()];
  const typicals = new Map<string, number>();
  declSteps.forEach(({ step, name: vname, nameNode }, i) => {
    const mechArg = step.call.arguments[1];
    const declarationRange = lines.range(step.methodName.getStart(sf), step.call.end);
    const v: ExtractedVariable = { name: vname, latent: DECLARATIONS[step.method], nameRange: at(nameNode), declarationRange, parents: [], support: { kind: "unknown" }, mechanismText: "" };
    if (!mechArg) {
      diagnostics.push(error("missing-mechanism", `"${vname}" has no mechanism: write .${step.method}("${vname}", () => ...)`, declarationRange));
    } else {
      const read = readMechanism(mechArg, sf);
      v.mechanismText = read.text;
      if (read.distribution) v.distribution = read.distribution;
      v.support = read.support;
      const typical = readTypical(mechArg, (p) => typicals.get(p));
      if (typical !== undefined) typicals.set(vname, (v.typical = typical));
      if (read.kind === "unreadable") {
        diagnostics.push({ ...error("unreadable-parents", `the parents of "${vname}" cannot be read statically: ${read.reason}`, lines.range(read.start, read.end), ["write the mechanism as ({ a, b }) => ..., naming every variable it reads"]), severity: "warning" });
      }
      const seen = new Set<string>();
      for (const p of read.parents) {
        const range = lines.range(p.start, p.end);
        v.parents.push({ name: p.name, range });
        if (seen.has(p.name)) continue;
        seen.add(p.name);
        const j = declaredAt.get(p.name);
        if (p.name === vname) {
          diagnostics.push(error("cycle", `"${vname}" reads itself; a mechanism can only read variables declared before it`, range));
        } else if (j === undefined) {
          diagnostics.push(error("unknown-parent", `"${vname}" reads "${p.name}", which is not declared in model "${name}".${didYouMean(p.name, known)}`, range));
        } else if (j > i) {
          diagnostics.push(error("parent-declared-later", `"${vname}" reads "${p.name}", which is declared after it`, range, [`move the declaration of "${p.name}" above "${vname}"`]));
        } else {
          edges.push({ from: p.name, to: vname, kind: "directed", range });
        }
      }
    }
    const node: GraphNode = { id: vname, range: v.nameRange, declarationRange, ...(v.latent ? { latent: true } : {}), ...(v.mechanismText ? { mechanism: v.mechanismText } : {}) };
    nodes.push(node);
    variables.push(v);
  });

  for (const step of confoundings) edges.push(...readConfounded(step, at, declaredAt, known, diagnostics));
  return { name, range: lines.range(scmCall.getStart(sf), outer.end), graph: { nodes, edges }, variables };
}

/** `.confounded("a", "b")`: a bidirected edge a <-> b (a hidden common cause). */
function readConfounded(step: Step, at: (n: ts.Node) => SourceRange, declaredAt: Map<string, number>, known: string[], diagnostics: Diagnostic[]): GraphEdge[] {
  const [a, b] = step.call.arguments;
  const names = [literalText(a), literalText(b)];
  if (!a || !b || names[0] === undefined || names[1] === undefined) {
    diagnostics.push(error("non-literal-name", `.confounded(a, b) needs two string literal variable names`, at(step.call)));
    return [];
  }
  let ok = true;
  [a, b].forEach((arg, k) => {
    const n = names[k]!;
    if (!declaredAt.has(n)) {
      diagnostics.push(error("unknown-variable", `.confounded names "${n}", which is not declared in this model.${didYouMean(n, known)}`, at(arg)));
      ok = false;
    }
  });
  if (ok && names[0] === names[1]) {
    diagnostics.push(error("invalid-argument", `.confounded needs two different variables, got "${names[0]}" twice`, at(step.call)));
    ok = false;
  }
  if (!ok) return [];
  const range = at(a);
  return [{ from: names[0]!, to: names[1]!, kind: "bidirected", range: { ...range, end: at(b).end } }];
}
