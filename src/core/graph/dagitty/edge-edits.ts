/**
 * Minimal text edits to a DAGitty file that add or remove one edge, so a click in the DAG view
 * can update the source. Adding inserts `from -> to` as a new statement before the closing
 * brace, indented like the other statements. Removing deletes a two-node statement (with its
 * line), or cuts just that arrow out of a chain (`a -> b -> c` becomes `a; b -> c`); a statement
 * that uses groups is rewritten as the explicit statements it stands for, minus the edge. A
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

function chainHas(s: ChainStatement, c: EdgeChange): number[] {
  const hits: number[] = [];
  s.ops.forEach((op, i) => {
    const ls = itemNodes(s.items[i]);
    const rs = itemNodes(s.items[i + 1]);
    if (ls.some((l) => rs.some((r) => opMatches(op.op, l, r, c)))) hits.push(i);
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
      edits.push(replace(top.start, top.end, expandWithout(top, change)));
    } else if (top.items.length === 2) {
      const keep = top.items.filter((it) => it.kind === "node" && (it.attrs || (mentions.get(it.id) ?? 0) <= top.items.filter((o) => o.kind === "node" && o.id === it.id).length));
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

/** The explicit statements a chain with groups stands for, without the removed edge, joined by "; ". */
function expandWithout(s: ChainStatement, c: EdgeChange): string {
  const parts: string[] = [];
  const seen = new Set<string>();
  const declare = (it: Item): void => {
    if (it.kind === "node") {
      const attrs = it.attrs ? ` [${it.attrs.map((a) => (a.value === undefined ? quoteId(a.key) : `${quoteId(a.key)}=${quoteValue(a.value)}`)).join(",")}]` : "";
      if (!seen.has(it.id) || attrs) parts.push(`${quoteId(it.id)}${attrs}`);
      seen.add(it.id);
    } else for (const inner of it.statements) if (inner.kind === "chain") expandChain(inner);
  };
  const expandChain = (chain: ChainStatement): void => {
    chain.items.forEach(declare);
    chain.ops.forEach((op, i) => {
      for (const l of itemNodes(chain.items[i])) {
        for (const r of itemNodes(chain.items[i + 1])) {
          if (opMatches(op.op, l, r, c)) continue;
          parts.push(`${quoteId(l)} ${op.op} ${quoteId(r)}`);
        }
      }
    });
  };
  expandChain(s);
  return parts.join("; ");
}

