/**
 * `causal-studio graph <file>`: static graph of a .causal.ts or .dagitty file (runs no user
 * code) and its analyses through the graph layer.
 */
import { printable } from "../core/errors/printable";
import { parseArgs } from "node:util";
import { CausalError, type Diagnostic, error } from "../core/errors/diagnostic";
import { didYouMean } from "../core/extract/did-you-mean";
import { extractGraphFile } from "../core/extract/extract-graph-file";
import type { ExtractedModel } from "../core/extract/extract-models";
import {
  adjustmentSetStream, allAdjustmentSetStream, canonicalAdjustmentSet, CausalGraph, markovBlanket, directEffectSets, equivalentDags, forcedAdjustment, markovEquivalenceClass, IMPLICATION_KINDS, type ImplicationKind, identify, implications, instruments, printDagitty, toBnlearn, toDot, toLavaan, toMermaid,
} from "../core/graph/index";
import type { GraphData } from "../core/graph/types";
import { readTextFile } from "../core/io/read-text-file";
import { graphFileKind } from "../core/extract/graph-file-kind";
import { extractModels } from "../core/extract/extract-models";
import { parseBif, printBif } from "../core/graph/index";
import { DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT_MS, ModelProcess } from "../core/io/model-process";
import { modelRunner } from "./train-command";
import { type CliIo, EXIT_ERROR, EXIT_OK, report, UsageError } from "./cli-io";
import { formatGraphReport, formatMoments, type GraphReport } from "./graph-report";
import type { LinearGaussianMoments } from "../core/infer/linear-gaussian-moments";

const EXPORTS: Record<string, (g: GraphData) => string> = { dagitty: printDagitty, dot: toDot, mermaid: toMermaid, lavaan: toLavaan, bnlearn: toBnlearn };

export async function graphCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args, allowPositionals: true, strict: true,
    options: {
      exposure: { type: "string" }, outcome: { type: "string" }, identify: { type: "boolean" },
      json: { type: "boolean" }, to: { type: "string" }, model: { type: "string" },
      implications: { type: "string" }, "max-implications": { type: "string" }, "no-independencies": { type: "boolean" },
      "max-sets": { type: "string" }, equivalence: { type: "boolean" }, moments: { type: "boolean" }, "direct-effect": { type: "boolean" }, "markov-blanket": { type: "string" },
      "all-sets": { type: "boolean" },
    },
  });
  if (positionals.length !== 1) throw new UsageError(positionals.length ? `expected one file, got ${positionals.length}` : "missing the file to read");
  if (values.to !== undefined && values.json) throw new UsageError("--to prints the graph in dagitty, dot, mermaid, lavaan or bnlearn syntax; it has no --json form (use --json alone for the report as JSON)");
  if (values.to !== undefined && !(values.to in EXPORTS) && values.to !== "bif") throw new UsageError(`--to must be one of ${[...Object.keys(EXPORTS), "bif"].join(", ")}, got "${values.to}"`);
  if (values.to === "bif") return toBif(positionals[0], io);
  if (values.moments) {
    if (values.to !== undefined) throw new UsageError("--moments prints the implied moments; it cannot be combined with --to");
    return moments(positionals[0], !!values.json, io);
  }
  const wanted = implicationOptions(values.implications, values["max-implications"], !!values["no-independencies"], !!values.json);
  const maxSets = setLimit(values["max-sets"], !!values.json);
  const read = await readTextFile(positionals[0]);
  if ("diagnostics" in read) return report(io, read.diagnostics), EXIT_ERROR;
  const { models, diagnostics } = extractGraphFile(read.text, read.file);
  const sources = new Map([[read.file, read.text]]);
  if (report(io, diagnostics, sources)) return EXIT_ERROR;

  let chosen = models;
  if (values.model !== undefined) chosen = models.filter((m) => m.name === values.model);
  if (!chosen.length) {
    const names = models.map((m) => m.name);
    const why = values.model === undefined ? `${positionals[0]} declares no model (no scm("...") chain or dag { } block)` : `no model named "${values.model}" in ${positionals[0]}.${didYouMean(values.model, names)}`;
    return report(io, [error("unknown-variable", why, undefined, names.length ? [`models: ${names.join(", ")}`] : undefined)]), EXIT_ERROR;
  }
  if (values.to !== undefined) {
    try {
      io.stdout(chosen.map((m) => EXPORTS[values.to!](m.graph)).join("\n"));
    } catch (e) {
      if (!(e instanceof CausalError)) throw e;
      return report(io, [e.diagnostic], sources), EXIT_ERROR;
    }
    return EXIT_OK;
  }
  const reports: GraphReport[] = [];
  const problems: Diagnostic[] = [];
  for (const m of chosen) {
    const r = analyse(m, {
      exposures: split(values.exposure), outcomes: split(values.outcome), identify: !!values.identify, directEffect: !!values["direct-effect"],
      allSets: !!values["all-sets"], equivalence: !!values.equivalence, blankets: split(values["markov-blanket"]),
    }, wanted, maxSets, problems);
    if (r) reports.push(r);
  }
  if (report(io, problems)) return EXIT_ERROR;
  if (values.json) io.stdout(JSON.stringify({ file: read.file, models: reports, diagnostics }, null, 2) + "\n");
  else io.stdout(printable(reports.map(formatGraphReport).join("\n")));
  return EXIT_OK;
}

/**
 * `--to bif`: a .bif file is printed back from its parsed tables (nothing runs); a model file's
 * tables need its mechanisms, so they are evaluated in the model process (as queries are: the
 * user's code never runs in this process; default time and memory limits).
 */
async function toBif(path: string, io: CliIo): Promise<number> {
  const read = await readTextFile(path);
  if ("diagnostics" in read) return report(io, read.diagnostics), EXIT_ERROR;
  const kind = graphFileKind(read.file);
  if (kind === "bif") {
    const parsed = parseBif(read.text, read.file);
    if (!parsed.network) return report(io, parsed.diagnostics, new Map([[read.file, read.text]])), EXIT_ERROR;
    io.stdout(printBif(parsed.network));
    return EXIT_OK;
  }
  if (kind !== "typescript") throw new UsageError(`--to bif needs a discrete model (.causal.ts) or a .bif file, got "${path}"`);
  const text = await exportInModelProcess(read, "bif", io);
  if (text === undefined) return EXIT_ERROR;
  io.stdout(text);
  return EXIT_OK;
}

/**
 * The model file's export job (`bif` tables or linear-Gaussian `moments`), run in the model process as
 * queries are (the user's code never runs in this process; default time and memory limits); undefined
 * once its problems are reported.
 */
async function exportInModelProcess(read: { file: string; text: string }, format: "bif" | "moments", io: CliIo): Promise<string | undefined> {
  const statics = extractModels(read.text, read.file);
  if (report(io, statics.diagnostics, new Map([[read.file, read.text]]))) return undefined;
  const runner = modelRunner();
  if ("missing" in runner) return report(io, [runner.missing]), undefined;
  const proc = new ModelProcess({ entry: runner.entry, timeoutMs: DEFAULT_TIMEOUT_MS, memoryMb: DEFAULT_MEMORY_MB, prestart: false, modelOutput: "stderr" });
  try {
    const r = await proc.runJob("export", read.file, { format });
    if (r.status !== "done") return r.status === "failed" ? (report(io, r.diagnostics), undefined) : undefined;
    return r.result.text;
  } finally {
    proc.dispose();
  }
}

/** `--moments`: a linear-Gaussian model's implied means, covariance matrix and total effects (closed form). */
async function moments(path: string, json: boolean, io: CliIo): Promise<number> {
  const read = await readTextFile(path);
  if ("diagnostics" in read) return report(io, read.diagnostics), EXIT_ERROR;
  if (graphFileKind(read.file) !== "typescript") throw new UsageError(`--moments needs a linear-Gaussian model (.causal.ts): a graph file has no coefficients, got "${path}"`);
  const text = await exportInModelProcess(read, "moments", io);
  if (text === undefined) return EXIT_ERROR;
  const m = JSON.parse(text) as LinearGaussianMoments;
  io.stdout(json ? JSON.stringify({ file: read.file, moments: m }, null, 2) + "\n" : printable(formatMoments(m)));
  return EXIT_OK;
}

const split = (s: string | undefined) => (s === undefined ? undefined : s.split(",").map((x) => x.trim()).filter(Boolean));

interface ImplicationOptions { kind: ImplicationKind | "none"; limit: number }

/** Text lists 50 statements; JSON lists the whole basis, or the first 10,000 of the per-pair lists. */
function implicationOptions(kind: string | undefined, max: string | undefined, none: boolean, json: boolean): ImplicationOptions {
  if (kind !== undefined && !(IMPLICATION_KINDS as string[]).includes(kind)) throw new UsageError(`--implications must be one of ${IMPLICATION_KINDS.join(", ")}, got "${kind}"`);
  if (none && kind !== undefined) throw new UsageError("--no-independencies and --implications cannot be combined");
  if (max !== undefined && !/^(all|[1-9]\d*)$/.test(max)) throw new UsageError(`--max-implications must be a positive whole number or "all", got "${max}"`);
  const k = (kind ?? "basis") as ImplicationKind;
  const limit = max === "all" ? Infinity : max !== undefined ? Number(max) : !json ? TEXT_IMPLICATIONS : k === "basis" ? Infinity : JSON_IMPLICATIONS;
  return { kind: none ? "none" : k, limit };
}
const TEXT_IMPLICATIONS = 50;
const JSON_IMPLICATIONS = 10_000;

function listImplications(g: CausalGraph, o: ImplicationOptions): Pick<GraphReport, "impliedIndependencies" | "implications"> {
  if (o.kind === "none") return { impliedIndependencies: [], implications: { kind: "none", total: 0, shown: 0, complete: true } };
  const r = implications(g, o.kind, o.limit);
  return { impliedIndependencies: r.statements, implications: { kind: r.kind, total: r.total, shown: r.statements.length, complete: r.complete, ...(r.selection ? { selection: r.selection } : {}) } };
}

/** Text lists 50 adjustment sets; JSON the first 10,000. */
function setLimit(max: string | undefined, json: boolean): number {
  if (max !== undefined && !/^(all|[1-9]\d*)$/.test(max)) throw new UsageError(`--max-sets must be a positive whole number or "all", got "${max}"`);
  return max === "all" ? Infinity : max !== undefined ? Number(max) : json ? JSON_SETS : TEXT_SETS;
}
const TEXT_SETS = 50;
const JSON_SETS = 10_000;
/** Past the sets shown, the stream is counted on this far (polynomial delay per set) to say "N of at least M" or the exact total. */
const COUNT_AHEAD = 100_000;

/** `--direct-effect`: the first `limit` single-door sets for the edge X -> Y, or why there are none to list. */
function directEffect(g: CausalGraph, x: string, y: string, limit: number): NonNullable<GraphReport["directEffect"]> {
  try {
    const sets: string[][] = [];
    let complete = true;
    for (const set of directEffectSets(g, x, y, forcedAdjustment(g))) {
      if (sets.length >= limit) { complete = false; break; }
      sets.push(set);
    }
    return { sets, complete };
  } catch (e) {
    if (e instanceof CausalError) return { sets: [], complete: true, reason: e.diagnostic.message };
    throw e;
  }
}

/** The first `limit` minimal adjustment sets from the stream, and how many there are (exactly, or at least). */
function listAdjustmentSets(g: CausalGraph, exposures: string[], outcomes: string[], limit: number, all: boolean): Pick<GraphReport, "adjustmentSets" | "adjustment"> {
  const include = forcedAdjustment(g);
  const sets: string[][] = [];
  let counted = 0, complete = true;
  for (const set of (all ? allAdjustmentSetStream : adjustmentSetStream)(g, exposures, outcomes, include)) {
    if (counted >= limit + COUNT_AHEAD) { complete = false; break; }
    if (sets.length < limit) sets.push(set);
    counted++;
  }
  return { adjustmentSets: sets, adjustment: { kind: all ? "all" : "minimal", forced: include, shown: sets.length, total: complete ? counted : null, atLeast: counted, complete: complete && counted === sets.length } };
}

/** `--markov-blanket V[,W]`: each named observed variable's Markov blanket (unknown or latent names are problems). */
function blankets(m: ExtractedModel, g: CausalGraph, names: string[], problems: Diagnostic[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const n of names) {
    const node = m.graph.nodes.find((x) => x.id === n);
    if (!node) problems.push(error("unknown-variable", `--markov-blanket names "${n}", which is not a variable of model "${m.name}".${didYouMean(n, m.graph.nodes.map((x) => x.id))}`));
    else if (g.latent[g.indexOf(n)]) problems.push(error("invalid-argument", `--markov-blanket names "${n}", which is latent: a blanket is read among observed variables`));
    else out[n] = markovBlanket(g, n);
  }
  return out;
}

/** DAGs of the class listed (as the arrows each turns round), in text and JSON. */
const LISTED_DAGS = 20;
/** DAGs of the class counted up to this many (their number can be exponential in the reversible edges). */
const MAX_EQUIVALENT_DAGS = 10_000;

/** `--equivalence`: the CPDAG's compelled and reversible edges and the number of equivalent DAGs; a model with latents or <-> edges gets the reason instead. */
function equivalence(g: CausalGraph): NonNullable<GraphReport["equivalence"]> {
  try {
    const { compelled, reversible, dags } = markovEquivalenceClass(g, MAX_EQUIVALENT_DAGS);
    // Each DAG of the class as the graph's arrows it turns round (the graph itself: none), the first LISTED_DAGS.
    const own = new Set(g.edges.filter((e) => e.kind === "directed").map((e) => `${e.from}\u0000${e.to}`));
    const listed: [string, string][][] = [];
    for (const dag of equivalentDags(g)) {
      listed.push(dag.filter(([a, b]) => !own.has(`${a}\u0000${b}`)).map(([a, b]) => [b, a]));
      if (listed.length >= LISTED_DAGS) break;
    }
    listed.sort((a, b) => a.length - b.length);
    return { compelled, reversible, dags: dags ?? null, atLeast: dags ?? MAX_EQUIVALENT_DAGS + 1, listed };
  } catch (e) {
    if (e instanceof CausalError) return { unavailable: e.diagnostic.message };
    throw e;
  }
}

/** What the command line asks of each model (exposures/outcomes undefined: the file's roles). */
interface Wanted {
  exposures?: string[]; outcomes?: string[]; identify: boolean; directEffect: boolean; allSets: boolean; equivalence: boolean; blankets?: string[];
}

function analyse(m: ExtractedModel, want: Wanted, wanted: ImplicationOptions, maxSets: number, problems: Diagnostic[]): GraphReport | undefined {
  const ids = m.graph.nodes.map((n) => n.id);
  const byRole = (role: "exposure" | "outcome") => m.graph.nodes.filter((n) => n.roles?.includes(role)).map((n) => n.id);
  const exposures = want.exposures ?? byRole("exposure");
  const outcomes = want.outcomes ?? byRole("outcome");
  for (const [flag, names] of [["--exposure", exposures], ["--outcome", outcomes]] as const) {
    for (const n of names) {
      if (!ids.includes(n)) problems.push(error("unknown-variable", `${flag} names "${n}", which is not a variable of model "${m.name}".${didYouMean(n, ids)}`));
    }
  }
  if (problems.length) return undefined;
  if (want.identify && (!exposures.length || !outcomes.length)) throw new UsageError("--identify needs --exposure and --outcome");
  if (want.allSets && (!exposures.length || !outcomes.length)) throw new UsageError("--all-sets needs --exposure and --outcome (or a file's [exposure] and [outcome] roles)");
  if (want.directEffect && (exposures.length !== 1 || outcomes.length !== 1)) throw new UsageError("--direct-effect needs one exposure and one outcome");
  const g = CausalGraph.from(m.graph);
  const r: GraphReport = {
    name: m.name,
    nodes: m.graph.nodes.map((n) => ({
      id: n.id, latent: !!n.latent, parents: m.graph.edges.filter((e) => e.to === n.id && e.kind === "directed").map((e) => e.from),
      ...(n.mechanism ? { mechanism: n.mechanism } : {}), ...(n.range ? { line: n.range.start.line } : {}),
    })),
    edges: m.graph.edges.map((e) => ({ from: e.from, to: e.to, kind: e.kind })),
    ...listImplications(g, wanted),
    exposures, outcomes,
  };
  if (exposures.length && outcomes.length) {
    Object.assign(r, listAdjustmentSets(g, exposures, outcomes, maxSets, want.allSets));
    r.canonicalAdjustmentSet = canonicalAdjustmentSet(g, exposures, outcomes) ?? null;
    if (want.directEffect) r.directEffect = directEffect(g, exposures[0], outcomes[0], maxSets);
    if (exposures.length === 1 && outcomes.length === 1) r.instruments = instruments(g, exposures[0], outcomes[0]);
    if (want.identify) r.identification = identify(g, outcomes, exposures);
  }
  if (want.equivalence) r.equivalence = equivalence(g);
  if (want.blankets) r.markovBlankets = blankets(m, g, want.blankets, problems);
  return r;
}
