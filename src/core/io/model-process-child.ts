/**
 * The child side of the model runner (bundled to dist/model-runner.js and forked by
 * model-process.ts): runs one job at a time on a user's model file, streaming its progress, and
 * answers done or failed. Every message in either direction is validated
 * (model-process-messages.ts). User code runs here and only here; a hang, a throw or running out
 * of memory costs this process, never the editor.
 *
 * The loaded model is cached per file version (model-cache.ts): a file is bundled and run again only
 * when it or one of its imports changed, so edits always count and repeated queries do not re-bundle.
 * Jobs are dispatched through HANDLERS, one entry per kind.
 */
import { basename } from "node:path";
import { CausalError, type Diagnostic, error } from "../errors/diagnostic";
import { referencedNames } from "../query/query-spec";
import { runQueryJob } from "../query/query-job";
import { type BundleInfo, diagnosticFromThrown } from "./error-location";
import { type LoadedModel, ModelCache } from "./model-cache";
import { applyParams, paramLayout, readParamsFile, staleReason } from "./params-file";
import { runDiagnoseJob } from "./diagnose-job";
import { runTrainJob } from "./train-job";
import { FromChild, type JobInput, type JobKind, type JobMessage, type JobOutput, type JobProgress, ToChild } from "./model-process-messages";

function send(message: FromChild): Promise<void> {
  const checked = FromChild.parse(message);
  return new Promise((resolve) => {
    if (!process.send) return resolve();
    process.send(checked, undefined, {}, () => resolve());
  });
}

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

/** One handler per job kind; adding a kind is one entry (and its schemas in JOB_KINDS). */
const HANDLERS: { [K in JobKind]: JobHandler<K> } = {
  query: async (job, ctx) => {
    const names = ctx.model.spec().variables.map((v) => v.name);
    const unknown = referencedNames(job.spec).filter((n) => !names.includes(n));
    if (unknown.length) {
      return { diagnostics: unknown.map((n): Diagnostic => error("unknown-variable", `model "${ctx.model.name}" has no variable "${n}"`, undefined, [`variables: ${names.join(", ")}`])) };
    }
    let model = ctx.model;
    let params: { file: string; used: boolean; stale?: string } | undefined;
    if (job.params) {
      const read = await readParamsFile(job.params.file);
      if ("diagnostics" in read) return read;
      const stale = staleReason(paramLayout(model.spec().params), read.store);
      if (stale) params = { file: job.params.file, used: false, stale };
      else {
        const applied = applyParams(model, read.store, job.params.file);
        if ("diagnostics" in applied) return applied;
        model = applied.model;
        params = { file: job.params.file, used: true };
      }
    }
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
  diagnose: async (job, ctx) => runDiagnoseJob(ctx.model, { file: ctx.file, info: ctx.info }, job, { onProgress: (p) => ctx.progress(p), shouldStop: () => ctx.stopped() }),
};

const cache = new ModelCache();
const stops = new Set<number>();

async function run(msg: JobMessage): Promise<FromChild> {
  const loaded = await cache.load(msg.file);
  if ("diagnostics" in loaded) return { type: "failed", id: msg.id, diagnostics: loaded.diagnostics };
  const toDiagnostic = (e: unknown): Diagnostic => {
    const d = diagnosticFromThrown(e, loaded.info, `${basename(msg.file)}, ${msg.kind === "train" ? "while training" : msg.kind === "diagnose" ? "while diagnosing" : "while answering the query"},`);
    return e instanceof CausalError || d.range ? d : { ...d, notes: [...(d.notes ?? []), String((e as Error)?.stack ?? e)] };
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

let queue = Promise.resolve();
process.on("message", (raw: unknown) => {
  const parsed = ToChild.safeParse(raw);
  if (!parsed.success) {
    const id = typeof (raw as { id?: unknown })?.id === "number" ? (raw as { id: number }).id : -1;
    queue = queue.then(() => send({ type: "failed", id, diagnostics: [error("internal", `model runner: malformed request: ${parsed.error.message}`)] }));
    return;
  }
  const msg = parsed.data;
  if (msg.type === "stop") return void stops.add(msg.id);
  if (msg.stopped) stops.add(msg.id);
  queue = queue.then(async () => send(await run(msg).catch((e: unknown) => ({ type: "failed" as const, id: msg.id, diagnostics: [error("internal", `model runner: ${String(e)}`)] }))));
});
process.on("disconnect", () => process.exit(0));
void send({ type: "ready", pid: process.pid });
