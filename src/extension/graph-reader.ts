/**
 * Reads a document's graph without blocking the extension host (issue 13, item 1). Small files are read
 * synchronously (a 50-variable model extracts in ~6 ms, and a worker round trip would add latency to every
 * keystroke's redraw); larger ones go to a worker thread (parse-worker.ts):
 * - `.causal.ts` from 32 KB: extraction is linear in the text (~1 ms per KB), so below that it is quick;
 * - `.dagitty` from 2 KB: group expansion is quadratic in the text (`{a1 … an} -> {b1 … bn}`), so even a
 *   16 KB file could take seconds; under 2 KB it is at most ~150 × 150 edges;
 * - `.bif` like `.causal.ts`: reading is linear in the text (tables included).
 * A read that takes longer than `timeoutMs` (5 s) terminates the worker (a fresh one serves the next read)
 * and answers with no models and an error, so the DAG keeps its last drawing and says why. A result for an
 * older version of the document than the last one asked is dropped (the promise resolves `undefined`).
 * No `vscode` import: unit-tested directly.
 */
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { error } from "../core/errors/diagnostic";
import type { ExtractionResult } from "../core/extract/extract-models";
import { type GraphSource, readGraphSource, sourceKind } from "./graph-source";

export const SYNC_LIMIT_TS = 32 * 1024;
export const SYNC_LIMIT_DAGITTY = 2 * 1024;
export const READ_TIMEOUT_MS = 5000;
export const TOO_SLOW = "this file took too long to read; the DAG shows the last drawing";

export interface GraphReaderOptions { workerFile?: string; timeoutMs?: number; syncLimit?: (fileName: string) => number }

export class GraphReader {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, { worker: Worker; resolve: (r: ExtractionResult) => void }>();
  /** The newest version asked per document key: an older answer is stale. */
  private readonly latest = new Map<string, number>();
  private readonly workerFile: string;
  private readonly timeoutMs: number;
  private readonly syncLimit: (fileName: string) => number;

  constructor(options: GraphReaderOptions = {}) {
    this.workerFile = options.workerFile ?? join(__dirname, "parse-worker.js");
    this.timeoutMs = options.timeoutMs ?? READ_TIMEOUT_MS;
    this.syncLimit = options.syncLimit ?? ((f) => (f.toLowerCase().endsWith(".dagitty") ? SYNC_LIMIT_DAGITTY : SYNC_LIMIT_TS));
  }

  /** The graph of a small file, read now; undefined when it is large enough to go to the worker (`read`). */
  readNow(key: string, version: number, text: string, fileName: string): GraphSource | undefined {
    if (text.length >= this.syncLimit(fileName)) return undefined;
    this.latest.set(key, version);
    return readGraphSource(text, fileName);
  }

  /** The graph of `text` (version `version` of document `key`), or undefined when a newer version was asked meanwhile. */
  async read(key: string, version: number, text: string, fileName: string): Promise<GraphSource | undefined> {
    const now = this.readNow(key, version, text, fileName);
    if (now) return now;
    this.latest.set(key, version);
    const result = await this.inWorker(text, fileName);
    if (this.latest.get(key) !== version) return undefined;
    return { ...result, kind: sourceKind(fileName) };
  }

  private inWorker(text: string, fileName: string): Promise<ExtractionResult> {
    const worker = this.spawn();
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        if (this.worker === worker) this.worker = undefined;
        void worker.terminate();
        this.failAll(worker, TOO_SLOW);
        resolve({ models: [], diagnostics: [error("model-timeout", `${TOO_SLOW} (over ${this.timeoutMs / 1000} s)`, { file: fileName, start: { line: 1, column: 0, offset: 0 }, end: { line: 1, column: 0, offset: 0 } })] });
      }, this.timeoutMs);
      this.pending.set(id, { worker, resolve: (r) => { clearTimeout(timer); resolve(r); } });
      worker.postMessage({ id, text, fileName });
    });
  }

  private spawn(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.workerFile);
    worker.unref();
    worker.on("message", (m: { id: number; result: ExtractionResult }) => {
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      p?.resolve(m.result);
    });
    const died = (why: string) => {
      if (this.worker === worker) this.worker = undefined;
      this.failAll(worker, why);
    };
    worker.on("error", (e) => died(`the parse worker failed: ${e.message}`));
    worker.on("exit", () => died("the parse worker stopped"));
    this.worker = worker;
    return worker;
  }

  /** Answers every read still waiting on `worker` (it is gone) with `why`. */
  private failAll(worker: Worker, why: string): void {
    for (const [id, p] of this.pending) {
      if (p.worker !== worker) continue;
      this.pending.delete(id);
      p.resolve({ models: [], diagnostics: [error("internal", why)] });
    }
  }

  dispose(): void {
    void this.worker?.terminate();
    this.worker = undefined;
  }
}
