/** `causal-studio train` flags -> a checked TrainArgs; bad values are UsageErrors naming the flag. */
import { parseArgs } from "node:util";
import type { TrainBackend } from "../core/train/train-model";
import { UsageError } from "./cli-io";

export interface TrainArgs {
  file: string;
  data: string;
  map: Record<string, string>;
  levels: Record<string, string[]>;
  out?: string;
  epochs?: number;
  batch?: number;
  lr?: number;
  seed?: number;
  backend?: TrainBackend;
  /** 0 = no checkpoints. */
  checkpointEvery: number;
  resume: boolean;
  json: boolean;
  timeoutMs?: number;
  memoryMb?: number;
}

export const DEFAULT_CHECKPOINT_EVERY = 100;
const BACKENDS: readonly TrainBackend[] = ["auto", "wasm", "cpu", "node"];

export function parseTrainArgs(args: string[]): TrainArgs {
  const { values: v, positionals } = parseArgs({
    args, allowPositionals: true, strict: true,
    options: {
      data: { type: "string" }, map: { type: "string", multiple: true }, levels: { type: "string", multiple: true }, out: { type: "string" },
      epochs: { type: "string" }, batch: { type: "string" }, lr: { type: "string" }, seed: { type: "string" }, backend: { type: "string" },
      "checkpoint-every": { type: "string" }, resume: { type: "boolean" }, json: { type: "boolean" },
      "timeout-ms": { type: "string" }, "memory-mb": { type: "string" },
    },
  });
  if (positionals.length !== 1) throw new UsageError(positionals.length ? `expected one model file, got ${positionals.join(" ")}` : "missing the model file");
  if (!v.data) throw new UsageError("missing --data <file> (a CSV, Parquet or JSON-lines file with a column per variable)");
  if (v.backend !== undefined && !BACKENDS.includes(v.backend as TrainBackend)) throw new UsageError(`--backend takes ${BACKENDS.join(", ")}, got "${v.backend}"`);
  const int = (flag: string, raw: string | undefined, min: number) => {
    if (raw === undefined) return undefined;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min) throw new UsageError(`${flag} takes a whole number ≥ ${min}, got "${raw}"`);
    return n;
  };
  const lr = v.lr === undefined ? undefined : Number(v.lr);
  if (lr !== undefined && !(Number.isFinite(lr) && lr > 0)) throw new UsageError(`--lr takes a positive number, got "${v.lr}"`);
  const seed = v.seed === undefined ? undefined : Number(v.seed);
  if (seed !== undefined && !Number.isFinite(seed)) throw new UsageError(`--seed takes a number, got "${v.seed}"`);
  const opt = <K extends string, T>(k: K, x: T | undefined) => (x === undefined ? {} : ({ [k]: x } as Record<K, T>));
  return {
    file: positionals[0], data: v.data,
    map: pairs(v.map ?? [], "--map", (x) => x),
    levels: pairs(v.levels ?? [], "--levels", (x) => x.split(",").map((s) => s.trim()).filter(Boolean)),
    ...opt("out", v.out), ...opt("epochs", int("--epochs", v.epochs, 1)), ...opt("batch", int("--batch", v.batch, 1)),
    ...opt("lr", lr), ...opt("seed", seed), ...opt("backend", v.backend as TrainBackend | undefined),
    checkpointEvery: int("--checkpoint-every", v["checkpoint-every"], 0) ?? DEFAULT_CHECKPOINT_EVERY,
    resume: !!v.resume, json: !!v.json,
    ...opt("timeoutMs", int("--timeout-ms", v["timeout-ms"], 100)), ...opt("memoryMb", int("--memory-mb", v["memory-mb"], 64)),
  };
}

function pairs<T>(raw: string[], flag: string, value: (s: string) => T): Record<string, T> {
  const out: Record<string, T> = {};
  for (const r of raw) {
    const i = r.indexOf("=");
    if (i <= 0 || i === r.length - 1) throw new UsageError(`${flag} takes name=value, got "${r}"`);
    out[r.slice(0, i).trim()] = value(r.slice(i + 1).trim());
  }
  return out;
}
