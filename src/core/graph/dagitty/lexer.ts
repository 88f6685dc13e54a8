/**
 * Tokeniser for DAGitty graph text (a dot-like language). Never throws: malformed input yields
 * "parse-error" diagnostics and the longest sensible token stream. Comments follow dot:
 * `// line`, `/* block *\/` and lines starting with `#`.
 */
import { error, rangeFromOffsets, type Diagnostic } from "../../errors/diagnostic";

export type TokenKind = "id" | "string" | "{" | "}" | "[" | "]" | ";" | "," | "=" | "edge" | "bad";

export interface Token {
  kind: TokenKind;
  /** The identifier, the unescaped string, or the punctuation / edge operator itself. */
  value: string;
  start: number;
  end: number;
}

export const EDGE_OPS = ["<->", "@-@", "@->", "<-@", "@--", "--@", "->", "<-", "--"] as const;
const ID_CHAR = /[\p{L}\p{N}_.']/u;

export function isPlainId(s: string): boolean {
  return s.length > 0 && [...s].every((c) => ID_CHAR.test(c));
}

export function tokenize(text: string, file?: string): { tokens: Token[]; diagnostics: Diagnostic[] } {
  const tokens: Token[] = [];
  const diagnostics: Diagnostic[] = [];
  const range = (s: number, e: number) => rangeFromOffsets(text, s, e, file);
  let i = 0;
  let lineStart = true;
  while (i < text.length) {
    const c = text[i];
    if (c === "\n") {
      lineStart = true;
      i++;
      continue;
    }
    if (c === " " || c === "\t" || c === "\r" || c === "\f" || c === "\v") {
      i++;
      continue;
    }
    const atLineStart = lineStart;
    lineStart = false;
    if ((c === "#" && atLineStart) || text.startsWith("//", i)) {
      while (i < text.length && text[i] !== "\n") i++;
      continue;
    }
    if (text.startsWith("/*", i)) {
      const close = text.indexOf("*/", i + 2);
      if (close < 0) {
        diagnostics.push(error("parse-error", "Unterminated comment: add */ to close it.", range(i, text.length)));
        i = text.length;
      } else i = close + 2;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      let value = "";
      while (j < text.length && text[j] !== '"' && text[j] !== "\n") {
        if (text[j] === "\\" && j + 1 < text.length && text[j + 1] !== "\n") {
          value += text[j + 1];
          j += 2;
        } else value += text[j++];
      }
      if (text[j] !== '"') {
        diagnostics.push(error("parse-error", 'Unterminated string: add a closing ".', range(i, j)));
        tokens.push({ kind: "string", value, start: i, end: j });
        i = j;
      } else {
        tokens.push({ kind: "string", value, start: i, end: j + 1 });
        i = j + 1;
      }
      continue;
    }
    const op = EDGE_OPS.find((o) => text.startsWith(o, i));
    if (op) {
      tokens.push({ kind: "edge", value: op, start: i, end: i + op.length });
      i += op.length;
      continue;
    }
    if ("{}[];,=".includes(c)) {
      tokens.push({ kind: c as TokenKind, value: c, start: i, end: i + 1 });
      i++;
      continue;
    }
    if (ID_CHAR.test(String.fromCodePoint(text.codePointAt(i)!))) {
      let j = i;
      while (j < text.length) {
        const cp = text.codePointAt(j)!;
        const ch = String.fromCodePoint(cp);
        if (!ID_CHAR.test(ch)) break;
        j += ch.length;
      }
      tokens.push({ kind: "id", value: text.slice(i, j), start: i, end: j });
      i = j;
      continue;
    }
    const cp = text.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    diagnostics.push(error("parse-error", `Unexpected character "${ch}".`, range(i, i + ch.length)));
    tokens.push({ kind: "bad", value: ch, start: i, end: i + ch.length });
    i += ch.length;
  }
  return { tokens, diagnostics };
}
