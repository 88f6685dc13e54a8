/**
 * `causal-studio simulate <model.causal.ts|network.bif> --rows N`: data drawn from the model, as CSV
 * (stdout, or --out FILE written atomically). Interventions with --do (an experiment's data), trained
 * values with --params, latent columns with --latent. The user's code runs in the model process, with
 * the same time and memory limits as a query; a .bif network runs no code.
 */
import { parseArgs } from "node:util";
import { resolve } from "node:path";
import { graphFileKind } from "../core/extract/graph-file-kind";
import { extractModels } from "../core/extract/extract-models";
import { writeFileAtomic } from "../core/io/atomic-write";
import { DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT_MS, ModelProcess } from "../core/io/model-process";
import { MAX_SIMULATED_ROWS } from "../core/io/model-process-messages";
import { readTextFile } from "../core/io/read-text-file";
import { parseBif } from "../core/graph/bif/parse-bif";
import { MAX_SEED } from "../core/query/validate-query";
import { type CliIo, EXIT_ERROR, EXIT_OK, report, UsageError } from "./cli-io";
import { takeLimitFlags } from "./limit-args";
import { parseAssignments } from "./parse-assignments";
import { modelRunner } from "./train-command";

export async function simulateCommand(args: string[], io: CliIo): Promise<number> {
  const { rest, limits } = takeLimitFlags(args, { timeoutMs: DEFAULT_TIMEOUT_MS, memoryMb: DEFAULT_MEMORY_MB });
  const { values: v, positionals } = parseArgs({
    args: rest, allowPositionals: true, strict: true,
    options: { rows: { type: "string" }, seed: { type: "string" }, do: { type: "string", multiple: true }, latent: { type: "boolean" }, params: { type: "string" }, out: { type: "string" } },
  });
  if (positionals.length !== 1) throw new UsageError(positionals.length ? `expected one model file, got ${positionals.join(" ")}` : "missing the model file (.causal.ts or .bif)");
  const kind = graphFileKind(positionals[0]);
  if (kind !== "typescript" && kind !== "bif") throw new UsageError(`simulate needs a model file (.causal.ts) or a BIF network (.bif), got "${positionals[0]}": a graph alone has no mechanisms to draw from`);
  if (v.rows === undefined) throw new UsageError("missing --rows N (how many rows to draw)");
  const rows = wholeNumber("--rows", v.rows, 1, MAX_SIMULATED_ROWS);
  const seed = v.seed === undefined ? 1 : wholeNumber("--seed", v.seed, 0, MAX_SEED);
  if (v.out !== undefined && !v.out.trim()) throw new UsageError("--out takes a file name");
  if (v.params !== undefined && !v.params.trim()) throw new UsageError("--params takes a parameters file (JSON, as train writes it)");
  const read = await readTextFile(resolve(io.cwd, positionals[0]));
  if ("diagnostics" in read) return report(io, read.diagnostics), EXIT_ERROR;
  const sources = new Map([[read.file, read.text]]);
  let labels: Map<string, string[]> | undefined;
  if (kind === "bif") {
    const parsed = parseBif(read.text, read.file);
    if (!parsed.network) return report(io, parsed.diagnostics, sources), EXIT_ERROR;
    labels = new Map(parsed.network.variables.map((x) => [x.name, x.states]));
  } else if (report(io, extractModels(read.text, read.file).diagnostics, sources)) return EXIT_ERROR;
  const assignments = parseAssignments(v.do, "--do", labels);
  const runner = modelRunner();
  if ("missing" in runner) return report(io, [runner.missing]), EXIT_ERROR;
  // The model's console output goes to stderr: stdout is the CSV.
  const proc = new ModelProcess({ entry: runner.entry, ...limits, prestart: false, modelOutput: "stderr" });
  try {
    const job = { rows, seed, do: { ...assignments }, latent: !!v.latent, ...(v.params !== undefined ? { params: { file: resolve(io.cwd, v.params) } } : {}) };
    const r = await proc.runJob("simulate", read.file, job);
    if (r.status === "failed") return report(io, r.diagnostics, sources), EXIT_ERROR;
    if (r.status !== "done") return io.stderr("simulation cancelled\n"), EXIT_ERROR;
    if (v.out === undefined) io.stdout(r.result.text);
    else {
      await writeFileAtomic(resolve(io.cwd, v.out), r.result.text);
      io.stderr(`wrote ${rows} row${rows === 1 ? "" : "s"} to ${v.out}\n`);
    }
    return EXIT_OK;
  } finally {
    proc.dispose();
  }
}

function wholeNumber(flag: string, raw: string, min: number, max: number): number {
  const n = Number(raw.trim());
  if (!raw.trim() || !Number.isInteger(n) || n < min || n > max) throw new UsageError(`${flag} takes a whole number from ${min} to ${max}, got "${raw}"`);
  return n;
}
