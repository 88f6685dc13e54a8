/**
 * Stale parent reads: a mechanism whose body reads another variable of its model by name without
 * declaring it as a parent, typically left behind when an edge was deleted from the diagram (the
 * parent leaves the destructuring, its uses stay). The runtime would throw a ReferenceError at the
 * first query; this finds it statically, at each use, with what would make it legal again.
 * Runs no user code.
 */
import ts from "typescript";
import { type Diagnostic, type SourceRange, error } from "../errors/diagnostic";
import { cycleIfAdded, cycleMessage, laterParentNote } from "./declaration-order";
import type { ExtractedModel } from "./extract-models";
import { freeReads } from "./free-reads";
import { LineIndex } from "./line-index";

export interface StaleRead {
  modelIndex: number;
  child: string;
  parent: string;
  /** The identifier in the mechanism, e.g. `experience` in `normal(education + experience, 1)`. */
  range: SourceRange;
}

/** Every stale read in the models of `text` (as extracted from it), in source order. */
export function findStaleReads(text: string, models: readonly ExtractedModel[], file?: string): StaleRead[] {
  if (models.length === 0) return [];
  const sf = ts.createSourceFile(file ?? "model.causal.ts", text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const lines = new LineIndex(text, file);
  const byMethodStart = declarationCalls(sf, new Set(models.flatMap((m) => m.variables.map((v) => v.declarationRange.start.offset))));
  const out: StaleRead[] = [];
  const scopes = new Map<ts.Node, Set<string>>();
  models.forEach((model, modelIndex) => {
    const names = new Set(model.variables.map((v) => v.name));
    for (const v of model.variables) {
      const mechanism = byMethodStart.get(v.declarationRange.start.offset)?.arguments[1];
      if (!mechanism) continue;
      // Cheap pre-filter (most mechanisms read only their parents): the identifiers in the mechanism's text.
      const declared = new Set(v.parents.map((p) => p.name));
      const words = text.slice(mechanism.getStart(sf), mechanism.end).match(/[A-Za-z_$][\w$]*/g) ?? [];
      const candidates = new Set(words.filter((w) => w !== v.name && names.has(w) && !declared.has(w)));
      if (candidates.size === 0) continue;
      for (const id of freeReads(mechanism, candidates, sf, scopes)) {
        out.push({ modelIndex, child: v.name, parent: id.text, range: lines.range(id.getStart(sf), id.end) });
      }
    }
  });
  return out;
}

/** The Problems-panel entry for one stale read: an error (the query would throw), with what makes it legal. */
export function staleReadDiagnostic(read: StaleRead, model: ExtractedModel): Diagnostic {
  const { child, parent } = read;
  const names = model.variables.map((v) => v.name);
  const later = names.indexOf(parent) > names.indexOf(child);
  const cycle = cycleIfAdded(model, parent, child);
  const note = cycle
    ? `it cannot become one: ${cycleMessage(parent, child, cycle)}; stop reading "${parent}" here`
    : later
      ? `"${parent}" is declared after "${child}": ${laterParentNote(model, parent, child)}, then declare it as a parent, or stop reading it`
      : `declare it as a parent (add "${parent}" to the destructured parameter) to keep the edge ${parent} → ${child}, or stop reading it`;
  const message = later
    ? `${child}'s mechanism reads ${parent}, which is not one of its parents (it is declared after ${child})`
    : `${child}'s mechanism still reads ${parent}, which is no longer one of its parents`;
  return error("undeclared-parent-read", message, read.range, [note]);
}

/** All stale reads of `text` as diagnostics. */
export function staleParentDiagnostics(text: string, models: readonly ExtractedModel[], file?: string): Diagnostic[] {
  return findStaleReads(text, models, file).map((r) => staleReadDiagnostic(r, models[r.modelIndex]));
}

/** The `.variable(...)` / `.latent(...)` calls whose method name starts at one of `starts` (an explicit stack: chains nest deeply). */
function declarationCalls(sf: ts.SourceFile, starts: Set<number>): Map<number, ts.CallExpression> {
  const found = new Map<number, ts.CallExpression>();
  const stack: ts.Node[] = [sf];
  while (stack.length) {
    const n = stack.pop()!;
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression)) {
      const at = n.expression.name.getStart(sf);
      if (starts.has(at)) found.set(at, n);
    }
    ts.forEachChild(n, (c) => void stack.push(c));
  }
  return found;
}
