/**
 * Where a CSV record sits in its file, as a spreadsheet and an editor count: `row` is the
 * spreadsheet row (1-based; the header is row 1, a blank line is a row of its own) and `line`
 * the 1-based line where the record starts (later than `row` when earlier quoted fields hold
 * newlines). DuckDB skips blank lines and counts no lines, so the reader asks this scanner, on
 * the error path only, where the record it rejected is. Same dialect as the reader: `"` quotes,
 * `""` inside quotes is a quote, lines end in `\n` or `\r\n`.
 */
export interface CsvPosition {
  row: number;
  line: number;
}

/** The position of record `record` (0-based over non-blank records; the header is record 0). */
export function csvPosition(text: string, record: number): CsvPosition {
  let line = 1, row = 1, seen = 0, i = 0;
  while (i < text.length) {
    const blank = text[i] === "\n" ? 1 : text[i] === "\r" && text[i + 1] === "\n" ? 2 : 0;
    if (blank) {
      i += blank;
      line++;
      row++;
      continue;
    }
    if (seen === record) return { row, line };
    let quoted = false;
    for (; i < text.length; i++) {
      const ch = text[i];
      if (ch === '"') quoted = !quoted;
      else if (ch === "\n") {
        line++;
        if (!quoted) {
          i++;
          break;
        }
      }
    }
    seen++;
    row++;
  }
  return { row, line };
}

/** Where the first quoted field that is never closed opens, or undefined when every quote closes. */
export function unclosedQuote(text: string): CsvPosition | undefined {
  let line = 1, row = 1, quoted = false;
  let opened: CsvPosition | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') {
      if (!quoted) opened = { row, line };
      quoted = !quoted;
    } else if (ch === "\n") {
      line++;
      if (!quoted) row++;
    }
  }
  return quoted ? opened : undefined;
}
