/**
 * A small source-map (v3) reader: decodes the base64 VLQ `mappings` of esbuild's inline source
 * maps so errors thrown in a bundled user module can be reported at the user's file:line:col.
 */

export interface RawSourceMap {
  version: number;
  sources: string[];
  mappings: string;
  sourcesContent?: (string | null)[];
}

/** One mapping segment: generated column -> (source index, 0-based line, 0-based column). */
type Segment = [genColumn: number, source: number, line: number, column: number];

export interface OriginalPosition {
  source: string;
  line: number;
  column: number;
  /** Character offset in the source, when the map carries `sourcesContent`. */
  offset?: number;
}

export interface SourceMapReader {
  /** `line` is 1-based and `column` 0-based (as in stack traces minus one); the result likewise. */
  originalPosition(line: number, column: number): OriginalPosition | undefined;
}

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const DIGIT = new Map([...BASE64].map((c, i) => [c, i]));

/** Decodes one VLQ field list such as "AAgBC" into signed integers. */
export function decodeVlq(field: string): number[] {
  const out: number[] = [];
  let value = 0;
  let shift = 0;
  for (const ch of field) {
    const d = DIGIT.get(ch);
    if (d === undefined) throw new Error(`invalid base64 VLQ character "${ch}"`);
    value += (d & 31) * 2 ** shift;
    if (d & 32) {
      shift += 5;
      continue;
    }
    out.push(value & 1 ? -Math.floor(value / 2) : Math.floor(value / 2));
    value = 0;
    shift = 0;
  }
  return out;
}

export function readSourceMap(map: RawSourceMap): SourceMapReader {
  const lines: Segment[][] = [];
  let source = 0;
  let line = 0;
  let column = 0;
  for (const group of map.mappings.split(";")) {
    const segments: Segment[] = [];
    let genColumn = 0;
    for (const field of group.split(",")) {
      if (!field) continue;
      const v = decodeVlq(field);
      genColumn += v[0];
      if (v.length < 4) continue;
      source += v[1];
      line += v[2];
      column += v[3];
      segments.push([genColumn, source, line, column]);
    }
    lines.push(segments);
  }
  return {
    originalPosition(genLine, genColumn) {
      const segs = lines[genLine - 1];
      if (!segs?.length) return undefined;
      let best: Segment | undefined;
      for (const s of segs) {
        if (s[0] > genColumn) break;
        best = s;
      }
      best ??= segs[0];
      const src = map.sources[best[1]];
      if (src === undefined) return undefined;
      const pos: OriginalPosition = { source: src, line: best[2] + 1, column: best[3] };
      const content = map.sourcesContent?.[best[1]];
      if (typeof content === "string") pos.offset = offsetOf(content, pos.line, pos.column);
      return pos;
    },
  };
}

/** The source map inlined as a `//# sourceMappingURL=data:...;base64,` comment, if any. */
export function inlineSourceMap(code: string): RawSourceMap | undefined {
  const marker = "//# sourceMappingURL=data:application/json;base64,";
  const at = code.lastIndexOf(marker);
  if (at < 0) return undefined;
  const end = code.indexOf("\n", at);
  const b64 = code.slice(at + marker.length, end < 0 ? undefined : end).trim();
  try {
    return JSON.parse(Buffer.from(b64, "base64").toString("utf8")) as RawSourceMap;
  } catch {
    return undefined;
  }
}

function offsetOf(text: string, line: number, column: number): number {
  let at = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf("\n", at);
    if (nl < 0) return text.length;
    at = nl + 1;
  }
  return Math.min(at + column, text.length);
}
