/**
 * What the editor remembers per model file (workspaceState): the data file last trained on (the
 * Train Model… dialog opens there) and the last training's parameters file, which the DAG panel's
 * Run passes to the query job and names in its "trained on wages.csv, 4,000 rows, <time>" line.
 * Pure, over a Memento-like store, so commands tests pass a Map.
 */
import { basename } from "node:path";

export interface StateStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void> | Promise<void>;
}

export interface TrainedRecord {
  paramsFile: string;
  /** The data file, absolute. */
  data: string;
  rows: number;
  /** ISO time. */
  trainedAt: string;
}

const dataKey = (modelFile: string) => `causalStudio.trainData:${modelFile}`;
const trainedKey = (modelFile: string) => `causalStudio.trained:${modelFile}`;

export const rememberedData = (state: StateStore, modelFile: string) => state.get<string>(dataKey(modelFile));
export const rememberData = (state: StateStore, modelFile: string, data: string) => state.update(dataKey(modelFile), data);
export const trainedParams = (state: StateStore, modelFile: string) => state.get<TrainedRecord>(trainedKey(modelFile));
export const recordTrained = (state: StateStore, modelFile: string, r: TrainedRecord) => state.update(trainedKey(modelFile), r);

/** "trained on wages.csv, 4,000 rows, 2026-12-01 23:40" (local time). */
export function trainedLabel(r: TrainedRecord): string {
  const t = new Date(r.trainedAt);
  const pad = (n: number) => String(n).padStart(2, "0");
  const when = Number.isNaN(t.getTime()) ? r.trainedAt : `${t.getFullYear()}-${pad(t.getMonth() + 1)}-${pad(t.getDate())} ${pad(t.getHours())}:${pad(t.getMinutes())}`;
  return `trained on ${basename(r.data)}, ${r.rows.toLocaleString("en-US")} rows, ${when}`;
}

/** `<model>.params.json` beside the model, as the CLI writes by default. */
export function defaultParamsFile(modelFile: string): string {
  return modelFile.replace(/\.causal\.ts$|\.ts$/, "") + ".params.json";
}
