/**
 * Runs jobs (queries, training, diagnosis) on user model files in a separate Node process
 * (model-process-child.ts, bundled to dist/model-runner.js), with a timeout and a memory limit
 * (--max-old-space-size), progress streamed back, every message validated.
 *
 * One job per child. A warm child left running between jobs kept each model's globals, module state
 * and any patch a model made to Math, built-ins or the shared core, so the same query and seed could
 * answer 0.2 and then 0.3, and one file's model could change another's answers. A node:vm context per
 * job would not fix that: the core, Node's built-in modules and `process` would still be shared, and a
 * model reaches the outer realm from any of them (`fn.constructor("return globalThis")()`). So each job
 * gets a fresh process, and the parent starts the next one ahead of time (`prestart`) when a job ends,
 * warmed up before it says ready (model-process-warmup.ts), so its start-up (~0.7 s of parsing the
 * 16 MB runner on an idle machine) overlaps the user's think time instead of the next query. Measured
 * (coin.causal.ts, exact; the shared 2-core box at load average ~10): the old warm child 14 ms a query;
 * a ready prestarted child 74 ms (238 ms without the warm-up); a query right after another, which
 * finds no ready child yet, 1.9-2.8 s. Reproducible answers are worth that; the CLI runs one query
 * per process anyway.
 *
 * Trust on the channel: the child gets a random nonce as its first message, before any user code loads,
 * and must put it on every message; anything without it, for another job, or malformed, fails the job
 * ("did not come from the runner") and the child is killed. Two ways to stop: `signal` kills the child
 * (a mechanism in an endless loop cannot be asked), `stop` asks the job to skip its remaining steps.
 * Whatever the model does (loops, throws, exhausts memory, exits, forges messages) the caller gets a
 * value: a result, a Diagnostic (a timed-out query with the estimate so far), or "cancelled" — never a hang.
 */
import { type ChildProcess, fork } from "node:child_process";
import { randomBytes } from "node:crypto";
import type { Diagnostic } from "../errors/diagnostic";
import type { Answer, QueryProgress } from "../query/answer";
import type { QueryRunOptions, QuerySpec } from "../query/query-spec";
import { modelEnvironment } from "./model-env";
import { exitResult, forgedResult, type PartialAnswer, partialOf, timeoutResult } from "./model-process-outcome";
import { FromChild, type JobInput, type JobKind, type JobMessage, type JobOutput, type JobProgress, ToChild } from "./model-process-messages";

export interface ModelProcessOptions {
  /** The child script (dist/model-runner.js). */
  entry: string;
  timeoutMs?: number;
  memoryMb?: number;
  /**
   * Where the model's console output goes: "pipe" (default; kept from the parent's stdout, stderr's tail
   * read for out-of-memory reports), "inherit" (the parent's stdout and stderr), "stderr" (both to the
   * parent's stderr: the CLI with --json, whose stdout must stay JSON).
   */
  modelOutput?: "inherit" | "stderr" | "pipe";
  /** Start the next job's child as soon as a job takes one (default true; a one-shot CLI passes false). */
  prestart?: boolean;
}

export type { PartialAnswer } from "./model-process-outcome";

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
  /** `partial`: a query stopped by the timeout, with its estimate so far (model-process-outcome.ts). */
  | { status: "failed"; diagnostics: Diagnostic[]; partial?: PartialAnswer }
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
  | { status: "failed"; diagnostics: Diagnostic[]; partial?: PartialAnswer }
  | { status: "cancelled" };

export const DEFAULT_TIMEOUT_MS = 30_000;
/** Training's default limit (causalStudio.trainTimeoutMs; the CLI's --timeout-ms). */
export const DEFAULT_TRAIN_TIMEOUT_MS = 30 * 60_000;
export const DEFAULT_MEMORY_MB = 1024;
/** A script (`causal-studio run`, the editor's Run Script) may run for long and hold data: the training timeout and 4 GB. */
export const DEFAULT_SCRIPT_LIMITS = { timeoutMs: DEFAULT_TRAIN_TIMEOUT_MS, memoryMb: 4096 } as const;
const TAIL = 4000;

interface Child {
  proc: ChildProcess;
  ready: Promise<number | undefined>;
  stderr: string;
  startMs: number;
  nonce: string;
  /** V8 began its out-of-memory dump on stderr (no longer forwarded). */
  oomDump?: boolean;
  /** Taken by a job (a child runs one job, then is retired). */
  used?: boolean;
  /** Why the parent killed it (so its exit is reported as that, not as a crash). */
  killedFor?: "timeout" | "cancel" | "dispose" | "protocol";
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export class ModelProcess {
  private child: Child | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private nextId = 1;
  private disposed = false;
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
    this.disposed = true;
    this.kill("dispose");
  }

  private ensureChild(): Child {
    const c = this.child;
    if (c && !c.used && c.proc.exitCode === null && c.proc.signalCode === null && !c.killedFor) return c;
    const startMs = performance.now();
    const proc = fork(this.options.entry, [], {
      execArgv: [`--max-old-space-size=${this.limits.memoryMb}`],
      stdio: ["ignore", "pipe", "pipe", "ipc"],
      serialization: "advanced",
      env: modelEnvironment(process.env),
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
      proc.once("exit", (code, signal) => resolve({ code, signal }));
      proc.once("error", () => resolve({ code: proc.exitCode, signal: proc.signalCode }));
    });
    const nonce = randomBytes(32).toString("hex");
    const child: Child = { proc, stderr: "", startMs, exited, nonce, ready: Promise.resolve(undefined) };
    child.ready = new Promise<number | undefined>((resolve) => {
      const onMessage = (raw: unknown) => {
        const m = FromChild.safeParse(raw);
        if (m.success && m.data.type === "ready" && m.data.nonce === nonce) (proc.off("message", onMessage), resolve(performance.now()));
      };
      proc.on("message", onMessage);
      void exited.then(() => resolve(undefined));
    });
    proc.on("error", () => undefined);
    if (proc.connected) proc.send(ToChild.parse({ type: "hello", nonce }), (e) => void (e && proc.kill("SIGKILL")));
    const out = this.options.modelOutput ?? "pipe";
    proc.stderr?.on("data", (b: Buffer) => {
      child.stderr = (child.stderr + b.toString()).slice(-TAIL);
      // V8's out-of-memory dump (GC trace, native stack) is not the model's output: from its first line on, nothing more is forwarded (exitResult reports it in one line).
      const text = b.toString(), at = text.search(/<--- Last few GCs --->|FATAL ERROR:/);
      if (out !== "pipe" && !child.oomDump) process.stderr.write(at < 0 ? text : text.slice(0, at));
      if (at >= 0) child.oomDump = true;
    });
    proc.stdout?.on("data", (b: Buffer) => void (out === "inherit" ? process.stdout.write(b) : out === "stderr" ? process.stderr.write(b) : undefined));
    this.child = child;
    return child;
  }

  /** Hands the next job a child of its own (prestarted when there is one). */
  private takeChild(): Child {
    const child = this.ensureChild();
    child.used = true;
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
    const child = this.takeChild();
    const id = this.nextId++;
    const { memoryMb } = this.limits;
    const timeoutMs = handlers.timeoutMs ?? this.limits.timeoutMs;
    let firstProgressMs: number | undefined;
    let readyAt: number | undefined;
    /** The last sampling batch of a query (what a timeout returns as partial). */
    let partial: PartialAnswer | undefined;
    return new Promise<JobResult<K>>((resolve) => {
      let settled = false;
      let timer: NodeJS.Timeout | undefined;
      const finish = (r: JobResult<K>) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        handlers.signal?.removeEventListener("abort", onAbort);
        handlers.stop?.removeEventListener("abort", onStop);
        child.proc.off("message", onMessage);
        // A child runs one job: retire it (an exit now is not this job's failure any more).
        this.killChild(child, "dispose");
        // The next job's child starts now, while the caller reads this answer.
        if (this.options.prestart !== false && !this.disposed) this.ensureChild();
        resolve(r);
      };
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
      const forged = (why: string) => {
        this.killChild(child, "protocol");
        finish(forgedResult(file, why));
      };
      const onMessage = (raw: unknown) => {
        const parsed = FromChild.safeParse(raw);
        if (!parsed.success) return forged(`a malformed message: ${parsed.error.message.slice(0, 500)}`);
        const m = parsed.data;
        if (m.nonce !== child.nonce) return forged(`a ${m.type} message without this run's nonce`);
        if (m.type === "ready") return sentJob ? forged("a second ready message") : undefined;
        if (m.id !== id || !sentJob) return forged(`a ${m.type} message for job ${m.id} while job ${id} ran`);
        if (m.type === "progress") {
          firstProgressMs ??= performance.now() - t0;
          const p = m.progress as JobProgress<"query">;
          if (kind === "query" && p.type === "batch") partial = partialOf(p.progress);
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
      void child.exited.then(({ code, signal }) => finish(child.killedFor === "cancel" ? { status: "cancelled" } : exitResult(child.stderr, code, signal, memoryMb, kind)));
      void child.ready.then((at) => {
        if (settled || at === undefined) return;
        if (at > t0) readyAt = at;
        const msg = ToChild.parse({ type: "job", id, kind, file, input, ...(handlers.stop?.aborted ? { stopped: true } : {}) }) as JobMessage;
        // The time limit counts from here: a child's start-up is not the model's time.
        timer = setTimeout(() => {
          this.killChild(child, "timeout");
          finish(timeoutResult(kind, file, timeoutMs, partial));
        }, timeoutMs);
        child.proc.send(msg);
        this.sent++;
        sentJob = true;
        if (handlers.stop?.aborted) onStop();
      });
    });
  }

  private killChild(child: Child, reason: NonNullable<Child["killedFor"]>): void {
    child.killedFor ??= reason;
    child.proc.kill("SIGKILL");
    if (this.child === child) this.child = undefined;
  }
}
