/**
 * Tokens of BIF text: words (names, numbers, quoted names without their quotes) and the punctuation
 * `{ } ( ) [ ] ; , |`, each with its offsets. `//` and block comments are skipped; an unclosed
 * comment or quoted name is reported and the rest of its line (or text) skipped. Never throws.
 */
import { error, type SourceRange } from "../../errors/diagnostic";
import type { DiagnosticCap } from "../../errors/diagnostic-cap";

export type Tok = { kind: "word" | "punct"; value: string; start: number; end: number };

/** "=" is not among them: state names such as ">=7.5" (bnlearn's child) hold it; `type discrete [ N ] = {` reads it as a word. */
export const PUNCT = new Set(["{", "}", "(", ")", "[", "]", ";", ",", "|"]);

export function tokenize(text: string, problems: DiagnosticCap, range: (s: number, e: number) => SourceRange): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 0xfeff) { i++; continue; }
    if (c === 47 && text.charCodeAt(i + 1) === 47) { const e = text.indexOf("\n", i); i = e < 0 ? n : e; continue; }
    if (c === 47 && text.charCodeAt(i + 1) === 42) {
      const e = text.indexOf("*/", i + 2);
      if (e < 0) { problems.push(error("parse-error", "this comment is never closed (no */ after it)", range(i, i + 2))); i = n; } else i = e + 2;
      continue;
    }
    const ch = text[i];
    if (PUNCT.has(ch)) { out.push({ kind: "punct", value: ch, start: i, end: i + 1 }); i++; continue; }
    if (ch === '"') {
      const e = text.indexOf('"', i + 1);
      const nl = text.indexOf("\n", i + 1);
      if (e < 0 || (nl >= 0 && nl < e)) { problems.push(error("parse-error", "this quoted name is never closed", range(i, i + 1))); i = nl < 0 ? n : nl; continue; }
      out.push({ kind: "word", value: text.slice(i + 1, e), start: i, end: e + 1 });
      i = e + 1;
      continue;
    }
    const s = i;
    while (i < n) {
      const d = text.charCodeAt(i);
      if (d === 32 || d === 9 || d === 10 || d === 13 || d === 34 || PUNCT.has(text[i])) break;
      if (d === 47 && (text.charCodeAt(i + 1) === 47 || text.charCodeAt(i + 1) === 42)) break;
      i++;
    }
    out.push({ kind: "word", value: text.slice(s, i), start: s, end: i });
  }
  return out;
}
