/**
 * Where the DAG panel lives in the workbench (issue 12, item 7). A webview's editor group becomes the
 * active one as soon as the user clicks in it, and VS Code opens the next file (Quick Open, the Explorer)
 * in the active group: on top of the DAG, which then disappears behind it. A locked group is skipped for
 * that (VS Code's own "Lock Group": a lock icon in the group's title bar, which the user can undo), so
 * the DAG's group is locked when the DAG is alone in it, and new files open beside the code instead.
 * `workbench.action.lockEditorGroup` acts on the active group: the panel is created focused, locked once
 * its group is the active one, and the code's editor gets the focus back (where it was visible).
 */
import * as vscode from "vscode";

const isDag = (viewType: string) => (t: vscode.Tab) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith(viewType);

/** Resolves with the DAG's tab group once it is the active group (or undefined after `ms`). */
async function activeDagGroup(viewType: string, ms: number): Promise<vscode.TabGroup | undefined> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 25))) {
    const group = vscode.window.tabGroups.all.find((g) => g.tabs.some(isDag(viewType)));
    if (group?.isActive) return group;
  }
  return undefined;
}

export async function keepOwnGroup(panel: vscode.WebviewPanel, viewType: string, code: vscode.TextDocument, codeColumn: vscode.ViewColumn | undefined, log: (line: string) => void): Promise<void> {
  const group = await activeDagGroup(viewType, 3000);
  if (!group) log("the DAG's editor group did not become active: left unlocked");
  else if (group.tabs.length !== 1) log(`the DAG shares its editor group with ${group.tabs.length - 1} other editor(s): left unlocked`);
  else {
    await vscode.commands.executeCommand("workbench.action.lockEditorGroup");
    log(`locked the DAG's editor group (column ${group.viewColumn}): new files open beside the code`);
  }
  if (codeColumn !== undefined && panel.viewColumn !== codeColumn) await vscode.window.showTextDocument(code, { viewColumn: codeColumn, preserveFocus: false });
}
