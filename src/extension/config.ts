/** The extension's settings (package.json `contributes.configuration`), read fresh on each use (through ctx.config). */
import * as vscode from "vscode";
import { DEFAULT_MEMORY_MB, DEFAULT_SCRIPT_LIMITS, DEFAULT_TIMEOUT_MS, DEFAULT_TRAIN_TIMEOUT_MS } from "../core/io/model-process";
import type { LayoutDirection } from "../protocol/messages";
import { DEFAULT_MAX_NODES } from "./graph-source";

/** causalStudio.debounceMs's default: the pause after the last keystroke before a slow model's DAG, and the Problems panel, refresh. */
export const DEFAULT_DEBOUNCE_MS = 100;

export interface Config {
  /** Only for documents whose refresh is slow (refresh-schedule.ts): a cheap model's DAG redraws on every keystroke. */
  debounceMs: number;
  layoutDirection: LayoutDirection;
  maxNodes: number;
  /** The model process's limits: causalStudio.queryTimeoutMs and causalStudio.queryMemoryMb. */
  runner: { timeoutMs: number; memoryMb: number };
  /** Training's own limit in the same process: causalStudio.trainTimeoutMs (default 30 min). */
  trainTimeoutMs: number;
  /** Run Script's limits (as `causal-studio run`'s --timeout-ms and --memory-mb): causalStudio.scriptTimeoutMs and causalStudio.scriptMemoryMb. */
  script: { timeoutMs: number; memoryMb: number };
}

export function readConfig(): Config {
  const c = vscode.workspace.getConfiguration("causalStudio");
  const debounceMs = c.get<number>("debounceMs", DEFAULT_DEBOUNCE_MS);
  const direction = c.get<string>("layoutDirection", "DOWN");
  const maxNodes = c.get<number>("maxNodes", DEFAULT_MAX_NODES);
  const timeoutMs = c.get<number>("queryTimeoutMs", DEFAULT_TIMEOUT_MS);
  const memoryMb = c.get<number>("queryMemoryMb", DEFAULT_MEMORY_MB);
  const trainTimeoutMs = c.get<number>("trainTimeoutMs", DEFAULT_TRAIN_TIMEOUT_MS);
  const scriptTimeoutMs = c.get<number>("scriptTimeoutMs", DEFAULT_SCRIPT_LIMITS.timeoutMs);
  const scriptMemoryMb = c.get<number>("scriptMemoryMb", DEFAULT_SCRIPT_LIMITS.memoryMb);
  return {
    debounceMs: Number.isFinite(debounceMs) ? Math.min(Math.max(debounceMs, 0), 5000) : DEFAULT_DEBOUNCE_MS,
    layoutDirection: direction === "RIGHT" ? "RIGHT" : "DOWN",
    maxNodes: Number.isFinite(maxNodes) && maxNodes > 0 ? Math.floor(maxNodes) : DEFAULT_MAX_NODES,
    runner: {
      timeoutMs: Number.isFinite(timeoutMs) && timeoutMs >= 100 ? Math.floor(timeoutMs) : DEFAULT_TIMEOUT_MS,
      memoryMb: Number.isFinite(memoryMb) && memoryMb >= 64 ? Math.floor(memoryMb) : DEFAULT_MEMORY_MB,
    },
    trainTimeoutMs: Number.isFinite(trainTimeoutMs) && trainTimeoutMs >= 1000 ? Math.floor(trainTimeoutMs) : DEFAULT_TRAIN_TIMEOUT_MS,
    script: {
      timeoutMs: Number.isFinite(scriptTimeoutMs) && scriptTimeoutMs >= 1000 ? Math.floor(scriptTimeoutMs) : DEFAULT_SCRIPT_LIMITS.timeoutMs,
      memoryMb: Number.isFinite(scriptMemoryMb) && scriptMemoryMb >= 64 ? Math.floor(scriptMemoryMb) : DEFAULT_SCRIPT_LIMITS.memoryMb,
    },
  };
}
