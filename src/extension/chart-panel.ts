/**
 * What the chart panels (Training, Diagnostics, Run) share: the webview panel beside the editor with
 * its page (a pure HTML function, the one the browser tests load) and the page's script and style
 * from dist/webview, with a fresh nonce; and the wiring every one of them needs — messages to its
 * `receive`, `hidden` when the panel is hidden (its page is gone, so the next "ready" replays the
 * run), and on close its disposables gone and its owner told.
 */
import { randomBytes } from "node:crypto";
import * as vscode from "vscode";
import type { PanelPageUris } from "./webview-html";

export interface ChartPage {
  viewType: string;
  title: string;
  html: (uris: PanelPageUris, nonce: string) => string;
  /** File names under dist/webview. */
  script: string;
  style: string;
}

export function createChartPanel(extensionUri: vscode.Uri, page: ChartPage): vscode.WebviewPanel {
  const root = vscode.Uri.joinPath(extensionUri, "dist", "webview");
  const panel = vscode.window.createWebviewPanel(page.viewType, page.title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { enableScripts: true, retainContextWhenHidden: false, localResourceRoots: [root] });
  const webview = panel.webview;
  const uri = (name: string) => webview.asWebviewUri(vscode.Uri.joinPath(root, name)).toString();
  webview.html = page.html({ cspSource: webview.cspSource, script: uri(page.script), style: uri(page.style) }, randomBytes(16).toString("base64"));
  return panel;
}

export function wireChartPanel(panel: vscode.WebviewPanel, on: { receive(raw: unknown): void; hidden(): void; disposed(): void }): void {
  const disposables: vscode.Disposable[] = [];
  disposables.push(
    panel.webview.onDidReceiveMessage((raw: unknown) => on.receive(raw)),
    panel.onDidChangeViewState(() => { if (!panel.visible) on.hidden(); }),
    panel.onDidDispose(() => {
      for (const d of disposables.splice(0)) d.dispose();
      on.disposed();
    }),
  );
}
