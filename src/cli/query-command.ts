/**
 * `causal-studio query <file.causal.ts>`: static checks first (they need no code to run), then
 * the model is loaded and the query's spec answered by core's answer(), the entry point the model
 * process uses too (same digits for the same seed).
 */
import { CausalError, type Diagnostic, error } from "../core/errors/diagnostic";
import { didYouMean } from "../core/extract/did-you-mean";
import { graphFileKind } from "../core/extract/graph-file-kind";
import { extractModels } from "../core/extract/extract-models";
import { remapDiagnostic } from "../core/io/error-location";
import { loadModelFile } from "../core/io/load-module";
import { readTextFile } from "../core/io/read-text-file";
import { type CliIo, EXIT_ERROR, EXIT_OK, report, UsageError } from "./cli-io";
import { answer } from "../core/query/answer";
import type { ParamStore } from "../core/runtime/param-store";
import { applyParams, readParamsFile } from "../core/io/params-file";
import { referencedNames } from "../core/query/query-spec";
import { describeQuery, formatAnswer } from "./query-format";
import { parseQueryArgs } from "./query-spec";

export async function queryCommand(args: string[], io: CliIo): Promise<number> {
  const q = parseQueryArgs(args);
  if (graphFileKind(q.file) !== "typescript") throw new UsageError(`query needs a TypeScript model file (.causal.ts), got "${q.file}"`);
  const read = await readTextFile(q.file);
  if ("diagnostics" in read) return report(io, read.diagnostics), EXIT_ERROR;
  const sources = new Map([[read.file, read.text]]);
  const statics = extractModels(read.text, read.file);
  if (report(io, statics.diagnostics, sources)) return EXIT_ERROR;

  const loaded = await loadModelFile(read.file);
  if ("diagnostics" in loaded) return report(io, loaded.diagnostics, sources), EXIT_ERROR;
  let m = loaded.model;
  if (q.params !== undefined) {
    const withParams = await applyParamsFile(m, q.params);
    if ("diagnostics" in withParams) return report(io, withParams.diagnostics), EXIT_ERROR;
    m = withParams.model;
  }
  const names = m.spec().variables.map((v) => v.name);
  const unknown = referencedNames(q.spec).filter((n) => !names.includes(n));
  if (unknown.length) {
    return report(io, unknown.map((n): Diagnostic => error("unknown-variable", `model "${m.name}" has no variable "${n}".${didYouMean(n, names)}`, undefined, [`variables: ${names.join(", ")}`]))), EXIT_ERROR;
  }
  const target = q.spec.kind === "single" ? q.spec.target : undefined;
  const staticModel = statics.models.find((s) => s.name === m.name) ?? (statics.models.length === 1 ? statics.models[0] : undefined);
  const distribution = staticModel?.variables.find((v) => v.name === target)?.distribution;
  try {
    const result = answer(m, q.spec, { ...q.options, distribution });
    if (q.json) io.stdout(JSON.stringify({ file: read.file, model: m.name, query: { ...q.spec, text: describeQuery(q.spec) }, options: q.options, ...(q.params !== undefined ? { params: q.params } : {}), answer: result }, null, 2) + "\n");
    else io.stdout(formatAnswer(q.spec, result));
    return EXIT_OK;
  } catch (e) {
    if (e instanceof CausalError) return report(io, [remapDiagnostic(e.diagnostic, loaded.info)], sources), EXIT_ERROR;
    throw e;
  }
}

/** The model with the values of a parameters file (either form: see core/io/params-file.ts), or the diagnostics that say why not. */
async function applyParamsFile<M extends { withParams(s: ParamStore): M }>(m: M, file: string): Promise<{ model: M } | { diagnostics: Diagnostic[] }> {
  const read = await readParamsFile(file);
  return "diagnostics" in read ? read : applyParams(m, read.store, file);
}
