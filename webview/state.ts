/**
 * The webview's persisted UI state (VS Code keeps it while the panel is hidden and across reloads
 * through getState/setState): the last positions, the zoom transform, the selected node and whether
 * the legend is folded, the evidence of the last diagnosis shown, and the query draft of each model
 * (query/query-panel.ts: restored when the user comes back to that model, also after a reload).
 */
import type { EvidenceDto } from "../src/protocol/messages";
import type { PlacedNode } from "./layout";

export interface ViewState {
  positions: Record<string, { x: number; y: number; width: number; height: number }>;
  zoom?: { k: number; x: number; y: number };
  selected?: string;
  /** The user's choice for the legend (undefined: not chosen yet, the legend folds itself in a short panel). */
  legendCollapsed?: boolean;
  /** Whether the "Testable implications" list is open (render/implications.ts; undefined: folded). */
  implicationsOpen?: boolean;
  /** The last diagnosis's evidence shown on the graph (render/evidence.ts), until cleared or another model is drawn. */
  evidence?: EvidenceDto;
  /** Per model (GraphUpdate.modelKey): its query draft and whether Intervene was on; read back through query-state.ts's readDraft. */
  queries?: Record<string, unknown>;
}

export interface StateStore {
  getState(): unknown;
  setState(state: unknown): void;
}

export function loadState(store: StateStore): ViewState {
  const raw = store.getState();
  if (typeof raw === "object" && raw !== null && "positions" in raw && typeof (raw as ViewState).positions === "object") return raw as ViewState;
  return { positions: {} };
}

export function positionsOf(state: ViewState): Map<string, PlacedNode> | undefined {
  const entries = Object.entries(state.positions);
  if (entries.length === 0) return undefined;
  return new Map(entries.map(([id, p]) => [id, { id, ...p }]));
}

export function saveState(store: StateStore, state: ViewState): void {
  store.setState(state);
}
