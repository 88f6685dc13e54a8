/**
 * A bounded list of diagnostics. Parsers of untrusted text (a file of junk yields one problem per
 * byte) collect through it: the first MAX_DIAGNOSTICS are kept, the rest are only counted, and
 * `finish()` appends one summary diagnostic at the first problem left out. Printers read the count
 * back with `omittedBy`, so "… and 199,990 more" stays true after the cut.
 */
import type { Diagnostic } from "./diagnostic";

/** A person reads the first few problems of a file; 100 fill the Problems panel and cost nothing. */
export const MAX_DIAGNOSTICS = 100;

const omitted = new WeakMap<Diagnostic, number>();

/** How many problems a summary diagnostic from DiagnosticCap stands for (0 for any other diagnostic). */
export function omittedBy(d: Diagnostic): number {
  return omitted.get(d) ?? 0;
}

export class DiagnosticCap {
  readonly list: Diagnostic[] = [];
  private dropped = 0;
  private firstDropped: Diagnostic | undefined;
  constructor(private readonly max = MAX_DIAGNOSTICS) {}

  /** Whether another diagnostic would only be counted (callers may then skip building it). */
  get full(): boolean {
    return this.list.length >= this.max;
  }

  push(d: Diagnostic): void {
    if (!this.full) {
      this.list.push(d);
      return;
    }
    this.dropped++;
    this.firstDropped ??= d;
  }

  /** Counts a problem that was not built (see `full`); `at` gives its range when it is the first. */
  count(at: () => Diagnostic): void {
    if (!this.full) this.push(at());
    else if (this.dropped++ === 0) this.firstDropped = at();
  }

  /** The kept diagnostics, plus one that counts the rest when any were left out. */
  finish(): Diagnostic[] {
    if (this.dropped === 0 || !this.firstDropped) return this.list;
    const f = this.firstDropped;
    const summary: Diagnostic = {
      code: f.code,
      severity: f.severity,
      message:
        `Too many problems: ${String(this.dropped).replace(/\B(?=(\d{3})+(?!\d))/g, ",")} more in this file are not listed ` +
        `(the first ${this.max} are). Fix those first; is this the file you meant?`,
      ...(f.range ? { range: f.range } : {}),
    };
    omitted.set(summary, this.dropped);
    return [...this.list, summary];
  }
}
