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
import { ParamStore } from "../core/runtime/param-store";
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

/** The model with the values of a parameters file, or the diagnostics that say why not. */
async function applyParamsFile<M extends { withParams(s: ParamStore): M }>(m: M, file: string): Promise<{ model: M } | { diagnostics: Diagnostic[] }> {
  const read = await readTextFile(file);
  if ("diagnostics" in read) return read;
  let json: unknown;
  try {
    json = JSON.parse(read.text);
  } catch (e) {
    return { diagnostics: [error("invalid-argument", `${file}: not valid JSON (${(e as Error).message}); a parameters file is an object {"name": number or [numbers]}`)] };
  }
  try {
    // A file written by `causal-studio train` keeps the values under "params"; a plain object is the values.
    const values = typeof json === "object" && json !== null && "params" in json && typeof (json as { params: unknown }).params === "object" ? (json as { params: unknown }).params : json;
    return { model: m.withParams(ParamStore.fromJSON(values, file)) };
  } catch (e) {
    if (e instanceof CausalError) return { diagnostics: [{ ...e.diagnostic, message: e.diagnostic.message.startsWith(file) ? e.diagnostic.message : `${file}: ${e.diagnostic.message}` }] };
    throw e;
  }
}
