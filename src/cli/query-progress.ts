/**
 * What `query` prints while the model process samples and when it is stopped early: progress on
 * stderr (redrawn in place on a terminal at most every 100 ms; elsewhere one line every 10 s once a
 * query has sampled for 10 s, so a huge --samples is never silent), and, when the time limit stops a
 * sampling query, the estimate from the samples drawn so far, marked partial.
 */
import type { Answer, QueryProgress } from "../core/query/answer";
import type { QuerySpec } from "../core/query/query-spec";
import type { CliIo } from "./cli-io";
import { formatAnswer } from "./query-format";

/** The estimate a stopped query had reached: its last progress report. */
export interface PartialAnswer {
  answer: Answer;
  /** Samples the estimate is based on. */
  samples: number;
  /** Samples the query asked for. */
  requested: number;
  /** How long the query ran before it was stopped. */
  elapsedMs: number;
  /** The answer's single number (a probability, a mean, P(1) of a 0/1 table) and its standard error, when it has one. */
  estimate?: number;
  standardError?: number;
}

export class QueryProgressReporter {
  private last: QueryProgress | undefined;
  private drawnAt = 0;
  private drew = false;
  private readonly t0 = performance.now();
  /** When the first batch came (the model process's start-up is not sampling time). */
  private firstAt: number | undefined;

  constructor(private readonly io: CliIo, private readonly lineEveryMs = 10_000) {}

  onProgress(p: QueryProgress): void {
    this.last = p;
    if (p.exact) return;
    const now = performance.now();
    this.firstAt ??= now;
    if (this.io.stderrIsTTY) {
      if (now - this.drawnAt < 100 && p.samples < p.totalSamples) return;
      this.io.stderr(`\r\x1b[K${this.line(p, now)}`);
      this.drew = true;
    } else {
      if (now - this.firstAt < this.lineEveryMs || now - this.drawnAt < this.lineEveryMs) return;
      this.io.stderr(`${this.line(p, now)}\n`);
    }
    this.drawnAt = now;
  }

  /** Clears the redrawn line (call before printing the answer or an error). */
  end(): void {
    if (this.drew) this.io.stderr("\r\x1b[K");
    this.drew = false;
  }

  /** The estimate so far, when sampling had started but not finished. */
  partial(): PartialAnswer | undefined {
    const p = this.last;
    if (!p || p.exact || p.samples >= p.totalSamples || p.samples <= 0) return undefined;
    return { answer: p.answer, samples: p.samples, requested: p.totalSamples, elapsedMs: Math.round(performance.now() - this.t0) };
  }

  private line(p: QueryProgress, now: number): string {
    const pct = Math.floor((100 * p.samples) / p.totalSamples);
    return `sampling: ${count(p.samples)} of ${count(p.totalSamples)} samples (${pct}%, ${seconds(now - this.t0)})`;
  }

  /** `stopped after 30 s with 75,000 of 100,000 samples (partial):` and the answer so far, indented. */
  static partialText(spec: QuerySpec, partial: PartialAnswer): string {
    const answer = formatAnswer(spec, partial.answer).trimEnd().split("\n").map((l) => `  ${l}`).join("\n");
    return `stopped after ${seconds(partial.elapsedMs)} with ${count(partial.samples)} of ${count(partial.requested)} samples; the estimate so far (partial):\n${answer}\n`;
  }
}

const count = (n: number) => n.toLocaleString("en-US");
const seconds = (ms: number) => (ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`);
