/**
 * The messages between the extension host and the training panel ("Causal Studio: Train Model…"),
 * in both directions: zod schemas validated on receipt, their types, and who sends each and when.
 * Plain DTOs only (the host converts core's TrainProgress / train-job results); imports only zod.
 */
import { z } from "zod";
import { parseMessage, type ParsedMessage } from "./parse-message";

/** Bumped whenever a training message changes shape; the webview reports it in `trainingReady`. */
export const TRAINING_PROTOCOL_VERSION = 1;

const TrainMethodDto = z.enum(["closed form", "IRLS", "counts", "Adam", "BFGS", "SVI"]);

/** Host -> webview, when a training run starts (and on ready, for a panel reopened mid-run): what is trained on what. */
export const TrainingStarted = z.object({
  type: z.literal("trainingStarted"),
  runId: z.number().int(),
  model: z.string(),
  /** The data file's name as the user sees it (workspace-relative). */
  data: z.string(),
});
export type TrainingStarted = z.infer<typeof TrainingStarted>;

/** Host -> webview, while training runs (at most every 100 ms per mechanism): one point of a mechanism's loss curve. */
export const TrainingProgress = z.object({
  type: z.literal("trainingProgress"),
  runId: z.number().int(),
  mechanism: z.string(),
  method: TrainMethodDto,
  step: z.number().int().min(0),
  steps: z.number().int().min(0),
  epoch: z.number().int().min(0),
  epochs: z.number().int().min(0),
  /** Mean negative log-likelihood per row; null where it is not finite (drawn as a gap). */
  loss: z.number().nullable(),
  stepsPerSecond: z.number().min(0),
});
export type TrainingProgress = z.infer<typeof TrainingProgress>;

/** One row of the fitted-params table: a number of a param (vectors as name[i]) and its standard error where there is one. */
export const FittedParamDto = z.object({ name: z.string(), value: z.number(), standardError: z.number().nullable().optional() })
/* standardError: null where the information matrix is singular (NaN); absent where the method gives none. */;
export type FittedParamDto = z.infer<typeof FittedParamDto>;

/** Host -> webview, when training ended with a parameters file: the table and the summary line. */
export const TrainingDone = z.object({
  type: z.literal("trainingDone"),
  runId: z.number().int(),
  paramsFile: z.string(),
  rows: z.number().int().min(0),
  elapsedMs: z.number().min(0),
  stepsPerSecond: z.number().min(0).optional(),
  backend: z.string().optional(),
  /** True when the user stopped it: the values are what was learned so far. */
  stopped: z.boolean(),
  mechanisms: z.array(z.object({ mechanism: z.string(), method: TrainMethodDto, finalLoss: z.number().nullable(), steps: z.number().int(), converged: z.boolean() })),
  params: z.array(FittedParamDto),
});
export type TrainingDone = z.infer<typeof TrainingDone>;

/** Host -> webview, when training could not run or finish (bad data, a throw in the model, timeout, cancelled, untrusted). */
export const TrainingFailed = z.object({ type: z.literal("trainingFailed"), runId: z.number().int(), message: z.string().min(1) });
export type TrainingFailed = z.infer<typeof TrainingFailed>;

export const ToTrainingPanel = z.discriminatedUnion("type", [TrainingStarted, TrainingProgress, TrainingDone, TrainingFailed]);
export type ToTrainingPanel = z.infer<typeof ToTrainingPanel>;

/** Webview -> host, once its script has loaded. */
export const TrainingReady = z.object({ type: z.literal("trainingReady"), version: z.number().int() });
/** Webview -> host, from the panel's Stop button (stop run `runId` after its current step, keep what was learned) or Kill (`kill`: end the model process). */
export const StopTraining = z.object({ type: z.literal("stopTraining"), runId: z.number().int(), kill: z.boolean().optional() });

export const FromTrainingPanel = z.discriminatedUnion("type", [TrainingReady, StopTraining]);
export type FromTrainingPanel = z.infer<typeof FromTrainingPanel>;

export type ParsedTraining<T> = ParsedMessage<T>;

const parseWith = <T>(schema: z.ZodType<T>, direction: string, raw: unknown): ParsedTraining<T> => parseMessage(schema, direction, "training", raw);

export const parseToTrainingPanel = (raw: unknown) => parseWith(ToTrainingPanel, "host-to-webview", raw);
export const parseFromTrainingPanel = (raw: unknown) => parseWith(FromTrainingPanel, "webview-to-host", raw);
