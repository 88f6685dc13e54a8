/** How `causal-studio train` prints: the progress bar line, the final table, and the --json object (README-json.md). Pure. */
import { relative } from "node:path";
import type { TrainJob, TrainJobResult } from "../core/io/train-job";
import type { TrainProgress } from "../core/train/train-model";
import { groupParamRows } from "../protocol/param-groups";

const WIDTH = 24;

/** One line: mechanism, method, epoch, a bar of the steps, loss, steps/s and the time left at that rate. */
export function formatProgressBar(p: TrainProgress): string {
  const frac = p.steps > 0 ? Math.min(1, Math.max(0, p.step / p.steps)) : 0;
  const filled = Math.round(frac * WIDTH);
  const left = p.stepsPerSecond > 0 && p.steps > p.step ? (p.steps - p.step) / p.stepsPerSecond : undefined;
  const epoch = p.epochs > 0 ? `  epoch ${p.epoch}/${p.epochs}` : "";
  return `${p.mechanism} (${p.method})${epoch}  [${"#".repeat(filled)}${".".repeat(WIDTH - filled)}] ${String(Math.round(frac * 100)).padStart(3)}%  loss ${fmt(p.loss)}  ${p.stepsPerSecond.toFixed(1)} steps/s  ETA ${left === undefined ? "--:--" : clock(left)}`;
}

export function formatTrainResult(r: TrainJobResult, cwd: string): string {
  const data = relative(cwd, r.data.file) || r.data.file;
  const lines = [`fitted "${r.model}" on ${data} (${r.rows} rows) in ${(r.elapsedMs / 1000).toFixed(1)} s, log-likelihood ${r.logLikelihood.toFixed(4)}${r.stopped ? " (stopped early)" : ""}`];
  lines.push(`  ${"mechanism".padEnd(14)} ${"method".padEnd(12)} ${"final loss".padStart(12)} ${"steps".padStart(7)}`);
  for (const m of r.mechanisms) lines.push(`  ${m.mechanism.padEnd(14)} ${m.method.padEnd(12)} ${fmt(m.finalLoss).padStart(12)} ${String(m.steps).padStart(7)}${m.converged ? "" : "  (not converged)"}`);
  const groups = groupParamRows(r.table);
  const w = Math.min(28, Math.max(14, ...r.table.map((row) => row.name.length)));
  lines.push(`  ${"param".padEnd(w)} ${"value".padStart(14)}   standard error`);
  for (const g of groups) {
    if (g.kind === "summary") lines.push(`  ${g.name.padEnd(w)} ${`[${g.count} values]`.padStart(14)}   —  (from ${fmt(g.min)} to ${fmt(g.max)}; every value is in the parameters file)`);
    else for (const row of g.rows) lines.push(`  ${row.name.padEnd(w)} ${fmt(row.value).padStart(14)}   ${row.standardError === undefined ? "—" : `(se ${fmt(row.standardError)})`}`);
  }
  for (const [k, lv] of Object.entries(r.data.levels ?? {})) lines.push(`  levels of ${k}: ${lv.map((l, i) => `${i}=${l}`).join(", ")}`);
  const extra = [r.backend ? `backend ${r.backend}` : "", r.stepsPerSecond !== undefined ? `${r.stepsPerSecond.toFixed(1)} steps/s` : "", r.checkpoints ? `${r.checkpoints} checkpoint${r.checkpoints === 1 ? "" : "s"}` : ""].filter(Boolean);
  if (extra.length) lines.push(`  ${extra.join(", ")}`);
  lines.push(`wrote ${r.paramsFile} (use it with: causal-studio query <model> --params ${r.paramsFile} ...)`);
  return lines.join("\n") + "\n";
}

/** The --json object: the schema is in README-json.md (TrainJson). */
export function trainJson(file: string, job: TrainJob, r: TrainJobResult) {
  return {
    file, paramsFile: r.paramsFile, model: r.model, rows: r.rows,
    epochs: job.epochs ?? null,
    finalLoss: Object.fromEntries(r.mechanisms.map((m) => [m.mechanism, m.finalLoss])),
    mechanisms: r.mechanisms,
    backend: r.backend ?? null, stepsPerSecond: r.stepsPerSecond ?? null,
    params: r.params, standardErrors: r.standardErrors,
    data: { file: r.data.file, rows: r.data.rows, ...(r.data.map ? { map: r.data.map } : {}), ...(r.data.levels ? { levels: r.data.levels } : {}) },
    logLikelihood: r.logLikelihood, stopped: r.stopped, checkpoints: r.checkpoints, ...(r.resumedFrom ? { resumedFrom: r.resumedFrom } : {}), trainedAt: r.trainedAt,
  };
}

function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  return Math.abs(x) >= 1e4 || (Math.abs(x) < 1e-3 && x !== 0) ? x.toExponential(4) : x.toFixed(6);
}

function clock(seconds: number): string {
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
  return `${h ? `${h}:${String(m).padStart(2, "0")}` : m}:${String(r).padStart(2, "0")}`;
}
