/**
 * Offset -> SourceRange conversion for one text, by binary search over precomputed line starts.
 * Same convention as errors/diagnostic.ts positionAt (1-based lines split on "\n",
 * 0-based UTF-16 columns), but O(log lines) per lookup so a 1,000-variable file stays fast.
 */
import type { SourcePosition, SourceRange } from "../errors/diagnostic";

export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(private readonly text: string, private readonly file?: string) {
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) this.starts.push(i + 1);
  }

  position(offset: number): SourcePosition {
    const stop = Math.min(Math.max(offset, 0), this.text.length);
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= stop) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: stop - this.starts[lo], offset: stop };
  }

  range(start: number, end: number): SourceRange {
    const r: SourceRange = { start: this.position(start), end: this.position(end) };
    if (this.file) r.file = this.file;
    return r;
  }
}
