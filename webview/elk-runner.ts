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

  /** Lays out `graph`; resolves undefined when a newer request superseded this one. */
  async layout(graph: ElkNode): Promise<ElkNode | undefined> {
    const mine = ++this.generation;
    const elk = await this.start();
    const laid = await elk.layout(graph);
    return mine === this.generation ? laid : undefined;
  }
}
