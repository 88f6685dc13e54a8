/**
 * Runs jobs (queries and training; criticism next) on user model files in a separate Node
 * process (model-process-child.ts, bundled to dist/model-runner.js): one warm child reused across
 * jobs (it keeps each file's bundled model until the file or an import changes), a timeout and a
 * memory limit (--max-old-space-size) per child, progress streamed back, every message validated.
 * Two ways to stop: `signal` kills the child (a mechanism in an endless loop cannot be asked),
 * `stop` asks the job to skip its remaining steps and keeps the child warm. Whatever the model
 * does (loops, throws, exhausts memory, exits) the caller gets a value: a result, a Diagnostic,
 * or "cancelled" — never a hang — and the next job starts a fresh child when the last one was
 * killed or died.
 */
import { type ChildProcess, fork } from "node:child_process";
import { type Diagnostic, error } from "../errors/diagnostic";
import type { Answer, QueryProgress } from "../query/answer";
import type { QueryRunOptions, QuerySpec } from "../query/query-spec";
import { FromChild, type JobInput, type JobKind, type JobMessage, type JobOutput, type JobProgress, ToChild } from "./model-process-messages";

export interface ModelProcessOptions {
  /** The child script (dist/model-runner.js). */
  entry: string;
  timeoutMs?: number;
  memoryMb?: number;
}

/** A plain query (the answer, and the comparison when asked for): a "query" job without ATE or summaries. */
export interface ModelRunRequest {
  file: string;
  spec: QuerySpec;
  options: QueryRunOptions;
  /** Also compute the comparison world (comparisonSpec: seeing beside doing, factual beside a counterfactual). */
  comparison?: boolean;
  /** The target's statically declared distribution ("bernoulli" fixes the support to {0, 1}). */
  distribution?: string;
}

export interface ModelRunHandlers {
  onProgress?: (p: QueryProgress) => void;
  signal?: AbortSignal;
}

export type ModelRunResult =
  | { status: "answered"; model: string; answer: Answer; comparison?: Answer; elapsedMs: number; firstProgressMs?: number; childStartMs?: number; bundled: boolean }
  | { status: "failed"; diagnostics: Diagnostic[] }
  | { status: "cancelled" };

export interface JobHandlers<K extends JobKind> {
  onProgress?: (p: JobProgress<K>) => void;
  /** Aborting kills the child: the job ends "cancelled" at once. */
  signal?: AbortSignal;
  /** Aborting asks the job to skip its remaining steps; it still ends "done" with what it has, and the child stays warm. */
  stop?: AbortSignal;
  /** This job's own time limit (training runs far longer than a query); default: the process's timeoutMs. */
  timeoutMs?: number;
}

export type JobResult<K extends JobKind> =
  | {
    status: "done"; result: JobOutput<K>;
    /** Whether the child bundled the model file for this job (false: its cached bundle was current). */
    bundled: boolean;
    elapsedMs: number; firstProgressMs?: number; childStartMs?: number;
  }
  | { status: "failed"; diagnostics: Diagnostic[] }
  | { status: "cancelled" };

export const DEFAULT_TIMEOUT_MS = 30_000;
/** Training's default limit (causalStudio.trainTimeoutMs; the CLI's --timeout-ms). */
export const DEFAULT_TRAIN_TIMEOUT_MS = 30 * 60_000;
export const DEFAULT_MEMORY_MB = 1024;
const TAIL = 4000;

interface Child {
  proc: ChildProcess;
  ready: Promise<number | undefined>;
  stderr: string;
  startMs: number;
  /** Why the parent killed it (so its exit is reported as that, not as a crash). */
  killedFor?: "timeout" | "cancel" | "dispose" | "protocol";
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export class ModelProcess {
  private child: Child | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private nextId = 1;
  private sent = 0;
  private limits: { timeoutMs: number; memoryMb: number };

  constructor(private readonly options: ModelProcessOptions) {
    this.limits = { timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS, memoryMb: options.memoryMb ?? DEFAULT_MEMORY_MB };
  }

  /** New limits apply to the next run; a memory change retires the warm child (it was started with the old one). */
  setLimits(limits: { timeoutMs?: number; memoryMb?: number }): void {
    const memoryMb = limits.memoryMb ?? this.limits.memoryMb;
    if (memoryMb !== this.limits.memoryMb) this.kill("dispose");
    this.limits = { timeoutMs: limits.timeoutMs ?? this.limits.timeoutMs, memoryMb };
  }

  /** The warm child's pid, if one is running. */
  get pid(): number | undefined {
    return this.child?.proc.pid;
  }

  /** Starts the child now (so the first query does not pay for it); resolves with its start-up time in ms. */
  async warm(): Promise<number | undefined> {
    const c = this.ensureChild();
    const t = await c.ready;
    return t === undefined ? undefined : t - c.startMs;
  }

  /** How many jobs were sent to a child so far (each is one round trip). */
  get jobsSent(): number {
    return this.sent;
  }

  /** Runs one job; jobs are serialised (one child, one job at a time). */
  runJob<K extends JobKind>(kind: K, file: string, input: JobInput<K>, handlers: JobHandlers<K> = {}): Promise<JobResult<K>> {
    const result = this.queue.then(() => this.runNow(kind, file, input, handlers));
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** One query's answer (and comparison) with its batch progress: a "query" job. */
  async run(req: ModelRunRequest, handlers: ModelRunHandlers = {}): Promise<ModelRunResult> {
    const job = { spec: req.spec, options: req.options, comparison: !!req.comparison, ...(req.distribution && req.spec.kind === "single" ? { declared: { [req.spec.target]: req.distribution } } : {}) };
    const onProgress = handlers.onProgress;
    const r = await this.runJob("query", req.file, job, {
      ...(handlers.signal ? { signal: handlers.signal } : {}),
      ...(onProgress ? { onProgress: (p: JobProgress<"query">) => void (p.type === "batch" && onProgress(p.progress)) } : {}),
    });
    if (r.status !== "done") return r;
    const { model, answer, comparison } = r.result;
    const { elapsedMs, firstProgressMs, childStartMs, bundled } = r;
    return {
      status: "answered", model, answer, ...(comparison ? { comparison } : {}), elapsedMs, bundled,
      ...(firstProgressMs !== undefined ? { firstProgressMs } : {}), ...(childStartMs !== undefined ? { childStartMs } : {}),
    };
  }

  dispose(): void {
    this.kill("dispose");
  }

  private ensureChild(): Child {
    if (this.child && this.child.proc.exitCode === null && this.child.proc.signalCode === null && !this.child.killedFor) return this.child;
    const startMs = performance.now();
    const proc = fork(this.options.entry, [], {
      execArgv: [`--max-old-space-size=${this.limits.memoryMb}`],
      stdio: ["ignore", "pipe", "pipe", "ipc"],
      serialization: "advanced",
      // Inside VS Code's extension host execPath is Electron; this makes it behave as plain Node.
      env: { ...process.env, ELECTRON_RUN_AS_NODE: "1" },
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
      proc.once("exit", (code, signal) => resolve({ code, signal }));
      proc.once("error", () => resolve({ code: proc.exitCode, signal: proc.signalCode }));
    });
    const child: Child = { proc, stderr: "", startMs, exited, ready: Promise.resolve(undefined) };
    child.ready = new Promise<number | undefined>((resolve) => {
      const onMessage = (raw: unknown) => {
        const m = FromChild.safeParse(raw);
        if (m.success && m.data.type === "ready") (proc.off("message", onMessage), resolve(performance.now()));
      };
      proc.on("message", onMessage);
      void exited.then(() => resolve(undefined));
    });
    proc.stderr?.on("data", (b: Buffer) => void (child.stderr = (child.stderr + b.toString()).slice(-TAIL)));
    proc.stdout?.on("data", () => undefined);
    this.child = child;
    return child;
  }

  private kill(reason: NonNullable<Child["killedFor"]>): void {
    const c = this.child;
    if (!c) return;
    c.killedFor ??= reason;
    c.proc.kill("SIGKILL");
    this.child = undefined;
  }

  private async runNow<K extends JobKind>(kind: K, file: string, input: JobInput<K>, handlers: JobHandlers<K>): Promise<JobResult<K>> {
    if (handlers.signal?.aborted) return { status: "cancelled" };
    const t0 = performance.now();
    const child = this.ensureChild();
    const id = this.nextId++;
    const { memoryMb } = this.limits;
    const timeoutMs = handlers.timeoutMs ?? this.limits.timeoutMs;
    let firstProgressMs: number | undefined;
    let readyAt: number | undefined;
    return new Promise<JobResult<K>>((resolve) => {
      let settled = false;
      const finish = (r: JobResult<K>) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        handlers.signal?.removeEventListener("abort", onAbort);
        handlers.stop?.removeEventListener("abort", onStop);
        child.proc.off("message", onMessage);
        resolve(r);
      };
      const timer = setTimeout(() => {
        this.killChild(child, "timeout");
        const what = kind === "train" ? "training" : "the query";
        const setting = kind === "train" ? "causalStudio.trainTimeoutMs (the CLI: --timeout-ms)" : "causalStudio.queryTimeoutMs";
        finish({ status: "failed", diagnostics: [error("model-timeout", `${what} did not finish within ${timeoutMs} ms, so the model process was stopped (an endless loop in a mechanism?). Raise ${setting} if it only needs longer.`, undefined, [`file: ${file}`])] });
      }, timeoutMs);
      const onAbort = () => {
        this.killChild(child, "cancel");
        finish({ status: "cancelled" });
      };
      handlers.signal?.addEventListener("abort", onAbort, { once: true });
      let sentJob = false;
      const onStop = () => {
        if (sentJob && !settled) child.proc.send(ToChild.parse({ type: "stop", id }));
      };
      handlers.stop?.addEventListener("abort", onStop, { once: true });
      const onMessage = (raw: unknown) => {
        const parsed = FromChild.safeParse(raw);
        if (!parsed.success) {
          this.killChild(child, "protocol");
          return finish({ status: "failed", diagnostics: [error("internal", `model runner: malformed message from the model process: ${parsed.error.message}`)] });
        }
        const m = parsed.data;
        if (m.type === "ready" || m.id !== id) return;
        if (m.type === "progress") {
          firstProgressMs ??= performance.now() - t0;
          handlers.onProgress?.(m.progress as JobProgress<K>);
        } else if (m.type === "failed") finish({ status: "failed", diagnostics: m.diagnostics });
        else {
          finish({
            status: "done", result: m.result as JobOutput<K>, bundled: m.bundled,
            elapsedMs: performance.now() - t0, ...(firstProgressMs !== undefined ? { firstProgressMs } : {}),
            ...(readyAt !== undefined ? { childStartMs: readyAt - child.startMs } : {}),
          });
        }
      };
      child.proc.on("message", onMessage);
      void child.exited.then(({ code, signal }) => finish(exitResult(child, code, signal, memoryMb, kind)));
      void child.ready.then((at) => {
        if (settled || at === undefined) return;
        if (at > t0) readyAt = at;
        const msg = ToChild.parse({ type: "job", id, kind, file, input, ...(handlers.stop?.aborted ? { stopped: true } : {}) }) as JobMessage;
        child.proc.send(msg);
        this.sent++;
        sentJob = true;
        if (handlers.stop?.aborted) onStop();
      });
    });
  }

  private killChild(child: Child, reason: NonNullable<Child["killedFor"]>): void {
    if (this.child === child) this.kill(reason);
    else (child.killedFor ??= reason, child.proc.kill("SIGKILL"));
  }
}

/** Why a child went away while a query was running, as a value. */
function exitResult(child: Child, code: number | null, signal: NodeJS.Signals | null, memoryMb: number, kind: JobKind): { status: "failed"; diagnostics: Diagnostic[] } | { status: "cancelled" } {
  if (child.killedFor === "cancel") return { status: "cancelled" };
  const tail = child.stderr.trim().split("\n").slice(-8).join("\n");
  if (/heap out of memory|Allocation failed|Reached heap limit/i.test(child.stderr)) {
    return { status: "failed", diagnostics: [error("model-out-of-memory", `the model ran out of memory (the limit is ${memoryMb} MB); the model process was stopped. Raise causalStudio.queryMemoryMb${kind === "train" ? " (the CLI: --memory-mb), or use a smaller --batch" : ", or ask for fewer samples"}.`)] };
  }
  const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
  return { status: "failed", diagnostics: [error("model-crashed", `the model process ${how} ${kind === "train" ? "while training" : "while answering the query"} (does the model call process.exit or crash Node?)`, undefined, tail ? [tail] : undefined)] };
}
