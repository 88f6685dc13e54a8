/**
 * The DAG panel's source edits, host side: an edge request from the diagram becomes one ordinary,
 * undoable WorkspaceEdit of the panel's document, and Ctrl+Z / Ctrl+Shift+Z in the panel undo / redo
 * on that document.
 * - Removing an edge whose parent the mechanism still reads: the edit is made (it is what the user
 *   asked, often the first step of a change they finish in the code, and it is one Undo away), then a
 *   warning names the stale use with Undo and Show buttons; the Problems panel keeps the diagnostic
 *   and its "Keep the edge" quick fix until the mechanism stops reading it.
 * - Adding a legal edge whose parent is declared after the child: offer to move the declaration (with
 *   the ancestors it needs) and connect, as one edit. An edge that would close a cycle is refused,
 *   naming the cycle.
 * - Undo runs VS Code's own `undo` in an editor of the panel's document (shown first, so it is that
 *   document and not whatever editor was active), then gives the focus back to the panel. So the
 *   panel and the editor share one history: redo in either works, and nothing is undone twice. (An
 *   inverse edit applied by the extension would itself land on the editor's undo stack, and Ctrl+Z in
 *   the editor would then redo the graph edit.)
 */
import * as vscode from "vscode";
import type { TextEdit } from "../core/errors/diagnostic";
import { moveThenAddEdits, parentEdits } from "../core/extract/edit-parents";
import { DOES_NOT_PARSE, isSyntaxError } from "../core/extract/parse-source";
import { findStaleReads } from "../core/extract/stale-parents";
import { dagittyEdgeEdits } from "../core/graph/index";
import type { EdgeRequest, ToWebview } from "../protocol/messages";
import { toVscodeRange } from "./diagnostics";
import { type GraphSource, graphFileName, readGraphSource } from "./graph-source";
import { refusalNotice } from "./refusal-notices";

export interface EditTarget {
  document: vscode.TextDocument;
  source: GraphSource;
  modelIndex: number;
  fileLabel: string;
  panel: vscode.WebviewPanel;
  post(message: ToWebview): void;
  log(line: string): void;
}

export async function editEdge(t: EditTarget, req: EdgeRequest): Promise<void> {
  const text = t.document.getText();
  if (t.source.kind === "bif") throw new Error(`${t.fileLabel} is a BIF network: an arrow is a parent in a probability table, so edit the table in the file (probability ( child | parents ) { … })`);
  if (t.source.kind === "dagitty") return apply(t, req, dagittyEdgeEdits(text, { op: req.op, from: req.from, to: req.to, kind: req.kind }));
  const model = t.source.models[Math.min(t.modelIndex, t.source.models.length - 1)];
  if (!model) throw new Error(`${t.fileLabel} holds no model to edit`);
  // A file that does not parse is read by guesswork (parse-source.ts): an edit could land in the wrong place.
  const broken = t.source.diagnostics.find(isSyntaxError);
  if (broken) throw new Error(`${t.fileLabel} does not parse (line ${broken.range?.start.line ?? "?"}: ${broken.message.slice(DOES_NOT_PARSE.length)}); fix it before editing the graph`);
  if (req.kind === "bidirected") throw new Error("hidden confounding between two variables is declared in the model code (a shared latent parent), not drawn");
  const change = { parent: req.from, child: req.to };
  const result = parentEdits(text, model, { op: req.op, ...change });
  if (Array.isArray(result)) {
    await apply(t, req, result);
    if (req.op === "remove" && result.length) await warnStaleUses(t, change);
    return;
  }
  if (result.code === "parent-declared-later") {
    const move = `Move ${req.from} Up and Connect`;
    const pick = await vscode.window.showWarningMessage(`Causal Studio: ${req.from} is declared after ${req.to}, so ${req.to} cannot read it yet. ${capitalise(result.notes?.[0]?.replace(/, then add the edge again$/, "") ?? "")} and add the edge ${req.from} → ${req.to}?`, move);
    if (pick !== move) return;
    const moved = moveThenAddEdits(t.document.getText(), model, change);
    if (!Array.isArray(moved)) throw new Error(moved.message);
    return apply(t, req, moved, `moved ${req.from} above ${req.to} and `);
  }
  t.post({ type: "notice", level: "error", message: result.message });
  throw new Error(result.message);
}

async function apply(t: EditTarget, req: EdgeRequest, edits: TextEdit[], prefix = ""): Promise<void> {
  if (edits.length === 0) {
    t.post(refusalNotice(`nothing to change (${req.from} ${req.op === "add" ? "already points to" : "does not point to"} ${req.to}).`, "info"));
    return;
  }
  const edit = new vscode.WorkspaceEdit();
  for (const e of edits) edit.replace(t.document.uri, toVscodeRange(e.range), e.newText);
  const ok = await vscode.workspace.applyEdit(edit);
  if (!ok) throw new Error(`VS Code refused the edit to ${t.fileLabel} (is it read-only?)`);
  t.log(`${prefix}${req.op === "add" ? "added" : "removed"} ${req.from} ${req.kind === "bidirected" ? "<->" : "->"} ${req.to} in ${t.fileLabel}`);
}

/** After removing parent -> child: if the mechanism still reads the parent, say where, with Undo and Show. */
async function warnStaleUses(t: EditTarget, change: { parent: string; child: string }): Promise<void> {
  const text = t.document.getText();
  const models = readGraphSource(text, graphFileName(t.document)).models;
  const uses = findStaleReads(text, models).filter((r) => r.parent === change.parent && r.child === change.child);
  if (uses.length === 0) return;
  const where = uses.map((u) => `line ${u.range.start.line}`).filter((l, i, all) => all.indexOf(l) === i).join(", ");
  const message = `Causal Studio: removed ${change.parent} → ${change.child}, but ${change.child}'s mechanism still reads ${change.parent} (${where}); the next query would fail. Undo, or stop reading it there.`;
  t.log(message);
  const pick = await vscode.window.showWarningMessage(message, "Undo", "Show");
  if (pick === "Undo") await undoInDocument(t, false);
  else if (pick === "Show") {
    const r = toVscodeRange(uses[0].range);
    const editor = await vscode.window.showTextDocument(t.document, { viewColumn: columnOf(t.document), preserveFocus: false });
    editor.selection = new vscode.Selection(r.start, r.end);
    editor.revealRange(r, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }
}

/** Undo (redo) the last edit of the panel's document in its editor, then focus the panel again. */
export async function undoInDocument(t: Pick<EditTarget, "document" | "panel" | "fileLabel" | "log">, redo: boolean): Promise<void> {
  const before = t.document.version;
  await vscode.window.showTextDocument(t.document, { viewColumn: columnOf(t.document), preserveFocus: false });
  await vscode.commands.executeCommand(redo ? "redo" : "undo");
  t.panel.reveal(t.panel.viewColumn, false);
  t.log(`${redo ? "redo" : "undo"} in ${t.fileLabel} from the DAG view (${t.document.version === before ? "nothing to " + (redo ? "redo" : "undo") : "document changed"})`);
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function columnOf(document: vscode.TextDocument): vscode.ViewColumn {
  return vscode.window.visibleTextEditors.find((e) => e.document === document)?.viewColumn ?? vscode.ViewColumn.One;
}
