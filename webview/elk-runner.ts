/**
 * Runs ELK off the main thread. The worker script (dist/webview/elk-worker.min.js) is fetched from the
 * webview's own resource origin and started from a blob: URL, because a webview cannot start a Worker
 * from a cross-origin resource URL directly (CSP: `worker-src blob:`, `connect-src` the resource origin).
 * A layout request that arrives while one is running supersedes it: only the newest answer is used.
 */
import ElkModule from "elkjs/lib/elk-api.js";
import type { ELK, ElkNode } from "elkjs/lib/elk-api";

type ElkCtor = new (args: { workerFactory: () => Worker }) => ELK;

export class ElkRunner {
  private elk: Promise<ELK> | undefined;
  private generation = 0;

  constructor(private readonly workerUrl: string) {}

  private start(): Promise<ELK> {
    this.elk ??= (async () => {
      const response = await fetch(this.workerUrl);
      if (!response.ok) throw new Error(`could not load the layout worker (${response.status} ${this.workerUrl})`);
      const blobUrl = URL.createObjectURL(new Blob([await response.text()], { type: "text/javascript" }));
      const mod = ElkModule as unknown as { default?: ElkCtor } & ElkCtor;
      const Ctor: ElkCtor = mod.default ?? mod;
      return new Ctor({ workerFactory: () => new Worker(blobUrl) });
    })();
    return this.elk;
  }

  /** Resolves once the idle warm-up layout has run (see warmUp). */
  warmed: Promise<void> | undefined;

  /**
   * ELK is compiled Java (GWT): its first layouts run cold, about 2-3x slower than warm ones. After the
   * first drawing, one layout of a synthetic 300-node DAG in the worker (off the main thread, while the
   * user reads) warms it, so a later large graph lays out at warm speed.
   */
  warmUp(options: Record<string, string>): Promise<void> {
    this.warmed ??= (async () => {
      let s = 99;
      const rand = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
      const n = 300;
      const children = Array.from({ length: n }, (_, i) => ({ id: `w${i}`, width: 50, height: 30 }));
      const edges = Array.from({ length: n - 1 }, (_, i) => ({ id: `we${i}`, sources: [`w${Math.floor(rand() * (i + 1))}`], targets: [`w${i + 1}`] }));
      const elk = await this.start();
      await elk.layout({ id: "warm-up", layoutOptions: options, children, edges });
    })().catch(() => undefined);
    return this.warmed;
  }

  /** Lays out `graph`; resolves undefined when a newer request superseded this one. */
  async layout(graph: ElkNode): Promise<ElkNode | undefined> {
    const mine = ++this.generation;
    const elk = await this.start();
    const laid = await elk.layout(graph);
    return mine === this.generation ? laid : undefined;
  }
}
