/**
 * The query messages between the extension host and the DAG webview (click to intervene; answers
 * plotted in the panel's query section): what Run sends, the answers, progress, failures and the
 * sparklines' summaries. messages.ts re-exports them and puts them in its ToWebview / FromWebview unions.
 */
import { z } from "zod";
import { RangeDto } from "./range";

/**
 * Values of variables by name, as the engine takes them (bernoulli 0/1, categorical index, numbers).
 * Name-keyed records keep "__proto__" (z.record drops it): the same schema as core/io/name-record-schema.ts.
 */
const nameRecordSchema = <T extends z.ZodType>(value: T) =>
  z.custom<object>((x) => typeof x === "object" && x !== null && !Array.isArray(x), "expected an object of names")
    .transform((x) => Object.entries(x)).pipe(z.array(z.tuple([z.string().min(1), value as z.ZodType<z.output<T>>])))
    .transform((entries) => Object.assign(Object.create(null), Object.fromEntries(entries)) as Record<string, z.output<T>>);
export const AssignmentDto = nameRecordSchema(z.number().finite());
export type AssignmentDto = z.infer<typeof AssignmentDto>;

export const EstimateDto = z.object({
  value: z.number().finite(),
  /** 0 when exact. */
  standardError: z.number().finite().min(0),
  method: z.string(),
  samples: z.number().int().min(0).optional(),
});
export type EstimateDto = z.infer<typeof EstimateDto>;

/**
 * A continuous target's distribution in one world, from the samples of its mean (core/query/target-spread.ts):
 * sd, the 90% interval (5th and 95th weighted percentiles) and a density histogram (absent for an exact mean).
 */
export const SpreadDto = z.object({
  sd: z.number().finite().min(0),
  interval: z.object({ low: z.number().finite(), high: z.number().finite(), level: z.literal(0.9) }).optional(),
  histogram: z.array(z.object({ x0: z.number().finite(), x1: z.number().finite(), density: z.number().finite().min(0) })).optional(),
  outside: z.number().min(0).max(1).optional(),
});
export type SpreadDto = z.infer<typeof SpreadDto>;

/** A threshold event on the target: P(target > value) (also >=, <, <=). */
export const ThresholdDto = z.object({ op: z.enum([">", ">=", "<", "<="]), value: z.number().finite() });
export type ThresholdDto = z.infer<typeof ThresholdDto>;

/** A query's answer: a table for a discrete target, a mean (with its spread) for a continuous one, or one probability. */
export const AnswerDto = z.discriminatedUnion("type", [
  z.object({ type: z.literal("distribution"), variable: z.string(), rows: z.array(z.object({ value: z.number().finite(), estimate: EstimateDto })) }),
  z.object({ type: z.literal("mean"), variable: z.string(), estimate: EstimateDto, spread: SpreadDto.optional() }),
  /** `event`: the event's text when it is a threshold on the target, e.g. "wage > 30". */
  z.object({ type: z.literal("probability"), estimate: EstimateDto, event: z.string().optional() }),
]);
export type AnswerDto = z.infer<typeof AnswerDto>;

/** What the graph engine says about the query before any sampling. */
export const IdentificationDto = z.discriminatedUnion("status", [
  z.object({ status: z.literal("identified"), formula: z.string(), adjustmentSet: z.array(z.string()).optional(), note: z.string().optional() }),
  z.object({
    status: z.literal("not-identified"),
    /** The formal reason (the hedge F, F'), shown under "details". */
    reason: z.string(),
    hedge: z.object({ f: z.array(z.string()), fPrime: z.array(z.string()) }).optional(),
    /** In words for this model: which unobserved variables make it so and what the answer rests on (the badge's text). */
    explanation: z.string().optional(),
    /** The latent variables behind the hedge (named in the explanation). */
    latents: z.array(z.string()).optional(),
  }),
  /** Counterfactuals: not identified from observational data in general; they depend on the mechanisms' functional form. */
  z.object({ status: z.literal("counterfactual"), reason: z.string() }),
  /** No identification question to ask (e.g. a query on a latent variable); the reason says why. */
  z.object({ status: z.literal("not-applicable"), reason: z.string() }),
]);
export type IdentificationDto = z.infer<typeof IdentificationDto>;

/** One world's answer with the label the panel prints for it ("do(smoking = 0)", "observed", "factual", ...). */
export const WorldAnswerDto = z.object({ label: z.string(), answer: AnswerDto });
export type WorldAnswerDto = z.infer<typeof WorldAnswerDto>;

/** Host -> webview, while a sampling query runs: the answer so far (pooled over the batches done). */
export const QueryProgress = z.object({
  type: z.literal("queryProgress"),
  id: z.number().int(),
  /** Which world this is ("intervened", "observed", ...), for the label. */
  label: z.string(),
  samples: z.number().int().min(0),
  /** Fraction of the planned work done, 0..1. */
  done: z.number().min(0).max(1),
  answer: AnswerDto,
});
export type QueryProgress = z.infer<typeof QueryProgress>;

/** Host -> webview, when a query finished: the answer beside its comparison, the ATE, identification and the code. */
export const QueryResult = z.object({
  type: z.literal("queryResult"),
  id: z.number().int(),
  /** The query as text, e.g. "P(cancer | do(smoking = 0))". */
  text: z.string(),
  counterfactual: z.boolean(),
  /** The intervened (or counterfactual) world. */
  main: WorldAnswerDto,
  /** The observational (or factual) world, for the side-by-side plot; absent when it could not be computed. */
  comparison: WorldAnswerDto.optional(),
  /** E[target | do(treatment = treated)] - E[target | do(treatment = control)], for one binary intervention. */
  ate: z.object({
    treatment: z.string(), outcome: z.string(), treated: z.number(), control: z.number(),
    value: z.number().finite(), standardError: z.number().finite().min(0), low: z.number().finite(), high: z.number().finite(),
    /** Binary outcome: the risk ratio with its interval and its E-value, in words (how strong a confounder the model leaves out would have to be). */
    sensitivity: z.object({
      riskRatio: z.number().finite(), lower: z.number().finite(), upper: z.number().finite(), eValue: z.number().finite(), eValueInterval: z.number().finite(),
      sentence: z.string(), intervalSentence: z.string(),
    }).optional(),
  }).optional(),
  identification: IdentificationDto,
  code: z.object({ typescript: z.string(), cli: z.string() }),
  elapsedMs: z.number().min(0),
  /** Problems that did not stop the answer (e.g. the comparison failed), shown under it. */
  notes: z.array(z.string()).optional(),
});
export type QueryResult = z.infer<typeof QueryResult>;

/** Host -> webview, when a query could not be answered (bad input, timeout, a throw in the model, cancelled). */
export const QueryFailed = z.object({
  type: z.literal("queryFailed"),
  id: z.number().int(),
  reason: z.enum(["invalid", "timeout", "cancelled", "model-error", "untrusted"]),
  message: z.string().min(1),
  /** Where in the model file, when known. */
  range: RangeDto.optional(),
  file: z.string().optional(),
});
export type QueryFailed = z.infer<typeof QueryFailed>;

/** A node's marginal for a sparkline: probabilities over a few values, or a mean. */
export const SummaryDto = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("discrete"), values: z.array(z.number().finite()), probabilities: z.array(z.number().min(0).max(1)),
    /** Each probability's standard error (0 when exact): the sparkline writes the digits the table writes. */
    standardErrors: z.array(z.number().finite().min(0)).optional(),
  }),
  z.object({ kind: z.literal("mean"), mean: z.number().finite(), standardError: z.number().finite().min(0) }),
]);
export type SummaryDto = z.infer<typeof SummaryDto>;

/** Host -> webview, after a query: each descendant of the action, seeing (observed) vs doing (intervened), drawn as sparklines on the graph. */
export const NodeSummaries = z.object({
  type: z.literal("nodeSummaries"),
  id: z.number().int(),
  nodes: z.array(z.object({ id: z.string().min(1), observed: SummaryDto, intervened: SummaryDto })),
  /** The run's intervened variables: only their descendants are drawn (observed = seeing, intervened = doing). */
  action: z.array(z.string().min(1)).optional(),
  /** A counterfactual run: observed is the factual world, intervened the counterfactual one. */
  counterfactual: z.boolean().optional(),
});
export type NodeSummaries = z.infer<typeof NodeSummaries>;

/** Host -> webview, from the "Intervene…" / "Counterfactual…" CodeLens: open the query bar in that mode. */
export const QueryMode = z.object({ type: z.literal("queryMode"), mode: z.enum(["intervene", "counterfactual"]) });
export type QueryMode = z.infer<typeof QueryMode>;

/**
 * Webview -> host, from the query bar's Run: P(target | do, given) for model `modelIndex` of the file
 * (with `counterfactual`: given is the factual evidence and do the counterfactual action). `id` correlates the answers.
 */
export const RunQuery = z.object({
  type: z.literal("runQuery"),
  id: z.number().int(),
  modelIndex: z.number().int().min(0),
  do: AssignmentDto,
  given: AssignmentDto,
  target: z.string().min(1),
  counterfactual: z.boolean(),
  /** Ask P(target op value) instead of the target's distribution. */
  threshold: ThresholdDto.optional(),
});
export type RunQuery = z.infer<typeof RunQuery>;

/** Webview -> host, from the query bar's Cancel: stop query `id` (the host kills the model process). */
export const CancelQuery = z.object({ type: z.literal("cancelQuery"), id: z.number().int() });
export type CancelQuery = z.infer<typeof CancelQuery>;
