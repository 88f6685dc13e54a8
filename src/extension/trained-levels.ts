/**
 * The names of categorical levels the panel's model was trained with: a parameters file written by
 * training keeps each categorical column's levels (data.levels, in level-index order, e.g. "low",
 * "mid", "high"), which the DAG panel's value list shows beside the level numbers. The model's code
 * names no levels (categorical(p) draws 0..k-1), so these are the only names there are.
 * Read synchronously (the graph message goes out on every edit) and cached by the file's mtime.
 */
import { readFileSync, statSync } from "node:fs";
import type { GraphNodeDto } from "../protocol/messages";

const cache = new Map<string, { mtimeMs: number; levels: Record<string, string[]> | undefined }>();

/** `data.levels` of a parameters file, or undefined (no file, not JSON, no levels). Never throws. */
export function trainedLevels(paramsFile: string): Record<string, string[]> | undefined {
  try {
    const { mtimeMs } = statSync(paramsFile);
    const hit = cache.get(paramsFile);
    if (hit && hit.mtimeMs === mtimeMs) return hit.levels;
    const json = JSON.parse(readFileSync(paramsFile, "utf8")) as { data?: { levels?: unknown } };
    const raw = json?.data?.levels;
    let levels: Record<string, string[]> | undefined;
    if (typeof raw === "object" && raw !== null) {
      levels = Object.fromEntries(Object.entries(raw).filter(([, v]) => Array.isArray(v) && v.every((x) => typeof x === "string")) as [string, string[]][]);
      if (Object.keys(levels).length === 0) levels = undefined;
    }
    cache.set(paramsFile, { mtimeMs, levels });
    return levels;
  } catch {
    return undefined;
  }
}

/** The nodes with their level names, where the names fit the node's support (as many as a finite support's values, or any count for whole numbers from 0). */
export function withLevels(nodes: GraphNodeDto[], levels: Record<string, string[]> | undefined): GraphNodeDto[] {
  if (!levels) return nodes;
  return nodes.map((n) => {
    const names = Object.hasOwn(levels, n.id) ? levels[n.id] : undefined;
    const s = n.support;
    const fits = names && names.length > 0 && s && ((s.kind === "finite" && s.values.length === names.length && s.values.every((v, i) => v === i)) || (s.kind === "integer" && (s.min ?? 0) === 0));
    return fits ? { ...n, levels: [...names] } : n;
  });
}
