/**
 * The messages between the extension host and the diagnostics panel ("Causal Studio: Diagnose
 * Model…"), in both directions: zod schemas validated on receipt, their types, and who sends each
 * and when. `DiagnosisReportDto` mirrors core's DiagnosisReport (src/core/criticism/diagnosis-report.ts)
 * field by field; a type-level test pins the two together (protocol imports nothing but zod, so it
 * keeps its own copy, as core/io/diagnose-schema.ts keeps the model process's).
 *
 * Numbers: VS Code carries webview messages as JSON, where NaN and ±Infinity become null. Every
 * number of the report that is never null in core accepts null on receipt and reads it back as NaN,
 * so a report with a non-finite statistic still arrives (the plots then leave such points out and
 * say how many). Fields that are nullable in core (a p-value a check does not have) keep null.
 */
import { z } from "zod";
import { parseMessage, type ParsedMessage } from "./parse-message";

/** Bumped whenever a diagnostics message changes shape; the webview reports it in `diagnosticsReady`. */
export const DIAGNOSTICS_PROTOCOL_VERSION = 1;

/** Any number, NaN and infinities included; null (what JSON makes of a non-finite number) reads as NaN. */
const num = z.union([z.custom<number>((x) => typeof x === "number", "must be a number"), z.null().transform(() => Number.NaN)]);
/** An array of such numbers, checked and converted in one pass (residuals carry thousands). */
const nums = z.custom<(number | null)[]>((a) => Array.isArray(a) && a.every((x) => typeof x === "number" || x === null), "must be an array of numbers")
  .transform((a): number[] => a.map((x) => (x === null ? Number.NaN : x)));
/** A count: an integer, never null. */
const int = z.number().int();
/** A number core allows to be null (no p-value, no interval): null stays null. */
const numOrNull = z.custom<number>((x) => typeof x === "number", "must be a number").nullable();
const strings = z.array(z.string());

export const VerdictDto = z.enum(["pass", "warn", "fail"]);
export type VerdictDto = z.infer<typeof VerdictDto>;
export const EvidenceDto = z.enum(["pass", "warn", "fail", "untested"]);
export type EvidenceDto = z.infer<typeof EvidenceDto>;

const Position = z.object({ line: z.number().int(), column: z.number().int(), offset: z.number().int() });
const Range = z.object({ file: z.string().optional(), start: Position, end: Position });

export const CheckKindDto = z.enum(["local-test", "residual-reset", "residual-input-curvature", "residual-breusch-pagan", "chow", "loeo", "invariance", "reweighting-drift", "interventional-fidelity", "posterior-predictive", "held-out-likelihood"]);

/** One line of the report (DiagnoseCheck). */
export const DiagnoseCheckDto = z.object({
  kind: CheckKindDto,
  variable: z.string().optional(),
  pair: z.object({ x: z.string(), y: z.string(), given: strings }).optional(),
  input: z.string().optional(),
  statisticName: z.string(),
  statistic: num,
  df: nums,
  p: numOrNull,
  log10P: numOrNull,
  pAdjusted: numOrNull,
  log10PAdjusted: numOrNull,
  effect: z.object({ kind: z.string(), estimate: num, lower: numOrNull, upper: numOrNull, level: numOrNull }).nullable(),
  verdict: VerdictDto,
  text: z.string(),
  range: Range.optional(),
});
export type DiagnoseCheckDto = z.infer<typeof DiagnoseCheckDto>;

/** The data of one plot of the panel (DiagnosisPlot): one design per kind in webview/diagnostics/plots.ts. */
export const DiagnosisPlotDto = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("local-tests"), id: z.string(), title: z.string(),
    rows: z.array(z.object({ label: z.string(), x: z.string(), y: z.string(), given: strings, effect: z.string(), estimate: num, lower: num, upper: num, verdict: VerdictDto })),
  }),
  z.object({
    kind: z.literal("residuals"), id: z.string(), variable: z.string(), title: z.string(),
    fitted: nums, standardized: nums, inputs: z.array(z.object({ name: z.string(), values: nums })), rows: int,
  }),
  z.object({
    kind: z.literal("reweighting-sweep"), id: z.string(), variable: z.string(), parent: z.string(), title: z.string(),
    points: z.array(z.object({ t: num, parentValue: num, prediction: num })), verdict: VerdictDto,
  }),
  z.object({
    kind: z.literal("environment-coefficients"), id: z.string(), variable: z.string(), title: z.string(),
    rows: z.array(z.object({ environment: z.string(), coefficient: z.string(), estimate: num, lower: num, upper: num })), verdict: VerdictDto,
  }),
  z.object({
    kind: z.literal("loeo"), id: z.string(), variable: z.string(), title: z.string(),
    rows: z.array(z.object({ environment: z.string(), heldOut: num, inDistribution: num, ratio: num })), threshold: num, verdict: VerdictDto,
  }),
  z.object({
    kind: z.literal("interventional-fidelity"), id: z.string(), variable: z.string(), title: z.string(),
    rows: z.array(z.object({
      intervention: z.string(), observed: num, observedLower: num, observedUpper: num, predicted: num, predictedLower: num, predictedUpper: num, rows: int, verdict: VerdictDto,
    })),
    verdict: VerdictDto,
  }),
  z.object({
    kind: z.literal("posterior-predictive"), id: z.string(), variable: z.string(), title: z.string(),
    statistic: z.string(), observed: num, replicated: nums, p: num, verdict: VerdictDto,
  }),
]);
export type DiagnosisPlotDto = z.infer<typeof DiagnosisPlotDto>;
export type DiagnosisPlotKind = DiagnosisPlotDto["kind"];

export const VariableEvidenceDto = z.object({ variable: z.string(), range: Range.optional(), verdict: EvidenceDto, sentence: z.string(), checks: z.array(int), plots: strings });
export type VariableEvidenceDto = z.infer<typeof VariableEvidenceDto>;

/** The whole diagnosis (DiagnosisReport), as the panel receives it in `diagnosisDone`. */
export const DiagnosisReportDto = z.object({
  file: z.string(),
  model: z.string(),
  data: z.object({ file: z.string(), rows: int, map: z.record(z.string(), z.string()).optional() }),
  alpha: num,
  environment: z.string().nullable(),
  interventions: z.string().nullable(),
  params: z.object({ source: z.enum(["file", "fitted", "none"]), file: z.string().optional() }),
  verdict: VerdictDto,
  counts: z.object({ pass: int, warn: int, fail: int }),
  checks: z.array(DiagnoseCheckDto),
  skipped: z.array(z.object({ check: z.string(), variable: z.string().optional(), implication: z.string().optional(), reason: z.string() })),
  cannotSee: strings,
  variables: z.array(VariableEvidenceDto),
  edges: z.array(z.object({ from: z.string(), to: z.string(), verdict: EvidenceDto, sentence: z.string(), checks: z.array(int) })),
  violated: z.array(z.object({ x: z.string(), y: z.string(), given: strings, verdict: VerdictDto, sentence: z.string(), check: int })),
  plots: z.array(DiagnosisPlotDto),
  timings: z.record(z.string(), num),
});
export type DiagnosisReportDto = z.infer<typeof DiagnosisReportDto>;

// ---- Host -> webview ----

/** Host -> webview, when a diagnosis starts (and on ready, for a panel reopened mid-run): which model on which data. */
export const DiagnosisStarted = z.object({
  type: z.literal("diagnosisStarted"),
  runId: z.number().int(),
  model: z.string(),
  /** The data file's name as the user sees it (workspace-relative). */
  data: z.string(),
});
export type DiagnosisStarted = z.infer<typeof DiagnosisStarted>;

/** Host -> webview, as each check of the diagnose job starts (DiagnoseProgress): `done` of `total` checks are finished. */
export const DiagnosisProgress = z.object({
  type: z.literal("diagnosisProgress"),
  runId: z.number().int(),
  check: z.string(),
  done: z.number().int().min(0),
  total: z.number().int().min(0),
});
export type DiagnosisProgress = z.infer<typeof DiagnosisProgress>;

/** Host -> webview, when the diagnosis finished (and on ready, for a reopened panel): the report to draw. */
export const DiagnosisDone = z.object({ type: z.literal("diagnosisDone"), runId: z.number().int(), report: DiagnosisReportDto });
export type DiagnosisDone = z.infer<typeof DiagnosisDone>;

/** Host -> webview, when the diagnosis could not run or finish (bad data, a throw in the model, timeout, cancelled, untrusted). */
export const DiagnosisFailed = z.object({ type: z.literal("diagnosisFailed"), runId: z.number().int(), message: z.string().min(1) });
export type DiagnosisFailed = z.infer<typeof DiagnosisFailed>;

/**
 * Host -> webview, when the user asks for one variable's evidence (a flagged node clicked on the DAG,
 * OpenDiagnostics): scroll to that variable's group and highlight it. Sent before the report has
 * arrived, it applies when it does.
 */
export const FocusVariable = z.object({ type: z.literal("focusVariable"), variable: z.string().min(1) });
export type FocusVariable = z.infer<typeof FocusVariable>;

export const ToDiagnosticsPanel = z.discriminatedUnion("type", [DiagnosisStarted, DiagnosisProgress, DiagnosisDone, DiagnosisFailed, FocusVariable]);
export type ToDiagnosticsPanel = z.infer<typeof ToDiagnosticsPanel>;

// ---- Webview -> host ----

/** Webview -> host, once its script has loaded and it can receive messages. */
export const DiagnosticsReady = z.object({ type: z.literal("diagnosticsReady"), version: z.number().int() });
export type DiagnosticsReady = z.infer<typeof DiagnosticsReady>;

/** Webview -> host, when the user clicks a variable's heading: reveal that variable's declaration (VariableEvidence.range). */
export const OpenSource = z.object({ type: z.literal("openSource"), variable: z.string().min(1) });
export type OpenSource = z.infer<typeof OpenSource>;

/**
 * Webview -> host, from a plot's SVG or PNG button: `data` is the SVG text (format "svg") or a PNG as a
 * base64 data URL (format "png", drawn at twice the plot's size). `fileName`, where sent, is the
 * plot's suggested file name, a plain name (webview/diagnostics/plots.ts plotFileName: "residuals-y.svg").
 * The host asks where to save it and writes it atomically.
 */
export const ExportPlot = z.object({
  type: z.literal("exportPlot"),
  id: z.string().min(1),
  format: z.enum(["svg", "png"]),
  fileName: z.string().regex(/^[A-Za-z0-9._-]+$/, "must be a plain file name").optional(),
  data: z.string().min(1),
}).refine((m) => (m.format === "svg" ? /^(<\?xml[^>]*>\s*)?<svg[\s>]/.test(m.data.trimStart()) : m.data.startsWith("data:image/png;base64,")), { message: "data does not match the format (SVG text, or a PNG data URL)", path: ["data"] });
export type ExportPlot = z.infer<typeof ExportPlot>;

/** Webview -> host, from the progress bar's Cancel: stop diagnosis `runId` (the host cancels the model-process job). */
export const CancelDiagnosis = z.object({ type: z.literal("cancelDiagnosis"), runId: z.number().int() });
export type CancelDiagnosis = z.infer<typeof CancelDiagnosis>;

export const FromDiagnosticsPanel = z.discriminatedUnion("type", [DiagnosticsReady, OpenSource, ExportPlot, CancelDiagnosis]);
export type FromDiagnosticsPanel = z.infer<typeof FromDiagnosticsPanel>;

export type ParsedDiagnostics<T> = ParsedMessage<T>;

const parseWith = <T>(schema: z.ZodType<T>, direction: string, raw: unknown): ParsedDiagnostics<T> => parseMessage(schema, direction, "diagnostics", raw);

/** Validates a message the panel received from the host. */
export const parseToDiagnosticsPanel = (raw: unknown) => parseWith(ToDiagnosticsPanel, "host-to-webview", raw);
/** Validates a message the host received from the panel. */
export const parseFromDiagnosticsPanel = (raw: unknown) => parseWith(FromDiagnosticsPanel, "webview-to-host", raw);
