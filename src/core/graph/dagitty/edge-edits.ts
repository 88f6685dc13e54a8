/**
 * Minimal text edits to a DAGitty file that add or remove one edge, so a click in the DAG view
 * can update the source. Adding inserts `from -> to` as a new statement before the closing
 * brace, indented like the other statements. Removing deletes a two-node statement (with its
 * line), or cuts just that arrow out of a chain (`a -> b -> c` becomes `a; b -> c`); a statement
 * that uses groups is rewritten as group statements without the edge, linear in its size. A
 * statement that is the only mention of a name, or carries attributes, is replaced by the bare
 * declarations instead of deleted, and replacements are padded so they never glue onto the next token.
 */
import { rangeFromOffsets, type TextEdit } from "../../errors/diagnostic";
import type { EdgeKind } from "../types";
import type { ChainStatement, Item, Statement } from "./ast";
import { parseAst } from "./parse-ast";
import { itemNodes } from "./parse-dagitty";
import { quoteId, quoteValue } from "./print-dagitty";

export interface EdgeChange {
  op: "add" | "remove";
  from: string;
  to: string;
  kind: EdgeKind;
}

function opMatches(op: string, l: string, r: string, c: EdgeChange): boolean {
  if (c.kind === "bidirected") return op === "<->" && ((l === c.from && r === c.to) || (l === c.to && r === c.from));
  return (op === "->" && l === c.from && r === c.to) || (op === "<-" && l === c.to && r === c.from);
}

/** The ops of `s` whose two sides hold the edge (by set look-ups: groups may hold thousands of names). */
function chainHas(s: ChainStatement, c: EdgeChange): number[] {
  const hits: number[] = [];
  s.ops.forEach((op, i) => {
    const ls = new Set(itemNodes(s.items[i]));
    const rs = new Set(itemNodes(s.items[i + 1]));
    const pairs = [[c.from, c.to], [c.to, c.from]];
    if (pairs.some(([l, r]) => ls.has(l) && rs.has(r) && opMatches(op.op, l, r, c))) hits.push(i);
  });
  return hits;
}

/** All chain statements, groups' inner statements included, outermost first. */
function allChains(statements: Statement[], out: { s: ChainStatement }[] = []) {
  for (const s of statements) {
    if (s.kind !== "chain") continue;
    out.push({ s });
    for (const it of s.items) if (it.kind === "group") allChains(it.statements, out);
  }
  return out;
}

export function dagittyEdgeEdits(text: string, change: EdgeChange): TextEdit[] {
  const { ast } = parseAst(text);
  const chains = allChains(ast.statements);
  const edit = (start: number, end: number, newText: string): TextEdit => ({ range: rangeFromOffsets(text, start, end), newText });
  const arrow = change.kind === "bidirected" ? "<->" : "->";
  const exists = chains.some(({ s }) => chainHas(s, change).length > 0);
  if (change.op === "add") {
    if (exists) return [];
    const stmt = `${quoteId(change.from)} ${arrow} ${quoteId(change.to)}`;
    if (ast.close === undefined) {
      const sep = text.length === 0 || text.endsWith("\n") ? "" : "\n";
      return [edit(text.length, text.length, `${sep}${stmt}\n`)];
    }
    const lineStart = text.lastIndexOf("\n", ast.close - 1) + 1;
    const beforeBrace = text.slice(lineStart, ast.close);
    if (/^\s*$/.test(beforeBrace)) {
      return [edit(lineStart, lineStart, `${indentOf(text, ast.statements) ?? "  "}${stmt}\n`)];
    }
    return [edit(ast.close, ast.close, `${/\s$/.test(beforeBrace) ? "" : " "}${stmt} `)];
  }
  const edits: TextEdit[] = [];
  const mentions = new Map<string, number>();
  for (const { s } of chains) for (const it of s.items) if (it.kind === "node") mentions.set(it.id, (mentions.get(it.id) ?? 0) + 1);
  /** `newText` in place of start..end, with a space where it would otherwise touch the token before or after. */
  const replace = (start: number, end: number, newText: string): TextEdit => {
    const before = start > 0 && !/\s/.test(text[start - 1]) ? " " : "";
    const after = end < text.length && !/\s/.test(text[end]) ? " " : "";
    return edit(start, end, before + newText + after);
  };
  for (const top of ast.statements) {
    if (top.kind !== "chain") continue;
    const nested = allChains([top]);
    if (!nested.some(({ s }) => chainHas(s, change).length > 0)) continue;
    const hits = chainHas(top, change);
    if (!top.items.every((it) => it.kind === "node")) {
      edits.push(replace(top.start, top.end, rewriteWithout(text, top, change)));
    } else if (top.items.length === 2) {
      const here = (id: string) => top.items.filter((o) => o.kind === "node" && o.id === id).length;
      const keep = top.items.filter((it) => it.kind === "node" && (it.attrs || (mentions.get(it.id) ?? 0) <= here(it.id)));
      if (keep.length === 0) edits.push(deleteStatement(text, top.start, top.end));
      else edits.push(replace(top.start, top.end, [...new Set(keep.map((it) => text.slice(it.start, it.fullEnd)))].join("; ")));
    } else {
      for (const i of hits) edits.push(edit(top.items[i].fullEnd, top.items[i + 1].start, "; "));
    }
  }
  return edits;
}

function indentOf(text: string, statements: Statement[]): string | undefined {
  for (const s of statements) {
    const lineStart = text.lastIndexOf("\n", s.start - 1) + 1;
    const prefix = text.slice(lineStart, s.start);
    if (/^[ \t]*$/.test(prefix)) return prefix;
  }
  return undefined;
}

/** Deletes a statement; when it is alone on its line the whole line goes. */
function deleteStatement(text: string, start: number, end: number): TextEdit {
  const lineStart = text.lastIndexOf("\n", start - 1) + 1;
  let lineEnd = text.indexOf("\n", end);
  if (lineEnd < 0) lineEnd = text.length;
  let after = end;
  while (after < lineEnd && /[ \t;,]/.test(text[after])) after++;
  if (/^[ \t]*$/.test(text.slice(lineStart, start)) && after === lineEnd) {
    const stop = lineEnd < text.length ? lineEnd + 1 : lineEnd;
    return { range: rangeFromOffsets(text, lineStart, stop), newText: "" };
  }
  return { range: rangeFromOffsets(text, start, after), newText: "" };
}

/**
 * A chain with groups, rewritten without the edge and linear in its size (a 1,500 x 1,500 group
 * statement stays two group statements, not 2.25 M edges): each item as its own statement (verbatim,
 * or rewritten when the edge is inside it), then one group statement per arrow, where the sources
 * that had the edge get their own statement without that target. Joined by "; ".
 */
function rewriteWithout(text: string, s: ChainStatement, c: EdgeChange): string {
  const holds = (it: Item): boolean => it.kind === "group" && allChains(it.statements).some(({ s: inner }) => chainHas(inner, c).length > 0);
  const group = (ids: string[]): string => `{${ids.map(quoteId).join(" ")}}`;
  const parts: string[] = [];
  for (const it of s.items) {
    if (it.kind === "group" && holds(it)) {
      const touched = (st: Statement) => st.kind === "chain" && (chainHas(st, c).length > 0 || st.items.some(holds));
      const inner = it.statements.map((st) => (touched(st) ? rewriteWithout(text, st as ChainStatement, c) : text.slice(st.start, st.end)));
      parts.push(`{${inner.join("; ")}}`);
    } else parts.push(text.slice(it.start, it.fullEnd));
  }
  s.ops.forEach((op, i) => {
    const ls = itemNodes(s.items[i]);
    const rs = itemNodes(s.items[i + 1]);
    const cut = ls.filter((l) => l === c.from || l === c.to).filter((l) => rs.some((r) => (r === c.from || r === c.to) && opMatches(op.op, l, r, c)));
    const rest = ls.filter((l) => !cut.includes(l));
    if (rest.length) parts.push(`${group(rest)} ${op.op} ${group(rs)}`);
    for (const l of cut) {
      const targets = rs.filter((r) => !opMatches(op.op, l, r, c));
      if (targets.length) parts.push(`${quoteId(l)} ${op.op} ${group(targets)}`);
    }
  });
  return parts.join("; ");
}
