/**
 * Declaration order in a builder chain: a mechanism can read only variables declared before it, so a
 * legal edge parent -> child whose parent is declared later needs the parent's declaration moved up.
 * Here: the cycle an edge would close (checked first: then no move can help), and the move itself, a
 * topological reorder that moves the parent together with its own ancestors declared after the child,
 * each keeping its text, comments and relative order. Runs no user code.
 */
import ts from "typescript";
import { type Diagnostic, type TextEdit, error } from "../errors/diagnostic";
import { findCycle } from "../graph/find-cycle";
import { chainSteps, type ExtractedModel } from "./extract-models";
import { minimalEdit } from "./text-edits";

/** The cycle that adding parent -> child would close, from child back to parent (e.g. ["tar", "cancer", "smoking"]), or undefined. */
export function cycleIfAdded(model: ExtractedModel, parent: string, child: string): string[] | undefined {
  if (parent === child) return [child];
  const edges = [...model.graph.edges, { from: parent, to: child, kind: "directed" as const }];
  const cycle = findCycle({ nodes: model.graph.nodes, edges });
  if (!cycle) return undefined;
  const at = cycle.indexOf(child);
  return at < 0 ? undefined : [...cycle.slice(at), ...cycle.slice(0, at)];
}

/** "adding smoking → tar would create a cycle tar → cancer → smoking → tar". */
export function cycleMessage(parent: string, child: string, cycle: string[]): string {
  if (cycle.length === 1) return `adding ${parent} → ${child} would make "${child}" read itself`;
  return `adding ${parent} → ${child} would create a cycle ${[...cycle, cycle[0]].join(" → ")}`;
}

/** The advice for a parent declared after its child: the move that makes the edge legal, or why none can. */
export function laterParentNote(model: ExtractedModel, parent: string, child: string): string {
  const cycle = cycleIfAdded(model, parent, child);
  if (cycle) return `${cycleMessage(parent, child, cycle)}: moving the declaration of "${parent}" cannot help; remove one of those edges first`;
  const moved = movedWith(model, parent, child);
  const others = moved.filter((m) => m !== parent);
  return `move the declaration of "${parent}" above "${child}"${others.length ? ` (with ${others.map((o) => `"${o}"`).join(", ")}, which "${parent}" depends on)` : ""}`;
}

/** The variables to move above `child` so `parent` is declared before it: parent and its ancestors declared after child, in chain order. */
export function movedWith(model: ExtractedModel, parent: string, child: string): string[] {
  const order = new Map(model.variables.map((v, i) => [v.name, i]));
  const childAt = order.get(child) ?? 0;
  const parentsOf = new Map<string, string[]>();
  for (const e of model.graph.edges) if (e.kind === "directed") parentsOf.set(e.to, [...(parentsOf.get(e.to) ?? []), e.from]);
  const set = new Set<string>();
  const stack = [parent];
  while (stack.length) {
    const n = stack.pop()!;
    if (set.has(n) || (order.get(n) ?? -1) < childAt) continue;
    set.add(n);
    stack.push(...(parentsOf.get(n) ?? []));
  }
  return [...set].sort((a, b) => order.get(a)! - order.get(b)!);
}

/**
 * The edit that moves `parent`'s declaration (and the ancestors it needs, see movedWith) to just above
 * `child`'s, or a Diagnostic saying why it cannot: a cycle, a `.param(...)` step between them (moving a
 * mechanism above it could cut it off from that parameter), or a chain that is not plain method calls.
 */
export function moveDeclarationEdits(text: string, model: ExtractedModel, parent: string, child: string): TextEdit[] | Diagnostic {
  const names = model.variables.map((v) => v.name);
  const childAt = names.indexOf(child);
  const parentAt = names.indexOf(parent);
  if (childAt < 0 || parentAt < 0) return error("unknown-variable", `model "${model.name}" has no variable "${childAt < 0 ? child : parent}"`);
  const range = model.variables[childAt].declarationRange;
  if (parentAt < childAt) return [];
  const cycle = cycleIfAdded(model, parent, child);
  if (cycle) return error("cycle", `${cycleMessage(parent, child, cycle)}, so moving "${parent}" above "${child}" cannot make the edge legal`, range);
  const steps = chainSegments(text, model);
  if (!steps) return error("unreadable-parents", `cannot move "${parent}": the chain of model "${model.name}" is not a plain sequence of method calls`, range);
  const moved = new Set(movedWith(model, parent, child));
  const startsAt = (name: string) => model.variables.find((v) => v.name === name)!.declarationRange.start.offset;
  const first = steps.findIndex((s) => s.methodStart === startsAt(child));
  const lastMoved = Math.max(...[...moved].map((m) => steps.findIndex((s) => s.methodStart === startsAt(m))));
  if (first < 0 || lastMoved < 0) return error("internal", `cannot find the declarations of "${child}" and "${parent}" in the chain`, range);
  const between = steps.slice(first, lastMoved + 1);
  const param = between.find((s) => s.method === "param");
  if (param) {
    return error("parent-declared-later", `cannot move "${parent}" above "${child}" safely: a .param(...) step lies between them, and a moved mechanism may read it`, range, ["move the .param(...) step above \"" + child + "\" first, or move the declaration by hand"]);
  }
  const isMoved = (s: Segment) => s.name !== undefined && moved.has(s.name) && (s.method === "variable" || s.method === "latent");
  const piece = (s: Segment) => text.slice(s.start, s.end);
  const reordered = [...between.filter(isMoved), ...between.filter((s) => !isMoved(s))].map(piece).join("");
  const start = between[0].start;
  const end = between[between.length - 1].end;
  const after = text.slice(0, start) + reordered + text.slice(end);
  return minimalEdit(text, after, range.file);
}

interface Segment {
  method: string;
  /** The declared name, for .variable / .latent. */
  name?: string;
  methodStart: number;
  /** From the end of the previous call (leading whitespace and comments included) to this call's end. */
  start: number;
  end: number;
}

/** The chain's method calls as contiguous text segments, or undefined when its text is not found. */
function chainSegments(text: string, model: ExtractedModel): Segment[] | undefined {
  const sf = ts.createSourceFile("order.causal.ts", text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const startAt = model.range.start.offset;
  let scmCall: ts.CallExpression | undefined;
  const stack: ts.Node[] = [sf];
  while (stack.length && !scmCall) {
    const n = stack.pop()!;
    if (n.end < startAt || n.pos > startAt) continue;
    if (ts.isCallExpression(n) && n.getStart(sf) === startAt && !ts.isPropertyAccessExpression(n.expression)) scmCall = n;
    else if (ts.isCallExpression(n) && n.getStart(sf) === startAt && ts.isPropertyAccessExpression(n.expression) && n.expression.name.text === "scm") scmCall = n;
    else ts.forEachChild(n, (c) => void stack.push(c));
  }
  if (!scmCall) return undefined;
  const { steps } = chainSteps(scmCall);
  return steps.map((step, i) => {
    const arg = step.call.arguments[0];
    const name = arg && (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg)) ? arg.text : undefined;
    const before: ts.Expression = i === 0 ? scmCall! : steps[i - 1].call;
    return { method: step.method, ...(name !== undefined ? { name } : {}), methodStart: step.methodName.getStart(sf), start: before.end, end: step.call.end };
  });
}

/**
 * Extraction's "parent declared later" diagnostics with advice that checks for a cycle first: it
 * suggests moving the declaration only when that makes the edge legal, and names the cycle when not.
 * (Matched by range: the diagnostic sits on the parent's name in the child's destructuring.)
 */
export function reviseLaterParentNotes(models: readonly ExtractedModel[], diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.map((d) => {
    if (d.code !== "parent-declared-later" || !d.range) return d;
    const at = d.range.start.offset;
    for (const model of models) {
      for (const v of model.variables) {
        const p = v.parents.find((q) => q.range.start.offset === at);
        if (p) return { ...d, notes: [laterParentNote(model, p.name, v.name)] };
      }
    }
    return d;
  });
}
