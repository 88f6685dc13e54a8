/**
 * The messages between the model runner (parent, model-process.ts) and its child process
 * (model-process-child.ts), each a zod schema validated on receipt on either side. They travel
 * over Node's IPC channel with "advanced" (structured-clone) serialization, so NaN and
 * Infinity in estimates survive; inputs (query values) must be finite.
 *
 * Every request is a job of some `kind` with its own input, progress and result schemas, listed
 * once in JOB_KINDS: adding a kind (train, criticize) is one entry here and one handler in the
 * child's table; the channel (job, progress, stop, done, failed) stays the same.
 */
import { z } from "zod";
import { DiagnosticSchema } from "./diagnostic-schema";
import { DiagnoseJobSchema, DiagnoseProgressSchema, DiagnosisReportSchema } from "./diagnose-schema";
import type { Diagnostic } from "../errors/diagnostic";
import type { Answer, QueryProgress } from "../query/answer";
import { nameRecordSchema } from "./name-record-schema";
import type { QueryJob, QueryJobProgress, QueryJobResult } from "../query/query-job";
import type { QueryRunOptions, QuerySpec } from "../query/query-spec";
import type { MechanismTrained, TrainProgress } from "../train/train-model";
import type { TrainJob, TrainJobResult } from "./train-job";

const finite = z.number().refine(Number.isFinite, "must be a finite number");
/** Most rows one simulate job returns: its CSV comes back as one message (about 100 MB at 10 columns). */
export const MAX_SIMULATED_ROWS = 1_000_000;
const anyNumber = z.custom<number>((x) => typeof x === "number", "must be a number");
const assignment = nameRecordSchema(finite);

const WorldCondition = z.object({ world: z.string().min(1), variable: z.string().min(1), value: finite });
export const QuerySpecSchema: z.ZodType<QuerySpec> = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("single"), counterfactual: z.boolean(), do: assignment, given: assignment, target: z.string().min(1), value: finite.optional(),
    threshold: z.object({ op: z.enum([">", ">=", "<", "<="]), value: finite }).optional(),
  }),
  z.object({
    kind: z.literal("joint"), worlds: nameRecordSchema(assignment), given: assignment, event: z.array(WorldCondition).optional(),
    mean: z.union([z.object({ world: z.string().min(1), variable: z.string().min(1) }), z.object({ difference: z.tuple([z.string(), z.string()]), variable: z.string().min(1) })]).optional(),
    shortcut: z.enum(["pns", "harm", "ett"]).optional(),
  }),
]);

export const RunOptionsSchema: z.ZodType<QueryRunOptions> = z.object({
  seed: finite, samples: z.number().int().positive().optional(), method: z.enum(["auto", "exact", "sampling"]).optional(),
});

const EstimateSchema = z.object({ value: anyNumber, standardError: anyNumber, method: z.string(), samples: anyNumber.optional(), effectiveSampleSize: anyNumber.optional(), largestTable: anyNumber.optional() });
export const AnswerSchema: z.ZodType<Answer> = z.discriminatedUnion("type", [
  z.object({ type: z.literal("distribution"), variable: z.string(), support: z.enum(["declared", "observed"]), rows: z.array(z.object({ value: anyNumber, estimate: EstimateSchema })) }),
  z.object({ type: z.literal("probability"), estimate: EstimateSchema }),
  z.object({
    type: z.literal("mean"), estimate: EstimateSchema,
    spread: z.object({
      sd: anyNumber, interval: z.object({ low: anyNumber, high: anyNumber, level: z.literal(0.9) }).optional(),
      histogram: z.array(z.object({ x0: anyNumber, x1: anyNumber, density: anyNumber })).optional(), outside: anyNumber.optional(),
    }).optional(),
  }),
]);

export { DiagnosticSchema };

const ProgressSchema: z.ZodType<QueryProgress> = z.object({
  batch: z.number().int(), batches: z.number().int(), samples: z.number().int(), totalSamples: z.number().int(), exact: z.boolean(), answer: AnswerSchema,
});

const AteSchema = z.object({
  treatment: z.string(), outcome: z.string(), treated: anyNumber, control: anyNumber, value: anyNumber, standardError: anyNumber, low: anyNumber, high: anyNumber,
  sensitivity: z.object({ riskRatio: anyNumber, lower: anyNumber, upper: anyNumber, eValue: anyNumber, eValueInterval: anyNumber, sentence: z.string(), intervalSentence: z.string() }).optional(),
});
const MarginalSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("discrete"), values: z.array(anyNumber), probabilities: z.array(anyNumber), standardErrors: z.array(anyNumber) }),
  z.object({ kind: z.literal("mean"), mean: anyNumber, standardError: anyNumber }),
]);
const AnsweredSchema = z.object({
  model: z.string(), answer: AnswerSchema, comparison: AnswerSchema.optional(), ate: AteSchema.optional(),
  ateFailure: z.object({ arm: z.string(), diagnostic: DiagnosticSchema }).optional(),
  comparisonFailure: z.object({ diagnostic: DiagnosticSchema }).optional(),
});

const QueryJobSchema: z.ZodType<QueryJob> = z.object({
  spec: QuerySpecSchema, options: RunOptionsSchema, declared: z.record(z.string(), z.string()).optional(), comparison: z.boolean().optional(), ate: z.boolean().optional(),
  summaries: z.object({ variables: z.array(z.string().min(1)) }).optional(),
});
const QueryJobProgressSchema: z.ZodType<QueryJobProgress> = z.discriminatedUnion("type", [
  z.object({ type: z.literal("batch"), progress: ProgressSchema }),
  z.object({ type: z.literal("answered"), answered: AnsweredSchema }),
]);
const QueryJobResultSchema: z.ZodType<QueryJobResult> = AnsweredSchema.extend({
  summaries: z.array(z.object({ variable: z.string(), observed: MarginalSchema, intervened: MarginalSchema })).optional(),
});

/**
 * A query may run with a parameters file's values (the DAG panel after training, as `query --params`):
 * the child reads it, and uses it when it fits the model's declared params (params-file.ts states
 * the rule), else answers with the declared values and says why in the result's `params`.
 */
// strict: the file must fit (the CLI's --params): a param it does not declare or of another size is an error, not a fallback.
const QueryParams = z.object({ params: z.object({ file: z.string().min(1), strict: z.boolean().optional() }).optional() });
const ParamsUsed = z.object({ params: z.object({ file: z.string(), used: z.boolean(), stale: z.string().optional() }).optional() });

const TrainMethodSchema = z.enum(["closed form", "IRLS", "counts", "Adam", "BFGS", "SVI"]);
const positiveInt = z.number().int().positive();
const TrainJobSchema: z.ZodType<TrainJob> = z.object({
  data: z.string().min(1), map: z.record(z.string().min(1), z.string().min(1)).optional(), levels: z.record(z.string().min(1), z.array(z.string())).optional(),
  epochs: positiveInt.optional(), batch: positiveInt.optional(), lr: finite.refine((x) => x > 0, "must be positive").optional(), seed: finite.optional(),
  backend: z.enum(["auto", "wasm", "cpu", "node"]).optional(), resume: z.string().min(1).optional(),
  checkpoint: z.object({ path: z.string().min(1), every: positiveInt }).optional(), out: z.string().min(1),
});
const TrainProgressSchema: z.ZodType<TrainProgress> = z.object({
  mechanism: z.string(), method: TrainMethodSchema, step: z.number().int(), steps: z.number().int(), epoch: z.number().int(), epochs: z.number().int(),
  loss: anyNumber, stepsPerSecond: anyNumber, elapsedMs: anyNumber,
});
const MechanismTrainedSchema: z.ZodType<MechanismTrained> = z.object({ mechanism: z.string(), method: TrainMethodSchema, finalLoss: anyNumber, steps: z.number().int(), converged: z.boolean() });
const paramValue = z.union([anyNumber, z.array(anyNumber)]);
const TrainJobResultSchema: z.ZodType<TrainJobResult> = z.object({
  model: z.string(), paramsFile: z.string(), rows: z.number().int(), mechanisms: z.array(MechanismTrainedSchema), backend: z.string().optional(), stepsPerSecond: anyNumber.optional(),
  params: z.record(z.string(), paramValue), standardErrors: z.record(z.string(), paramValue),
  table: z.array(z.object({ name: z.string(), value: anyNumber, standardError: anyNumber.optional() })),
  data: z.object({ file: z.string(), rows: z.number().int(), map: z.record(z.string(), z.string()).optional(), levels: z.record(z.string(), z.array(z.string())).optional(), stamp: z.object({ size: z.number(), mtimeMs: z.number() }) }),
  logLikelihood: anyNumber, stopped: z.boolean(), checkpoints: z.number().int(), resumedFrom: z.string().optional(), trainedAt: z.string(), elapsedMs: anyNumber,
});

/** Each kind of job: what the parent sends, what the child streams while it runs, and what it answers. */
export const JOB_KINDS = {
  query: { input: QueryJobSchema.and(QueryParams), progress: QueryJobProgressSchema, result: QueryJobResultSchema.and(ParamsUsed) },
  train: { input: TrainJobSchema, progress: TrainProgressSchema, result: TrainJobResultSchema },
  diagnose: { input: DiagnoseJobSchema, progress: DiagnoseProgressSchema, result: DiagnosisReportSchema },
  /**
   * The model written in another format: "bif", its exact tables (every mechanism evaluated on every
   * parent configuration); "moments", a linear-Gaussian model's implied means, covariance and total effects as JSON.
   */
  export: { input: z.object({ format: z.enum(["bif", "moments"]) }), progress: z.never(), result: z.object({ text: z.string() }) },
  /** Rows drawn from the model (with interventions) as CSV (simulate-job.ts). */
  simulate: {
    input: z.object({
      rows: positiveInt.max(MAX_SIMULATED_ROWS), seed: z.number().int().min(0).max(0xffffffff), do: assignment, latent: z.boolean(),
    }).and(QueryParams),
    progress: z.never(),
    result: z.object({ text: z.string() }),
  },
} as const;
export type JobKind = keyof typeof JOB_KINDS;
export type JobInput<K extends JobKind> = z.infer<(typeof JOB_KINDS)[K]["input"]>;
export type JobProgress<K extends JobKind> = z.infer<(typeof JOB_KINDS)[K]["progress"]>;
export type JobOutput<K extends JobKind> = z.infer<(typeof JOB_KINDS)[K]["result"]>;
const KINDS = Object.keys(JOB_KINDS) as [JobKind, ...JobKind[]];

/** `payload` checked against the schema JOB_KINDS gives its kind for `part`. */
function perKind(part: "input" | "progress" | "result", field: string) {
  return (m: { kind: JobKind } & Record<string, unknown>, ctx: z.RefinementCtx) => {
    const r = JOB_KINDS[m.kind][part].safeParse(m[field]);
    if (!r.success) for (const issue of r.error.issues) ctx.addIssue({ ...issue, path: [field, ...issue.path] } as never);
  };
}

/** Parent -> child: run this job on this model file (one at a time; the parent waits for done or failed). */
export const JobMessage = z.object({
  type: z.literal("job"), id: z.number().int(), kind: z.enum(KINDS), file: z.string().min(1), input: z.unknown(),
  /** The caller asked to stop before the job was sent: skip what can be skipped from the start (no race with a later stop message). */
  stopped: z.boolean().optional(),
}).superRefine(perKind("input", "input"));
export type JobMessage = { type: "job"; id: number; kind: JobKind; file: string; input: JobInput<JobKind>; stopped?: boolean };
/** Parent -> child: skip the rest of job `id` at its next step (it still answers done with what it has). */
const Stop = z.object({ type: z.literal("stop"), id: z.number().int() });
/**
 * Parent -> child, first of all, before any user code loads: this run's secret. The child keeps it in a
 * closure and puts it on every message it sends; the parent drops (and restarts the child after) any
 * message without it, so a model's own process.send cannot pass for the runner.
 */
const Hello = z.object({ type: z.literal("hello"), nonce: z.string().min(32) });
export type ToChild = JobMessage | z.infer<typeof Stop> | z.infer<typeof Hello>;
export const ToChild = z.discriminatedUnion("type", [JobMessage, Stop, Hello]) as unknown as z.ZodType<ToChild>;
/** Every child -> parent message carries the run's nonce (checked by the parent, not the schema). */
const nonce = { nonce: z.string().optional() };

/** Child -> parent: sent once when the child has loaded and listens. */
const Ready = z.object({ type: z.literal("ready"), pid: z.number().int(), ...nonce });
/** Child -> parent: while a job runs (a query: after each sampling batch, and once with the answer before the summaries). */
const Progress = z.object({ type: z.literal("progress"), id: z.number().int(), kind: z.enum(KINDS), progress: z.unknown(), ...nonce }).superRefine(perKind("progress", "progress"));
/** Child -> parent: the job's result; `bundled` says whether the model file was (re-)bundled for it or came from the cache. */
const Done = z.object({ type: z.literal("done"), id: z.number().int(), kind: z.enum(KINDS), result: z.unknown(), bundled: z.boolean(), ...nonce }).superRefine(perKind("result", "result"));
/** Child -> parent: the job could not be done (load error, user throw, bad query). */
const Failed = z.object({ type: z.literal("failed"), id: z.number().int(), diagnostics: z.array(DiagnosticSchema).min(1), ...nonce });

export type FromChild =
  | z.infer<typeof Ready>
  | { type: "progress"; id: number; kind: JobKind; progress: JobProgress<JobKind>; nonce?: string }
  | { type: "done"; id: number; kind: JobKind; result: JobOutput<JobKind>; bundled: boolean; nonce?: string }
  | z.infer<typeof Failed>;
export const FromChild = z.discriminatedUnion("type", [Ready, Progress, Done, Failed]) as unknown as z.ZodType<FromChild>;
