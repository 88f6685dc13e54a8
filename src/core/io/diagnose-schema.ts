/**
 * The zod schemas of the "diagnose" job (JOB_KINDS in model-process-messages.ts): its input, its
 * progress and its result, a DiagnosisReport checked field by field on receipt, since the child
 * that sends it runs user code. src/protocol/diagnostics-messages.ts has the webview's own copy
 * of the report's schema: protocol imports nothing but zod and core imports no protocol, so the
 * two trust boundaries (model process -> host, host -> webview) each keep theirs; a type-level
 * test in each file pins it to DiagnosisReport.
 */
import { z } from "zod";
import type { DiagnoseCheck, DiagnosisPlot, DiagnosisReport } from "../criticism/diagnosis-report";
import type { DiagnoseJob, DiagnoseProgress } from "./diagnose-job";

/** Any number, NaN and infinities included (the channel uses structured clone). */
const num = z.custom<number>((x) => typeof x === "number", "must be a number");
const Verdict = z.enum(["pass", "warn", "fail"]);
const Evidence = z.enum(["pass", "warn", "fail", "untested"]);
const Position = z.object({ offset: z.number().int(), line: z.number().int(), column: z.number().int() });
const Range = z.object({ file: z.string().optional(), start: Position, end: Position });
const strings = z.array(z.string());

export const DiagnoseJobSchema: z.ZodType<DiagnoseJob> = z.object({
  data: z.string().min(1), map: z.record(z.string().min(1), z.string().min(1)).optional(), params: z.string().min(1).optional(),
  spark: z.object({
    host: z.string().min(1), port: z.number().int().min(1).max(65535).optional(), transport: z.enum(["binary", "http"]).optional(),
    username: z.string().optional(), password: z.string().optional(), database: z.string().min(1).optional(), table: z.string().min(1),
  }).optional(),
  environment: z.string().min(1).optional(), interventions: z.string().min(1).optional(), alpha: z.number().gt(0).lt(1).optional(), seed: z.number().finite().optional(),
});

export const DiagnoseProgressSchema: z.ZodType<DiagnoseProgress> = z.object({ check: z.string(), done: z.number().int().min(0), total: z.number().int().min(0) });

const CheckSchema: z.ZodType<DiagnoseCheck> = z.object({
  kind: z.enum(["local-test", "residual-reset", "residual-input-curvature", "residual-breusch-pagan", "chow", "loeo", "invariance", "reweighting-drift", "interventional-fidelity", "posterior-predictive", "held-out-likelihood"]),
  variable: z.string().optional(), pair: z.object({ x: z.string(), y: z.string(), given: strings }).optional(), input: z.string().optional(),
  statisticName: z.string(), statistic: num, df: z.array(num), p: num.nullable(), log10P: num.nullable(), pAdjusted: num.nullable(), log10PAdjusted: num.nullable(),
  effect: z.object({ kind: z.string(), estimate: num, lower: num.nullable(), upper: num.nullable(), level: num.nullable() }).nullable(),
  verdict: Verdict, text: z.string(), range: Range.optional(),
});

const PlotSchema: z.ZodType<DiagnosisPlot> = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("local-tests"), id: z.string(), title: z.string(), rows: z.array(z.object({ label: z.string(), x: z.string(), y: z.string(), given: strings, effect: z.string(), estimate: num, lower: num, upper: num, verdict: Verdict })) }),
  z.object({ kind: z.literal("residuals"), id: z.string(), variable: z.string(), title: z.string(), fitted: z.array(num), standardized: z.array(num), inputs: z.array(z.object({ name: z.string(), values: z.array(num) })), rows: z.number().int() }),
  z.object({ kind: z.literal("reweighting-sweep"), id: z.string(), variable: z.string(), parent: z.string(), title: z.string(), points: z.array(z.object({ t: num, parentValue: num, prediction: num })), verdict: Verdict }),
  z.object({ kind: z.literal("environment-coefficients"), id: z.string(), variable: z.string(), title: z.string(), rows: z.array(z.object({ environment: z.string(), coefficient: z.string(), estimate: num, lower: num, upper: num })), verdict: Verdict }),
  z.object({ kind: z.literal("loeo"), id: z.string(), variable: z.string(), title: z.string(), rows: z.array(z.object({ environment: z.string(), heldOut: num, inDistribution: num, ratio: num })), threshold: num, verdict: Verdict }),
  z.object({
    kind: z.literal("interventional-fidelity"), id: z.string(), variable: z.string(), title: z.string(),
    rows: z.array(z.object({ intervention: z.string(), observed: num, observedLower: num, observedUpper: num, predicted: num, predictedLower: num, predictedUpper: num, rows: z.number().int(), verdict: Verdict })), verdict: Verdict,
  }),
  z.object({ kind: z.literal("posterior-predictive"), id: z.string(), variable: z.string(), title: z.string(), statistic: z.string(), observed: num, replicated: z.array(num), p: num, verdict: Verdict }),
]);

export const DiagnosisReportSchema: z.ZodType<DiagnosisReport> = z.object({
  file: z.string(), model: z.string(), data: z.object({ file: z.string(), rows: z.number().int(), map: z.record(z.string(), z.string()).optional() }),
  alpha: z.number(), environment: z.string().nullable(), interventions: z.string().nullable(),
  params: z.object({ source: z.enum(["file", "fitted", "none"]), file: z.string().optional() }),
  verdict: Verdict, counts: z.object({ pass: z.number().int(), warn: z.number().int(), fail: z.number().int() }),
  checks: z.array(CheckSchema),
  skipped: z.array(z.object({ check: z.string(), variable: z.string().optional(), implication: z.string().optional(), reason: z.string() })),
  cannotSee: strings,
  variables: z.array(z.object({ variable: z.string(), range: Range.optional(), verdict: Evidence, sentence: z.string(), checks: z.array(z.number().int()), plots: strings })),
  edges: z.array(z.object({ from: z.string(), to: z.string(), verdict: Evidence, sentence: z.string(), checks: z.array(z.number().int()) })),
  violated: z.array(z.object({ x: z.string(), y: z.string(), given: strings, verdict: Verdict, sentence: z.string(), check: z.number().int() })),
  plots: z.array(PlotSchema),
  timings: z.record(z.string(), z.number()),
});
