/**
 * Tokeniser for DAGitty graph text (a dot-like language). Never throws: malformed input yields
 * "parse-error" diagnostics and the longest sensible token stream. Comments follow dot:
 * `// line`, `/* block *\/` and lines starting with `#`. In a quoted name `\n`, `\r` and `\t` stand
 * for a line break, a carriage return and a tab, and a backslash before any other character keeps
 * that character (`\"`, `\\`), so print-dagitty can write every name on one line.
 */
import { DiagnosticCap } from "../../errors/diagnostic-cap";
import { error, rangeFromOffsets } from "../../errors/diagnostic";

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

const ESCAPES: Record<string, string> = { n: "\n", r: "\r", t: "\t" };

/** A character as a message shows it: itself, or U+XXXX when it is invisible or would break the line. */
export function showChar(ch: string): string {
  return /[\p{C}\p{Z}]/u.test(ch) ? `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}` : `"${ch}"`;
}

/** Tokens of `text`; problems go to `diagnostics` (bounded: junk yields one per character). */
export function tokenize(text: string, file?: string, diagnostics = new DiagnosticCap()): { tokens: Token[]; diagnostics: DiagnosticCap } {
  const tokens: Token[] = [];
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
          value += ESCAPES[text[j + 1]] ?? text[j + 1];
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
    const ch = String.fromCodePoint(text.codePointAt(i)!);
    const at = i;
    diagnostics.count(() => error("parse-error", `Unexpected character ${showChar(ch)}.`, range(at, at + ch.length)));
    tokens.push({ kind: "bad", value: ch, start: i, end: i + ch.length });
    i += ch.length;
  }
  return { tokens, diagnostics };
}
