/**
 * The child side of the model runner (bundled to dist/model-runner.js and forked by
 * model-process.ts): runs ONE job on a user's model file, streaming its progress, and answers done or
 * failed; the parent then retires this process, so nothing a model leaves behind (globals, patched
 * built-ins or core exports, module state) reaches another query. Every message in either direction is
 * validated (model-process-messages.ts). User code runs here and only here; a hang, a throw or running
 * out of memory costs this process, never the editor.
 *
 * Before any user code loads: the channel's low-level send is captured in this module's closure (a model
 * replacing process.send or process._send cannot see the runner's messages through them), the run's
 * nonce arrives as the first message and goes on every message sent, and process.exit is replaced so a
 * model's exit is reported as that ("the model called process.exit(0)"), not as a silent success.
 * The limit, stated plainly: this process is not a sandbox. A model that patches Node's internals (the
 * v8 serializer the channel uses) could read the nonce off the runner's own messages; what the nonce
 * stops is a model or package answering through process.send, and a fresh process per job stops any
 * of it from reaching another query.
 * Jobs are dispatched through HANDLERS, one entry per kind.
 */
import { basename } from "node:path";
import { CausalError, type Diagnostic, error } from "../errors/diagnostic";
import { didYouMean } from "../extract/did-you-mean";
import { printBif } from "../graph/bif/print-bif";
import { NotExactError } from "../infer/not-exact";
import { networkToBif } from "../dsl/network-to-bif";
import { linearGaussianMoments } from "../infer/linear-gaussian-moments";
import type { ModelSpec } from "../runtime/model-spec";
import { referencedNames } from "../query/query-spec";
import { runQueryJob } from "../query/query-job";
import { type BundleInfo, diagnosticFromThrown, locateInBundle, remapRange } from "./error-location";
import { warmUp } from "./model-process-warmup";
import { type LoadedModel, ModelCache } from "./model-cache";
import { applyParams, paramLayout, readParamsFile, staleReason } from "./params-file";
import { runDiagnoseJob } from "./diagnose-job";
import { runSimulateJob } from "./simulate-job";
import { runTrainJob } from "./train-job";
import { FromChild, type JobInput, type JobKind, type JobMessage, type JobOutput, type JobProgress, ToChild } from "./model-process-messages";

type RawSend = (message: unknown, handle: undefined, options: { swallowErrors: boolean }, callback: (e: Error | null) => void) => boolean;
const proc = process as unknown as { _send?: RawSend; send?: RawSend };
const rawSend: RawSend | undefined = (proc._send ?? proc.send)?.bind(process);
const realExit = process.exit.bind(process);
let nonce: string | undefined;
/** Set once the model called process.exit: the failure is out, nothing else is sent. */
let exiting = false;

function send(message: FromChild): Promise<void> {
  if (exiting || nonce === undefined) return Promise.resolve();
  const r = FromChild.safeParse(message);
  const checked = r.success ? message : { type: "failed" as const, id: (message as { id?: number }).id ?? -1, diagnostics: [error("internal", `model runner: cannot send a malformed ${message.type} message: ${r.error.message}`)] };
  return new Promise((resolve) => {
    if (!rawSend) return resolve();
    try {
      rawSend({ ...checked, nonce }, undefined, { swallowErrors: false }, () => resolve());
    } catch {
      resolve();
    }
  });
}

/** The job in flight, so an exit from model code is reported against it, at the model's line. */
let current: { id: number; file: string; info?: BundleInfo } | undefined;
process.exit = ((code?: number | string | null) => {
  const c = code ?? process.exitCode ?? 0;
  const job = current;
  if (!job || exiting) return realExit(Number(c));
  const where = job.info ? locateInBundle(new Error().stack, job.info) : undefined;
  const d = error("model-crashed", `${basename(job.file)}: the model called process.exit(${String(c)}); a model cannot end the model process (throw an Error to report a problem)`, where);
  void send({ type: "failed", id: job.id, diagnostics: [d] }).then(() => realExit(0));
  exiting = true;
  throw new Error(`the model called process.exit(${String(c)})`);
}) as typeof process.exit;

/** Lets the IPC channel flush (and the parent's kill or stop land) between steps. */
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

interface JobContext<K extends JobKind> {
  model: LoadedModel;
  info: BundleInfo;
  file: string;
  progress(p: JobProgress<K>): Promise<void>;
  /** True once the parent asked to skip the rest of this job (after letting a stop message in). */
  stopped(): Promise<boolean>;
  /** The same, without waiting: for trainers that poll synchronously between steps. */
  stopRequested(): boolean;
  toDiagnostic(e: unknown): Diagnostic;
}

type JobHandler<K extends JobKind> = (input: JobInput<K>, ctx: JobContext<K>) => Promise<JobOutput<K> | { diagnostics: Diagnostic[] }>;

/**
 * The model with a parameters file's values (`--params`), if one is named. A file that no longer fits
 * the model (stale) is an error when `strict`, else the declared values are used and `params` says why.
 */
async function modelWithParams(model: LoadedModel, info: BundleInfo, file: { file: string; strict?: boolean } | undefined): Promise<{ model: LoadedModel; params?: { file: string; used: boolean; stale?: string } } | { diagnostics: Diagnostic[] }> {
  if (!file) return { model };
  const read = await readParamsFile(file.file);
  if ("diagnostics" in read) return read;
  const stale = staleReason(paramLayout(model.spec().params), read.store);
  if (stale && !file.strict) return { model, params: { file: file.file, used: false, stale } };
  const applied = applyParams(model, read.store, file.file);
  // A refusal points at the param's declaration, read from a stack inside the bundle: moved to the user's source.
  if ("diagnostics" in applied) return { diagnostics: applied.diagnostics.map((d) => (d.range ? { ...d, range: remapRange(d.range, info) } : d)) };
  return { model: applied.model, params: { file: file.file, used: true } };
}

/** Why a query cannot name an image or a vector latent (they live outside the scalar engine), when it does. */
function blockNote(spec: ModelSpec, name: string): string | undefined {
  if (spec.images?.some((i) => i.name === name)) return ` "${name}" is an image: sample or counterfactual it from a script with imageQuery(model) (see samples/dsprites-vae); queries here answer the scalar variables`;
  if (spec.vectorLatents?.some((v) => v.name === name)) return ` "${name}" is a vector latent, read only by an image decoder; queries here answer the scalar variables`;
  return undefined;
}

/** One handler per job kind; adding a kind is one entry (and its schemas in JOB_KINDS). */
const HANDLERS: { [K in JobKind]: JobHandler<K> } = {
  query: async (job, ctx) => {
    const spec = ctx.model.spec(), names = spec.variables.map((v) => v.name);
    const unknown = referencedNames(job.spec).filter((n) => !names.includes(n));
    if (unknown.length) {
      return { diagnostics: unknown.map((n): Diagnostic => error("unknown-variable", `model "${ctx.model.name}" has no variable "${n}".${blockNote(spec, n) ?? didYouMean(n, names)}`, undefined, [`variables: ${names.join(", ")}`])) };
    }
    const withParams = await modelWithParams(ctx.model, ctx.info, job.params);
    if ("diagnostics" in withParams) return withParams;
    const { model, params } = withParams;
    const r = await runQueryJob(model, job, { onProgress: (p) => ctx.progress(p), stopped: () => ctx.stopped(), toDiagnostic: (e) => ctx.toDiagnostic(e) });
    return "diagnostics" in r || !params ? r : { ...r, params };
  },
  train: async (job, ctx) => {
    // Progress goes out at most every 100 ms (and whenever the mechanism changes), so a fast
    // trainer does not flood the channel; the last report before the result always goes.
    let last = 0;
    let mechanism = "";
    return runTrainJob(ctx.model, job, {
      onProgress: (p) => {
        const now = performance.now();
        if (p.mechanism === mechanism && now - last < 100 && p.step < p.steps) return;
        last = now;
        mechanism = p.mechanism;
        void ctx.progress(p);
      },
      shouldStop: () => ctx.stopRequested(),
    });
  },
  export: async (job, ctx) => {
    try {
      if (job.format === "moments") return { text: JSON.stringify(linearGaussianMoments(ctx.model.spec())) };
      return { text: printBif(networkToBif(ctx.model.spec())) };
    } catch (e) {
      if (!(e instanceof NotExactError)) throw e;
      if (job.format === "moments") {
        return { diagnostics: [error("unsupported-query", `${basename(ctx.file)} has no closed-form moments: ${e.message}`, undefined, ["the implied covariance is read from linear-Gaussian models: every mechanism normal(b0 + Σ b·parent, sd) with constant b and sd"])] };
      }
      return { diagnostics: [error("unsupported-query", `${basename(ctx.file)} cannot be written as BIF: ${e.message}`, undefined, ["BIF holds discrete tables: every variable needs a finite set of values (bernoulli, categorical, delta on discrete parents)"])] };
    }
  },
  simulate: async (job, ctx) => {
    // Simulated data must come from the parameters asked for: stale ones are an error here, not a warning.
    const withParams = await modelWithParams(ctx.model, ctx.info, job.params && { ...job.params, strict: true });
    if ("diagnostics" in withParams) return withParams;
    return runSimulateJob(withParams.model.spec(), job);
  },
  diagnose: async (job, ctx) => runDiagnoseJob(ctx.model, { file: ctx.file, info: ctx.info }, job, { onProgress: (p) => ctx.progress(p), shouldStop: () => ctx.stopped() }),
};

const cache = new ModelCache();
const stops = new Set<number>();

async function run(msg: JobMessage): Promise<FromChild> {
  current = { id: msg.id, file: msg.file };
  const loaded = await cache.load(msg.file);
  if ("diagnostics" in loaded) return { type: "failed", id: msg.id, diagnostics: loaded.diagnostics };
  current.info = loaded.info;
  const toDiagnostic = (e: unknown): Diagnostic => {
    const d = diagnosticFromThrown(e, loaded.info, `${basename(msg.file)}, ${msg.kind === "train" ? "while training" : msg.kind === "diagnose" ? "while diagnosing" : "while answering the query"},`);
    const stack = d.range || e instanceof CausalError ? undefined : safeStack(e);
    return stack ? { ...d, notes: [...(d.notes ?? []), stack] } : d;
  };
  const ctx: JobContext<JobKind> = {
    model: loaded.model, info: loaded.info, file: msg.file, toDiagnostic,
    progress: async (progress) => {
      await send({ type: "progress", id: msg.id, kind: msg.kind, progress });
      await yieldToLoop();
    },
    stopped: async () => (await yieldToLoop(), stops.has(msg.id)),
    stopRequested: () => stops.has(msg.id),
  };
  try {
    const handler = HANDLERS[msg.kind] as JobHandler<JobKind>;
    const result = await handler(msg.input, ctx);
    if ("diagnostics" in result) return { type: "failed", id: msg.id, diagnostics: result.diagnostics };
    return { type: "done", id: msg.id, kind: msg.kind, result, bundled: loaded.bundled };
  } catch (e) {
    return { type: "failed", id: msg.id, diagnostics: [toDiagnostic(e)] };
  } finally {
    stops.delete(msg.id);
  }
}

/** The stack of a thrown Error, for a note when no frame maps to the model's source; never throws. */
function safeStack(e: unknown): string | undefined {
  try {
    const stack = (e as { stack?: unknown })?.stack;
    return typeof stack === "string" ? stack : undefined;
  } catch {
    return undefined;
  }
}

let queue = Promise.resolve();
let jobs = 0;
process.on("message", (raw: unknown) => {
  const parsed = ToChild.safeParse(raw);
  if (nonce === undefined) {
    // The first message is the run's nonce; nothing else is answered before it.
    // Warmed up (esbuild's service, the core's query paths) before "ready", so a prestarted child does not make the query wait for it.
    if (parsed.success && parsed.data.type === "hello") (nonce = parsed.data.nonce, void warmUp().then(() => send({ type: "ready", pid: process.pid })));
    return;
  }
  if (!parsed.success) {
    const id = typeof (raw as { id?: unknown })?.id === "number" ? (raw as { id: number }).id : -1;
    queue = queue.then(() => send({ type: "failed", id, diagnostics: [error("internal", `model runner: malformed request: ${parsed.error.message}`)] }));
    return;
  }
  const msg = parsed.data;
  if (msg.type === "hello") return;
  if (msg.type === "stop") return void stops.add(msg.id);
  // One job per process: the parent retires it afterwards (a second job could see the first one's leftovers).
  if (jobs++ > 0) return void send({ type: "failed", id: msg.id, diagnostics: [error("internal", "model runner: this model process already ran a job")] });
  if (msg.stopped) stops.add(msg.id);
  queue = queue.then(async () => send(await run(msg).catch((e: unknown) => ({ type: "failed" as const, id: msg.id, diagnostics: [error("internal", `model runner: ${safeStack(e) ?? "a job failed"}`)] }))));
});
process.on("disconnect", () => realExit(0));
