/**
 * The messages between the model runner (parent, model-process.ts) and its child process
 * (model-process-child.ts), each a zod schema validated on receipt on either side. They travel
 * over Node's IPC channel with "advanced" (structured-clone) serialization, so NaN and
 * Infinity in estimates survive; inputs (query values) must be finite.
 */
import { z } from "zod";
import type { Diagnostic } from "../errors/diagnostic";
import type { Answer, QueryProgress } from "../query/answer-query";
import type { QueryRunOptions, QuerySpec } from "../query/query-spec";

const finite = z.number().refine(Number.isFinite, "must be a finite number");
const anyNumber = z.custom<number>((x) => typeof x === "number", "must be a number");
const assignment = z.record(z.string().min(1), finite);

const WorldCondition = z.object({ world: z.string().min(1), variable: z.string().min(1), value: finite });
export const QuerySpecSchema: z.ZodType<QuerySpec> = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("single"), counterfactual: z.boolean(), do: assignment, given: assignment, target: z.string().min(1), value: finite.optional() }),
  z.object({
    kind: z.literal("joint"), worlds: z.record(z.string().min(1), assignment), given: assignment, event: z.array(WorldCondition).optional(),
    mean: z.union([z.object({ world: z.string().min(1), variable: z.string().min(1) }), z.object({ difference: z.tuple([z.string(), z.string()]), variable: z.string().min(1) })]).optional(),
    shortcut: z.enum(["pns", "harm", "ett"]).optional(),
  }),
]);

export const RunOptionsSchema: z.ZodType<QueryRunOptions> = z.object({
  seed: finite, samples: z.number().int().positive().optional(), method: z.enum(["auto", "exact", "sampling"]).optional(),
});

const EstimateSchema = z.object({ value: anyNumber, standardError: anyNumber, method: z.string(), samples: anyNumber.optional(), effectiveSampleSize: anyNumber.optional() });
export const AnswerSchema: z.ZodType<Answer> = z.discriminatedUnion("type", [
  z.object({ type: z.literal("distribution"), variable: z.string(), support: z.enum(["declared", "observed"]), rows: z.array(z.object({ value: anyNumber, estimate: EstimateSchema })) }),
  z.object({ type: z.literal("probability"), estimate: EstimateSchema }),
  z.object({ type: z.literal("mean"), estimate: EstimateSchema }),
]);

const Position = z.object({ line: z.number().int(), column: z.number().int(), offset: z.number().int() });
export const DiagnosticSchema = z.object({
  code: z.string(), severity: z.enum(["error", "warning", "info"]), message: z.string(),
  range: z.object({ file: z.string().optional(), start: Position, end: Position }).optional(),
  notes: z.array(z.string()).optional(),
}) as unknown as z.ZodType<Diagnostic>;

const ProgressSchema: z.ZodType<QueryProgress> = z.object({
  batch: z.number().int(), batches: z.number().int(), samples: z.number().int(), totalSamples: z.number().int(), exact: z.boolean(), answer: AnswerSchema,
});

/** Parent -> child: answer this query on this file (one at a time; the parent waits for the reply). */
export const RunMessage = z.object({ type: z.literal("run"), id: z.number().int(), file: z.string().min(1), spec: QuerySpecSchema, options: RunOptionsSchema, comparison: z.boolean(), distribution: z.string().optional() });
export type RunMessage = z.infer<typeof RunMessage>;
export const ToChild = RunMessage;

/** Child -> parent: sent once when the child has loaded and listens. */
const Ready = z.object({ type: z.literal("ready"), pid: z.number().int() });
/** Child -> parent: after each sampling batch (or once for an exact answer). */
const Progress = z.object({ type: z.literal("progress"), id: z.number().int(), progress: ProgressSchema });
/** Child -> parent: the final answer, with the observational comparison when asked for. */
const Answered = z.object({ type: z.literal("answered"), id: z.number().int(), model: z.string(), answer: AnswerSchema, comparison: AnswerSchema.optional() });
/** Child -> parent: the query could not be answered (load error, user throw, bad query). */
const Failed = z.object({ type: z.literal("failed"), id: z.number().int(), diagnostics: z.array(DiagnosticSchema).min(1) });

export const FromChild = z.discriminatedUnion("type", [Ready, Progress, Answered, Failed]);
export type FromChild = z.infer<typeof FromChild>;
