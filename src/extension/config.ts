/** The extension's settings (package.json `contributes.configuration`), read fresh on each use. */
import * as vscode from "vscode";
import type { LayoutDirection } from "../protocol/messages";
import { DEFAULT_MAX_NODES } from "./graph-source";

export interface Config { debounceMs: number; layoutDirection: LayoutDirection; maxNodes: number }

export function readConfig(): Config {
  const c = vscode.workspace.getConfiguration("causalStudio");
  const debounceMs = c.get<number>("debounceMs", 150);
  const direction = c.get<string>("layoutDirection", "DOWN");
  const maxNodes = c.get<number>("maxNodes", DEFAULT_MAX_NODES);
  return {
    debounceMs: Number.isFinite(debounceMs) ? Math.min(Math.max(debounceMs, 0), 5000) : 150,
    layoutDirection: direction === "RIGHT" ? "RIGHT" : "DOWN",
    maxNodes: Number.isFinite(maxNodes) && maxNodes > 0 ? Math.floor(maxNodes) : DEFAULT_MAX_NODES,
  };
}
