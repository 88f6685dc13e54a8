/**
 * Graph-driven source edits: add a parent to (or remove it from) a child's destructuring
 * pattern with the smallest text change, keeping the author's formatting. Returns a Diagnostic
 * instead of edits when the change cannot be made (a cycle, a parent declared after the child,
 * a mechanism whose parents are not a destructuring pattern). Runs no user code.
 */
import ts from "typescript";
import { type Diagnostic, type TextEdit, error } from "../errors/diagnostic";
import { bindingText, identifiersIn } from "./binding-name";
import { cycleIfAdded, cycleMessage, laterParentNote, moveDeclarationEdits } from "./declaration-order";
import { didYouMean } from "./did-you-mean";
import { type ExtractedModel, extractModels } from "./extract-models";
import { LineIndex } from "./line-index";
import { asMechanismFunction, type MechanismFunction } from "./read-mechanism";
import { applyTextEdits, minimalEdit } from "./text-edits";

export interface ParentChange {
  op: "add" | "remove";
  parent: string;
  child: string;
}

export function parentEdits(text: string, model: ExtractedModel, change: ParentChange): TextEdit[] | Diagnostic {
  const { parent, child } = change;
  const names = model.variables.map((v) => v.name);
  const childIndex = names.indexOf(child);
  if (childIndex < 0) return error("unknown-variable", `model "${model.name}" has no variable "${child}".${didYouMean(child, names)}`);
  const childVar = model.variables[childIndex];
  const fn = findMechanism(text, childVar.declarationRange.start.offset);
  if (!fn) return error("unreadable-parents", `cannot edit the parents of "${child}": its mechanism is not an inline function`, childVar.declarationRange);
  const lines = new LineIndex(text, childVar.declarationRange.file);
  const edit = (start: number, end: number, newText: string): TextEdit => ({ range: lines.range(start, end), newText });
  const param = fn.fn.parameters[0];
  if (param && !ts.isObjectBindingPattern(param.name)) {
    return error("unreadable-parents", `cannot edit the parents of "${child}": its parameter is not destructured`, lines.range(param.getStart(fn.sf), param.end), ["write the mechanism as ({ a, b }) => ..."]);
  }
  const pattern = param?.name as ts.ObjectBindingPattern | undefined;
  const elements = pattern ? [...pattern.elements] : [];
  const keyOf = (el: ts.BindingElement) => {
    const k = el.propertyName ?? el.name;
    return ts.isIdentifier(k) || ts.isStringLiteral(k) ? k.text : undefined;
  };
  const existing = elements.findIndex((el) => keyOf(el) === parent);

  if (change.op === "remove") {
    if (existing < 0) return error("unknown-parent", `"${child}" does not read "${parent}"`, childVar.declarationRange);
    if (elements.length === 1) return [edit(param!.getStart(fn.sf), param!.end, "")];
    const el = elements[existing];
    if (existing < elements.length - 1) return [edit(el.getStart(fn.sf), elements[existing + 1].getStart(fn.sf), "")];
    return [edit(elements[existing - 1].end, el.end, "")];
  }

  const parentIndex = names.indexOf(parent);
  if (parentIndex < 0) return error("unknown-variable", `model "${model.name}" has no variable "${parent}".${didYouMean(parent, names)}`);
  if (existing >= 0) return [];
  const cycle = cycleIfAdded(model, parent, child);
  if (cycle) return error("cycle", cycleMessage(parent, child, cycle), childVar.declarationRange);
  if (parentIndex > childIndex) {
    return error("parent-declared-later", `"${parent}" is declared after "${child}", so "${child}" cannot read it`, childVar.declarationRange, [
      `${laterParentNote(model, parent, child)}, then add the edge again`,
    ]);
  }
  const written = bindingText(parent, identifiersIn(fn.fn)); // `a`, or `"a b": a_b` (binding-name.ts)
  if (!pattern) {
    const params = fn.fn.parameters;
    return [edit(params.pos, params.end, `{ ${written} }`)];
  }
  if (elements.length === 0) return [edit(pattern.getStart(fn.sf), pattern.end, `{ ${written} }`)];
  const rest = elements.findIndex((el) => el.dotDotDotToken);
  if (rest >= 0) return [edit(elements[rest].getStart(fn.sf), elements[rest].getStart(fn.sf), `${written}, `)];
  const last = elements[elements.length - 1];
  return [edit(last.end, last.end, `${separator(text, pattern, elements, fn.sf)}${written}`)];
}

/** ", " on one line; ",\n<indent>" when the pattern puts its elements on separate lines. */
function separator(text: string, pattern: ts.ObjectBindingPattern, elements: ts.BindingElement[], sf: ts.SourceFile): string {
  const last = elements[elements.length - 1];
  const before = elements.length > 1 ? elements[elements.length - 2].end : pattern.getStart(sf) + 1;
  const gap = text.slice(before, last.getStart(sf));
  const nl = gap.lastIndexOf("\n");
  return nl < 0 ? ", " : `,\n${gap.slice(nl + 1)}`;
}

/**
 * A legal edge whose parent is declared after the child: move the parent's declaration (with the
 * ancestors it needs) above the child, then add the parent to the child's destructuring, as one edit
 * (one undo step). A Diagnostic when either step cannot be made (a cycle, a .param between them).
 */
export function moveThenAddEdits(text: string, model: ExtractedModel, change: Omit<ParentChange, "op">): TextEdit[] | Diagnostic {
  const moved = moveDeclarationEdits(text, model, change.parent, change.child);
  if (!Array.isArray(moved)) return moved;
  const file = model.range.file;
  const movedText = applyTextEdits(text, moved);
  const again = extractModels(movedText, file).models.find((m) => m.range.start.offset === model.range.start.offset);
  if (!again) return error("internal", `model "${model.name}" could not be read after moving "${change.parent}"`);
  const added = parentEdits(movedText, again, { op: "add", ...change });
  if (!Array.isArray(added)) return added;
  return minimalEdit(text, applyTextEdits(movedText, added), file);
}

/** The mechanism function of the declaration whose method name starts at `offset`. */
function findMechanism(text: string, offset: number): { fn: MechanismFunction; sf: ts.SourceFile } | undefined {
  const sf = ts.createSourceFile("edit.causal.ts", text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  let found: MechanismFunction | undefined;
  const visit = (n: ts.Node): void => {
    if (found || offset < n.pos || offset > n.end) return;
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && n.expression.name.getStart(sf) === offset) {
      found = asMechanismFunction(n.arguments[1]);
      return;
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return found ? { fn: found, sf } : undefined;
}
