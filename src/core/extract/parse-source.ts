/**
 * Parses a `*.causal.ts` text for static extraction without ever throwing, and says what the
 * TypeScript parser said about it:
 * - its syntactic diagnostics (an unclosed paren, a stray token) become "the file does not parse"
 *   errors at their file:line:col, so `causal-studio graph` fails on a file whose graph would be a
 *   guess, and the DAG panel says so (issue 13, item 10);
 * - brackets nested more than MAX_NESTING deep are reported as "nested too deeply" at the bracket
 *   that crosses the limit, and that group is read as `0` (offsets and lines kept) so the rest of the
 *   file still extracts. TypeScript's parser is recursive and overflows the stack at ~800 nested
 *   parentheses on Node's default 1 MB stack; counting brackets with its (iterative) scanner first
 *   gives the same answer on every stack size (CLI main thread, extension host, parse worker).
 *   Other deep constructs (20,000 `!`s) that still overflow the parser are located by bisection of
 *   the text: the shortest prefix that overflows ends at the construct (issue 13, item 5).
 */
import ts from "typescript";
import { type Diagnostic, error } from "../errors/diagnostic";
import type { LineIndex } from "./line-index";

/** Deeper than any hand-written model; half of what the parser survives on a 1 MB stack. */
export const MAX_NESTING = 200;
/** Syntax errors listed per file: TypeScript's recovery can report one per token of a broken tail. */
export const MAX_SYNTAX_ERRORS = 20;
/** Every syntax error's message starts so (the Problems panel drops these for .ts files: VS Code's TypeScript reports them already). */
export const DOES_NOT_PARSE = "the file does not parse: ";

export interface ParsedSource {
  sf?: ts.SourceFile;
  diagnostics: Diagnostic[];
}

export function parseSource(text: string, file: string, lines: LineIndex): ParsedSource {
  const diagnostics: Diagnostic[] = [];
  const deep = tooDeep(text);
  let readable = text;
  if (deep) {
    diagnostics.push(error("parse-error", `nested too deeply: this ${text[deep.start] === "`" ? "template" : text[deep.start]} opens more than ${MAX_NESTING} levels of brackets, so the expression it starts is left out of the graph`, lines.range(deep.start, deep.start + 1), ["split the expression into smaller ones (a const per part)"]));
    readable = text.slice(0, deep.start) + blank(text.slice(deep.start, deep.end)) + text.slice(deep.end);
  }
  const sf = tryParse(readable, file);
  if (!sf) {
    const at = overflowOffset(readable, file);
    diagnostics.push(error("parse-error", "nested too deeply: the TypeScript parser runs out of stack here, so the file cannot be read", lines.range(Math.max(0, at - 1), at), ["split the deeply nested expression into smaller ones"]));
    return { diagnostics };
  }
  diagnostics.push(...syntaxErrors(sf, lines, deep));
  return { sf, diagnostics };
}

function tryParse(text: string, file: string): ts.SourceFile | undefined {
  try {
    return ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  } catch (e) {
    if (e instanceof RangeError) return undefined;
    throw e;
  }
}

/** The end of the shortest prefix of `text` whose parse overflows the stack. */
function overflowOffset(text: string, file: string): number {
  let lo = 0;
  let hi = text.length;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (tryParse(text.slice(0, mid), file)) lo = mid;
    else hi = mid;
  }
  return hi;
}

function syntaxErrors(sf: ts.SourceFile, lines: LineIndex, deep: { start: number; end: number } | undefined): Diagnostic[] {
  // parseDiagnostics is what program.getSyntacticDiagnostics(sf) returns for a .ts file, without building a program.
  const all = ((sf as unknown as { parseDiagnostics?: readonly ts.DiagnosticWithLocation[] }).parseDiagnostics ?? [])
    .filter((d) => d.category === ts.DiagnosticCategory.Error && !(deep && d.start >= deep.start && d.start < deep.end));
  const out = all.slice(0, MAX_SYNTAX_ERRORS).map((d) => error("parse-error", `${DOES_NOT_PARSE}${ts.flattenDiagnosticMessageText(d.messageText, " ")}`, lines.range(d.start, d.start + Math.max(d.length, 0))));
  if (all.length > MAX_SYNTAX_ERRORS) {
    const last = out[out.length - 1];
    last.notes = [...(last.notes ?? []), `… and ${all.length - MAX_SYNTAX_ERRORS} more syntax errors`];
  }
  return out;
}

/** A TypeScript syntax error from parseSource (as opposed to one of extraction's own diagnostics). */
export function isSyntaxError(d: Diagnostic): boolean {
  return d.code === "parse-error" && d.message.startsWith(DOES_NOT_PARSE);
}

/** `0` then spaces, newlines kept: the group reads as a number and every later offset and line stays put. */
function blank(group: string): string {
  return group.replace(/[^\n]/g, " ").replace(/^ /, "0");
}

/** The token kinds tooDeep needs, made on first use (the CLI loads the compiler only when it reads a TypeScript file). */
let kinds: { openers: Set<ts.SyntaxKind>; closers: Set<ts.SyntaxKind>; operandEnds: Set<ts.SyntaxKind> } | undefined;
function tokenKinds(): NonNullable<typeof kinds> {
  const k = ts.SyntaxKind;
  return (kinds ??= {
    openers: new Set([k.OpenParenToken, k.OpenBracketToken, k.OpenBraceToken, k.TemplateHead]),
    closers: new Set([k.CloseParenToken, k.CloseBracketToken, k.CloseBraceToken]),
    /** Tokens after which `/` divides (else it starts a regular expression). */
    operandEnds: new Set([
      k.Identifier, k.NumericLiteral, k.BigIntLiteral, k.StringLiteral, k.NoSubstitutionTemplateLiteral,
      k.TemplateTail, k.RegularExpressionLiteral, k.CloseParenToken, k.CloseBracketToken, k.CloseBraceToken,
      k.ThisKeyword, k.SuperKeyword, k.TrueKeyword, k.FalseKeyword, k.NullKeyword, k.PlusPlusToken, k.MinusMinusToken,
    ]),
  });
}

/** The first bracket group that opens level MAX_NESTING + 1 (to its matching closer, or the end of the text). */
export function tooDeep(text: string): { start: number; end: number } | undefined {
  let openers = 0;
  for (let i = 0; i < text.length && openers <= MAX_NESTING; i++) {
    const c = text.charCodeAt(i);
    if (c === 40 || c === 91 || c === 123) openers++; // ( [ {  (`${` contains a {)
  }
  if (openers <= MAX_NESTING) return undefined; // cannot nest deeper than it has openers: skip the scan
  const { openers: OPENERS, closers: CLOSERS, operandEnds: OPERAND_ENDS } = tokenKinds();
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, text);
  const stack: boolean[] = []; // true: a template's `${`
  let start = -1;
  let previous = ts.SyntaxKind.Unknown;
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if ((kind === ts.SyntaxKind.SlashToken || kind === ts.SyntaxKind.SlashEqualsToken) && !OPERAND_ENDS.has(previous)) kind = scanner.reScanSlashToken();
    if (kind === ts.SyntaxKind.CloseBraceToken && stack[stack.length - 1]) {
      kind = scanner.reScanTemplateToken(false);
      if (kind === ts.SyntaxKind.TemplateMiddle) {
        previous = kind;
        continue;
      }
    }
    if (OPENERS.has(kind)) {
      stack.push(kind === ts.SyntaxKind.TemplateHead);
      if (stack.length === MAX_NESTING + 1 && start < 0) start = scanner.getTokenStart();
    } else if (CLOSERS.has(kind) || kind === ts.SyntaxKind.TemplateTail) {
      stack.pop();
      if (start >= 0 && stack.length === MAX_NESTING) return { start, end: scanner.getTokenEnd() };
    }
    previous = kind;
  }
  return start >= 0 ? { start, end: text.length } : undefined;
}
