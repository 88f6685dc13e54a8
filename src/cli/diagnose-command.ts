/**
 * `causal-studio diagnose <file.causal.ts> --data <file>`: static checks here, then a "diagnose"
 * job in the model process (core/io/diagnose-job.ts, the pipeline the editor's "Diagnose Model…"
 * uses), so the user's code runs isolated with a time and memory limit. This file prints the
 * report (a line per check and variable or pair, verdict first), or one JSON object
 * (src/cli/README-json.md), and with --plots writes one SVG per plot. Failing checks are the
 * report, not an error: exit 0; bad data or a missing column exit 1.
 */
import { printable } from "../core/errors/printable";
import { mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { CANNOT_SEE, type CheckKind, type DiagnosisReport } from "../core/criticism/diagnosis-report";
import { graphFileKind } from "../core/extract/graph-file-kind";
import { extractModels } from "../core/extract/extract-models";
import { writeFileAtomic } from "../core/io/atomic-write";
import { DEFAULT_ALPHA, type DiagnoseJob, type DiagnoseProgress } from "../core/io/diagnose-job";
import { DEFAULT_MEMORY_MB, DEFAULT_TRAIN_TIMEOUT_MS, ModelProcess } from "../core/io/model-process";
import { readTextFile } from "../core/io/read-text-file";
import { type CliIo, EXIT_ERROR, EXIT_OK, report, UsageError } from "./cli-io";
import { modelRunner } from "./train-command";

export interface DiagnoseArgs {
  file: string;
  data: string;
  params?: string;
  env?: string;
  interventions?: string;
  alpha: number;
  map: Record<string, string>;
  json: boolean;
  plots?: string;
  timeoutMs?: number;
  memoryMb?: number;
  /** --spark HOST[:PORT] --table NAME: the data are a table on a Spark SQL Thrift server. */
  spark?: NonNullable<DiagnoseJob["spark"]>;
}

export { DEFAULT_ALPHA };

export function parseDiagnoseArgs(args: string[]): DiagnoseArgs {
  const { values: v, positionals } = parseArgs({
    args, allowPositionals: true, strict: true,
    options: {
      data: { type: "string" }, params: { type: "string" }, env: { type: "string" }, interventions: { type: "string" }, alpha: { type: "string" },
      map: { type: "string", multiple: true }, json: { type: "boolean" }, plots: { type: "string" }, "timeout-ms": { type: "string" }, "memory-mb": { type: "string" },
      spark: { type: "string" }, table: { type: "string" }, "spark-transport": { type: "string" }, "spark-user": { type: "string" }, "spark-database": { type: "string" },
    },
  });
  if (positionals.length !== 1) throw new UsageError(positionals.length ? `expected one model file, got ${positionals.join(" ")}` : "missing the model file");
  let spark: DiagnoseArgs["spark"];
  if (v.spark !== undefined || v.table !== undefined) {
    if (v.data !== undefined) throw new UsageError("give either --data FILE or --spark HOST[:PORT] --table NAME, not both");
    if (!v.spark || !v.table) throw new UsageError("--spark HOST[:PORT] and --table NAME go together (the table holding a column per variable)");
    const m = /^([^:]+)(?::(\d+))?$/.exec(v.spark);
    if (!m || (m[2] !== undefined && !(Number(m[2]) >= 1 && Number(m[2]) <= 65535))) throw new UsageError(`--spark takes HOST or HOST:PORT, got "${v.spark}"`);
    const transport = v["spark-transport"];
    if (transport !== undefined && transport !== "binary" && transport !== "http") throw new UsageError(`--spark-transport takes binary or http, got "${transport}"`);
    const password = process.env.CAUSAL_STUDIO_SPARK_PASSWORD;
    spark = {
      host: m[1], ...(m[2] !== undefined ? { port: Number(m[2]) } : {}), ...(transport ? { transport } : {}), table: v.table,
      ...(v["spark-user"] !== undefined ? { username: v["spark-user"], ...(password !== undefined ? { password } : {}) } : {}),
      ...(v["spark-database"] !== undefined ? { database: v["spark-database"] } : {}),
    };
  } else if (!v.data) throw new UsageError("missing --data <file> (a CSV, Parquet or JSON-lines file with a column per variable), or --spark HOST[:PORT] --table NAME");
  const alpha = v.alpha === undefined ? DEFAULT_ALPHA : Number(v.alpha);
  if (!(alpha > 0 && alpha < 1)) throw new UsageError(`--alpha takes a number between 0 and 1, got "${v.alpha}"`);
  for (const flag of ["env", "interventions", "plots"] as const) if (v[flag] !== undefined && !v[flag]!.trim()) throw new UsageError(`--${flag} takes a ${flag === "plots" ? "folder" : "column name"}`);
  const map: Record<string, string> = {};
  for (const r of v.map ?? []) {
    const i = r.indexOf("=");
    if (i <= 0 || i === r.length - 1) throw new UsageError(`--map takes VAR=COLUMN, got "${r}"`);
    map[r.slice(0, i).trim()] = r.slice(i + 1).trim();
  }
  const int = (flag: string, raw: string | undefined, min: number) => {
    if (raw === undefined) return undefined;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min) throw new UsageError(`${flag} takes a whole number of at least ${min}, got "${raw}"`);
    return n;
  };
  const timeoutMs = int("--timeout-ms", v["timeout-ms"], 100), memoryMb = int("--memory-mb", v["memory-mb"], 64);
  return {
    file: positionals[0], data: v.data ?? `spark://${spark!.host}:${spark!.port ?? 10000}/${spark!.table}`, ...(spark ? { spark } : {}), ...(v.params !== undefined ? { params: v.params } : {}), ...(v.env !== undefined ? { env: v.env } : {}),
    ...(v.interventions !== undefined ? { interventions: v.interventions } : {}), alpha, map, json: !!v.json, ...(v.plots !== undefined ? { plots: v.plots } : {}),
    ...(timeoutMs !== undefined ? { timeoutMs } : {}), ...(memoryMb !== undefined ? { memoryMb } : {}),
  };
}

export async function diagnoseCommand(args: string[], io: CliIo): Promise<number> {
  const a = parseDiagnoseArgs(args);
  if (graphFileKind(a.file) !== "typescript") throw new UsageError(`diagnose needs a TypeScript model file (.causal.ts), got "${a.file}"`);
  const read = await readTextFile(resolve(io.cwd, a.file));
  if ("diagnostics" in read) return report(io, read.diagnostics), EXIT_ERROR;
  const sources = new Map([[read.file, read.text]]);
  if (report(io, extractModels(read.text, read.file).diagnostics, sources)) return EXIT_ERROR;
  const runner = modelRunner();
  if ("missing" in runner) return report(io, [runner.missing]), EXIT_ERROR;
  const { entry } = runner;
  const job: DiagnoseJob = {
    data: a.spark ? a.data : resolve(io.cwd, a.data), ...(a.spark ? { spark: a.spark } : {}), alpha: a.alpha, ...(Object.keys(a.map).length ? { map: a.map } : {}), ...(a.params !== undefined ? { params: resolve(io.cwd, a.params) } : {}),
    ...(a.env !== undefined ? { environment: a.env } : {}), ...(a.interventions !== undefined ? { interventions: a.interventions } : {}),
  };
  const timeoutMs = a.timeoutMs ?? DEFAULT_TRAIN_TIMEOUT_MS;
  const proc = new ModelProcess({ entry, timeoutMs, memoryMb: a.memoryMb ?? DEFAULT_MEMORY_MB, prestart: false });
  const kill = new AbortController();
  const onSigint = () => kill.abort();
  const bar = io.stderrIsTTY ? (p: DiagnoseProgress) => io.stderr(`\r\x1b[Kdiagnosing: ${p.check} (${p.done + 1}/${p.total})`) : undefined;
  if (io.stderrIsTTY) process.on("SIGINT", onSigint);
  let drew = false;
  try {
    const r = await proc.runJob("diagnose", read.file, job, { signal: kill.signal, timeoutMs, ...(bar ? { onProgress: (p: DiagnoseProgress) => (bar(p), (drew = true)) } : {}) });
    if (drew) io.stderr("\r\x1b[K");
    if (r.status === "cancelled") return io.stderr("diagnosis cancelled\n"), EXIT_ERROR;
    if (r.status === "failed") return report(io, r.diagnostics, sources), EXIT_ERROR;
    const result: DiagnosisReport = r.result;
    if (a.plots !== undefined) {
      const dir = resolve(io.cwd, a.plots);
      const { renderPlotSvgs } = await import("./plot-svg");
      await mkdir(dir, { recursive: true });
      const files = renderPlotSvgs(result);
      for (const f of files) await writeFileAtomic(join(dir, f.name), f.svg);
      if (!a.json) io.stderr(`wrote ${files.length} plot${files.length === 1 ? "" : "s"} to ${dir}\n`);
    }
    io.stdout(a.json ? JSON.stringify(result, null, 2) + "\n" : printable(formatDiagnosis(result, io.cwd)));
    return EXIT_OK;
  } finally {
    if (io.stderrIsTTY) process.off("SIGINT", onSigint);
    proc.dispose();
  }
}

const SECTIONS: { title: string; kinds: CheckKind[] }[] = [
  { title: "local tests: the graph's implied independencies", kinds: ["local-test"] },
  { title: "residuals of normal-noise mechanisms", kinds: ["residual-reset", "residual-input-curvature", "residual-breusch-pagan"] },
  { title: "stability across environments", kinds: ["chow", "loeo"] },
  { title: "invariance across environments", kinds: ["invariance"] },
  { title: "reweighting sweep of linear-Gaussian mechanisms", kinds: ["reweighting-drift"] },
  { title: "interventional fidelity: do-predictions against the interventional rows", kinds: ["interventional-fidelity"] },
  { title: "posterior predictive checks", kinds: ["posterior-predictive", "held-out-likelihood"] },
];

export function formatDiagnosis(r: DiagnosisReport, cwd: string): string {
  const rel = (f: string) => (f.startsWith(cwd + "/") ? f.slice(cwd.length + 1) : f);
  const params = r.params.source === "file" ? `params from ${rel(r.params.file!)}` : r.params.source === "fitted" ? "params fitted to these data here (pass --params FILE to check trained values)" : "no params";
  const lines = [
    `diagnose "${r.model}" on ${rel(r.data.file)} (${r.data.rows} rows): alpha ${r.alpha}, p-values Holm-adjusted within each check${r.environment ? `, environments from column "${r.environment}"` : ""}; ${params}`,
  ];
  const tested = r.variables.filter((v) => v.verdict !== "untested");
  if (tested.length) {
    lines.push("", "mechanisms:");
    for (const v of r.variables) lines.push(`  ${v.verdict.toUpperCase().padEnd(8)}  ${v.sentence}`);
  }
  for (const s of SECTIONS) {
    const cs = r.checks.filter((c) => s.kinds.includes(c.kind));
    if (!cs.length) continue;
    lines.push("", `${s.title}:`);
    for (const c of cs) lines.push(`  ${c.verdict.toUpperCase().padEnd(4)}  ${c.text}`);
  }
  if (!r.environment) lines.push("", "stability and invariance across environments: not run (name the environment column with --env COLUMN)");
  if (r.skipped.length) {
    lines.push("", "not checked:");
    for (const s of r.skipped) lines.push(`  ${s.check}${s.variable ? ` ${s.variable}` : ""}${s.implication ? ` ${s.implication}` : ""}: ${s.reason}`);
  }
  lines.push("", `${r.verdict.toUpperCase()}: ${r.counts.fail} fail, ${r.counts.warn} warn, ${r.counts.pass} pass (FAIL: Holm-adjusted p below alpha; WARN: only the raw p is; loeo fails above 2x)`);
  lines.push("", `What these checks cannot see: ${CANNOT_SEE.join(" ")}`);
  return lines.join("\n") + "\n";
}

