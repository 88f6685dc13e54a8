/**
 * `causal-studio train <file.causal.ts> --data <file>`: reads the data (CSV, Parquet, JSON-lines)
 * with core's data layer, fits the model's params by maximum likelihood (every variable must have
 * a column; `--map var=column` binds one under another name; `--levels var=a,b,c` states a
 * categorical column's level order, else the first-seen order is used and printed), prints the
 * fitted values with standard errors and writes them, atomically, to the parameters file that
 * `causal-studio query --params` reads. Training with gradients (TensorFlow.js) comes later; this
 * is the maximum-likelihood path for models with up to a few dozen params.
 */
import { parseArgs } from "node:util";
import { basename, dirname, join } from "node:path";
import { CausalError, type Diagnostic, error } from "../core/errors/diagnostic";
import { graphFileKind } from "../core/extract/graph-file-kind";
import { extractModels } from "../core/extract/extract-models";
import { writeFileAtomic } from "../core/io/atomic-write";
import { remapDiagnostic } from "../core/io/error-location";
import { loadModelFile } from "../core/io/load-module";
import { readTextFile } from "../core/io/read-text-file";
import { readTable } from "../core/data/read-table";
import { fitMaximumLikelihood } from "../core/train/fit";
import { type CliIo, EXIT_ERROR, EXIT_OK, report, UsageError } from "./cli-io";

export async function trainCommand(args: string[], io: CliIo): Promise<number> {
  const { values: v, positionals } = parseArgs({
    args, allowPositionals: true, strict: true,
    options: { data: { type: "string" }, map: { type: "string", multiple: true }, levels: { type: "string", multiple: true }, out: { type: "string" }, json: { type: "boolean" } },
  });
  if (positionals.length !== 1) throw new UsageError(positionals.length ? `expected one model file, got ${positionals.join(" ")}` : "missing the model file");
  if (!v.data) throw new UsageError("missing --data <file> (a CSV, Parquet or JSON-lines file with a column per variable)");
  const file = positionals[0];
  if (graphFileKind(file) !== "typescript") throw new UsageError(`train needs a TypeScript model file (.causal.ts), got "${file}"`);
  const map = pairs(v.map ?? [], "--map", (x) => x);
  const levels = pairs(v.levels ?? [], "--levels", (x) => x.split(",").map((s) => s.trim()).filter(Boolean));

  const read = await readTextFile(file);
  if ("diagnostics" in read) return report(io, read.diagnostics), EXIT_ERROR;
  const sources = new Map([[read.file, read.text]]);
  if (report(io, extractModels(read.text, read.file).diagnostics, sources)) return EXIT_ERROR;
  const loaded = await loadModelFile(read.file);
  if ("diagnostics" in loaded) return report(io, loaded.diagnostics, sources), EXIT_ERROR;
  const m = loaded.model;
  const names = m.spec().variables.map((x) => x.name);
  const table = await readTable(v.data, { columns: names, map, levels });
  let fit;
  try {
    fit = fitMaximumLikelihood(m, table);
  } catch (e) {
    if (e instanceof CausalError) return report(io, [remapDiagnostic(e.diagnostic, loaded.info)], sources), EXIT_ERROR;
    throw e;
  }
  const stated: Record<string, readonly string[]> = {};
  for (const [name, col] of table.columns) if (col.kind === "categorical") stated[name] = col.levels;
  const out = v.out ?? join(dirname(read.file), `${basename(read.file).replace(/\.causal\.ts$|\.ts$/, "")}.params.json`);
  const params = fit.params.toJSON();
  const standardErrors = Object.fromEntries(Object.entries(fit.standardErrors).map(([k, s]) => [k, typeof s === "number" ? s : Array.from(s)]));
  const saved = {
    model: m.name, params, standardErrors,
    data: { file: v.data, rows: table.rowCount, ...(Object.keys(map).length ? { map } : {}), ...(Object.keys(stated).length ? { levels: stated } : {}) },
    logLikelihood: fit.logLikelihood.total, iterations: fit.iterations, converged: fit.converged, method: "maximum likelihood (BFGS)",
  };
  await writeFileAtomic(out, JSON.stringify(saved, null, 2) + "\n");
  if (v.json) io.stdout(JSON.stringify({ file: read.file, paramsFile: out, ...saved }, null, 2) + "\n");
  else io.stdout(formatFit(saved, out));
  if (!fit.converged) report(io, [warning(`the fit did not converge in ${fit.iterations} iterations; the values written are the best found`)]);
  return EXIT_OK;
}

function warning(message: string): Diagnostic {
  return { ...error("invalid-argument", message), severity: "warning" };
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

function formatFit(s: { model: string; params: Record<string, number | number[]>; standardErrors: Record<string, number | number[]>; data: { file: string; rows: number; levels?: Record<string, readonly string[]> }; logLikelihood: number }, out: string): string {
  const lines = [`fitted "${s.model}" on ${s.data.file} (${s.data.rows} rows), log-likelihood ${s.logLikelihood.toFixed(4)}`];
  const fmt = (x: number) => (Math.abs(x) >= 1e4 || (Math.abs(x) < 1e-3 && x !== 0) ? x.toExponential(4) : x.toFixed(6));
  for (const [k, v] of Object.entries(s.params)) {
    const se = s.standardErrors[k];
    if (typeof v === "number") lines.push(`  ${k.padEnd(14)} ${fmt(v).padStart(14)}   (se ${fmt(se as number)})`);
    else v.forEach((x, j) => lines.push(`  ${`${k}[${j}]`.padEnd(14)} ${fmt(x).padStart(14)}   (se ${fmt((se as number[])[j])})`));
  }
  for (const [k, lv] of Object.entries(s.data.levels ?? {})) lines.push(`  levels of ${k}: ${lv.map((l, i) => `${i}=${l}`).join(", ")}`);
  lines.push(`wrote ${out} (use it with: causal-studio query <model> --params ${out} ...)`);
  return lines.join("\n") + "\n";
}
