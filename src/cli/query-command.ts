/**
 * `causal-studio query <file.causal.ts>`: static checks first (they need no code to run), then a
 * "query" job in the model process (core/io/model-process.ts, child dist/model-runner.js), the
 * process the editor's queries run in: the user's code never runs in the CLI's own process, so an
 * endless loop ends at --timeout-ms, an allocation loop at --memory-mb, process.exit and
 * console.log in a mechanism cannot end the command or corrupt --json, and every throw comes back
 * as a Diagnostic at the model's file:line:col. The child answers with core's runQueryJob (core's
 * answer(), batch by batch), so the digits are those of the library for the same seed.
 */
import { printable } from "../core/errors/printable";
import { resolve } from "node:path";
import type { Diagnostic } from "../core/errors/diagnostic";
import { graphFileKind } from "../core/extract/graph-file-kind";
import { extractModels } from "../core/extract/extract-models";
import { DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT_MS, ModelProcess } from "../core/io/model-process";
import type { JobResult } from "../core/io/model-process";
import type { QueryJobProgress } from "../core/query/query-job";
import { readTextFile } from "../core/io/read-text-file";
import { type BifNetwork, parseBif } from "../core/graph/index";
import type { Answer } from "../core/query/answer";
import { type CliIo, EXIT_ERROR, EXIT_OK, report, UsageError } from "./cli-io";
import { type Limits, takeLimitFlags } from "./limit-args";
import { describeQuery, formatAnswer } from "./query-format";
import { type PartialAnswer, QueryProgressReporter } from "./query-progress";
import { parseQueryArgs, type QueryArgs, queryFileArgument } from "./query-spec";
import { modelRunner } from "./train-command";

export { DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT_MS };

export async function queryCommand(args: string[], io: CliIo): Promise<number> {
  const { rest, limits } = takeLimitFlags(args, { timeoutMs: DEFAULT_TIMEOUT_MS, memoryMb: DEFAULT_MEMORY_MB });
  // A BIF network is read first: its state names may stand for values (--given smoke=yes).
  const named = queryFileArgument(rest);
  const bif = named !== undefined && graphFileKind(named) === "bif" ? await readNetwork(resolve(io.cwd, named)) : undefined;
  if (bif && "diagnostics" in bif) return report(io, bif.diagnostics, bif.sources), EXIT_ERROR;
  const q = parseQueryArgs(rest, bif && new Map(bif.network.variables.map((v) => [v.name, v.states])));
  for (const w of q.warnings) io.stderr(`causal-studio query: warning: ${w}\n`);
  const kind = graphFileKind(q.file);
  if (kind !== "typescript" && kind !== "bif") throw new UsageError(`query needs a model file (.causal.ts) or a BIF network (.bif), got "${q.file}"`);
  const runner = modelRunner();
  if ("missing" in runner) return report(io, [runner.missing]), EXIT_ERROR;
  const { entry } = runner;
  // One job, no spare child; the model's console output goes to stderr under --json (stdout stays one JSON document), else where the CLI's goes.
  const proc = new ModelProcess({ entry, ...limits, prestart: false, modelOutput: q.json ? "stderr" : "inherit" });
  try {
    // The child starts (parsing its bundle, ~0.7 s) while this process reads the file and runs the static checks.
    void proc.warm();
    return await checkAndRun(q, limits, proc, io, bif);
  } finally {
    proc.dispose();
  }
}

interface ReadNetwork { network: BifNetwork; read: { text: string; file: string } }

/** A .bif file read and parsed here (no code runs): its errors stop the query before a process starts. */
async function readNetwork(file: string): Promise<ReadNetwork | { diagnostics: Diagnostic[]; sources?: Map<string, string> }> {
  const read = await readTextFile(file);
  if ("diagnostics" in read) return read;
  const parsed = parseBif(read.text, read.file);
  if (!parsed.network) return { diagnostics: parsed.diagnostics, sources: new Map([[read.file, read.text]]) };
  return { network: parsed.network, read };
}

async function checkAndRun(q: QueryArgs, limits: Limits, proc: ModelProcess, io: CliIo, bif: ReadNetwork | undefined): Promise<number> {
  const read = bif?.read ?? (await readTextFile(resolve(io.cwd, q.file)));
  if ("diagnostics" in read) return report(io, read.diagnostics), EXIT_ERROR;
  const sources = new Map([[read.file, read.text]]);
  const target = q.spec.kind === "single" ? q.spec.target : undefined;
  let distribution: string | undefined;
  if (bif) distribution = bif.network.variables.some((v) => v.name === target) ? "categorical" : undefined;
  else {
    const statics = extractModels(read.text, read.file);
    if (report(io, statics.diagnostics, sources)) return EXIT_ERROR;
    // The target's declared distribution ("bernoulli" fixes its support to {0, 1}), when every scm(...) chain in the file that declares it agrees.
    const declaredAs = new Set(statics.models.flatMap((m) => m.variables.filter((v) => v.name === target).map((v) => v.distribution)));
    distribution = declaredAs.size === 1 ? [...declaredAs][0] : undefined;
  }
  const names = bif ? Object.fromEntries(bif.network.variables.map((v) => [v.name, v.states])) : undefined;
  const job = {
    spec: q.spec, options: q.options, ...(distribution && target ? { declared: { [target]: distribution } } : {}),
    ...(q.params !== undefined ? { params: { file: resolve(io.cwd, q.params), strict: true } } : {}),
  };

  const progress = new QueryProgressReporter(io);
  let r: JobResult<"query">;
  try {
    r = await proc.runJob("query", read.file, job, { onProgress: (p: QueryJobProgress) => void (p.type === "batch" && progress.onProgress(p.progress)) });
  } finally {
    progress.end();
  }
  if (r.status === "cancelled") return io.stderr("causal-studio query: cancelled\n"), EXIT_ERROR;
  if (r.status === "failed") {
    // The model process keeps the last batch of a timed-out query (r.partial); the progress seen here is the same batch.
    const partial = r.partial ? { ...r.partial, elapsedMs: limits.timeoutMs } : progress.partial();
    return failed(io, q, read.file, limits, r.diagnostics.map((d) => forTheCli(d, limits)), partial, sources);
  }
  const { model, answer } = r.result;
  const states = names && answerStates(answer, names);
  if (q.json) io.stdout(JSON.stringify({ file: read.file, model, query: { ...q.spec, text: describeQuery(q.spec, names) }, options: q.options, ...(q.params !== undefined ? { params: q.params } : {}), answer, ...(states ? { states } : {}) }, null, 2) + "\n");
  else io.stdout(printable(formatAnswer(q.spec, answer, names)));
  return EXIT_OK;
}

/** The diagnostics on stderr; a query stopped by the time limit also gives the estimate it had reached (in --json, on stdout as `partial`). */
function failed(io: CliIo, q: QueryArgs, file: string, limits: Limits, diagnostics: Diagnostic[], partial: PartialAnswer | undefined, sources: Map<string, string>): number {
  const timedOut = diagnostics.some((d) => d.code === "model-timeout");
  const shown = timedOut && partial ? diagnostics.map((d) => (d.code === "model-timeout" ? { ...d, message: `the query did not finish within ${limits.timeoutMs} ms (--timeout-ms), so the model process was stopped; raise --timeout-ms or ask for fewer --samples` } : d)) : diagnostics;
  report(io, shown, sources);
  if (!timedOut || !partial) return EXIT_ERROR;
  if (q.json) io.stdout(JSON.stringify({ file, query: { ...q.spec, text: describeQuery(q.spec) }, options: q.options, limits, partial }, null, 2) + "\n");
  else io.stderr(QueryProgressReporter.partialText(q.spec, partial));
  return EXIT_ERROR;
}

/** The model process's messages name the editor's settings; the CLI's flags are --timeout-ms and --memory-mb. */
function forTheCli(d: Diagnostic, limits: Limits): Diagnostic {
  if (d.code === "model-timeout") {
    return { ...d, message: `the query did not finish within ${limits.timeoutMs} ms (--timeout-ms), so the model process was stopped (an endless loop in a mechanism?); raise --timeout-ms if it only needs longer` };
  }
  if (d.code === "model-out-of-memory") {
    return { ...d, message: `the model ran out of memory (limit ${limits.memoryMb} MB, --memory-mb), so the model process was stopped; raise --memory-mb, or ask for fewer --samples` };
  }
  return d;
}

/** --json on a BIF network: the state names of the answer's rows (values stay the states' indices). */
function answerStates(a: Answer, names: Record<string, readonly string[]>): string[] | undefined {
  return a.type === "distribution" && names[a.variable] ? a.rows.map((r) => names[a.variable][r.value] ?? String(r.value)) : undefined;
}
