/**
 * Recursive-descent parser for DAGitty text: `[type] '{' statements '}'`, or bare statements.
 * Statements: `id [attrs]`, chains of items joined by edge operators, groups `{a b}` (which may
 * nest chains: `x -> {z -> y}`), graph attributes `key="value"` or dot's `graph [key="value", …]`,
 * optional `;` or `,` separators. The header may name the graph, as dot allows (`dag G {`).
 * Never throws: on an unexpected token it reports a diagnostic and skips to the next statement.
 * Groups nest at most MAX_GROUP_DEPTH deep; a deeper group is reported and its contents skipped
 * (without recursion), so no text can overflow the stack.
 */
import { error, rangeFromOffsets } from "../../errors/diagnostic";
import { DiagnosticCap } from "../../errors/diagnostic-cap";
import type { Attr, ChainStatement, DagittyAst, GroupItem, Item, Statement } from "./ast";
import { tokenize, type Token } from "./lexer";

export const GRAPH_TYPES = ["dag", "pdag", "mag", "pag", "graph", "digraph"];

/**
 * How deep groups may nest. A drawn diagram nests two or three levels; 200 is far beyond any real
 * file and keeps the parser's (3 frames a level) and the graph builder's recursion a few hundred
 * frames deep, well inside the smallest stack a worker thread gets.
 */
export const MAX_GROUP_DEPTH = 200;

export function parseAst(text: string, file?: string, diagnostics = new DiagnosticCap()): { ast: DagittyAst; diagnostics: DiagnosticCap } {
  const { tokens } = tokenize(text, file, diagnostics);
  const toks = tokens.filter((t) => t.kind !== "bad");
  let pos = 0;
  let depth = 0;
  const peek = (k = 0): Token | undefined => toks[pos + k];
  const range = (s: number, e: number) => rangeFromOffsets(text, s, e, file);
  const lineOf = (offset: number): number => range(offset, offset).start.line;
  const fail = (message: string, tok: Token | undefined): void => {
    diagnostics.count(() => error("parse-error", message, tok ? range(tok.start, tok.end) : range(text.length, text.length)));
  };

  /** Skips a group that nests too deeply, up to its matching `}` (or the end); returns that token. */
  const skipGroup = (): Token | undefined => {
    let open = 0;
    while (pos < toks.length) {
      const t = toks[pos];
      if (t.kind === "{") open++;
      else if (t.kind === "}" && --open === 0) return t;
      pos++;
    }
    return undefined;
  };
  const describe = (t: Token | undefined): string => (t ? `"${t.value}"` : "the end of the text");

  /** Skips to a plausible statement start: past `;`/`,`, before `}`, or to the next line. */
  const recover = (from: Token | undefined): void => {
    const line = from ? lineOf(from.start) : 0;
    while (pos < toks.length) {
      const t = toks[pos];
      if (t.kind === ";" || t.kind === ",") {
        pos++;
        return;
      }
      if (t.kind === "}" || (t !== from && lineOf(t.start) > line)) return;
      pos++;
    }
  };

  const parseAttrs = (): { attrs: Attr[]; end: number } => {
    const open = toks[pos++];
    const attrs: Attr[] = [];
    while (pos < toks.length && peek()!.kind !== "]") {
      const t = peek()!;
      if (t.kind === "," || t.kind === ";") {
        pos++;
        continue;
      }
      if (t.kind !== "id" && t.kind !== "string") {
        fail(`Expected an attribute name inside [...], found ${describe(t)}.`, t);
        if (t.kind === "}" || t.kind === "{") return { attrs, end: t.start };
        pos++;
        continue;
      }
      pos++;
      const attr: Attr = { key: t.value, start: t.start, end: t.end };
      if (peek()?.kind === "=") {
        pos++;
        const v = peek();
        if (v && (v.kind === "id" || v.kind === "string")) {
          attr.value = v.value;
          attr.end = v.end;
          pos++;
        } else fail(`Expected a value after "${t.value}=", found ${describe(v)}.`, v);
      }
      attrs.push(attr);
    }
    const close = peek();
    if (!close) {
      fail("Unclosed attribute list: add ].", open);
      return { attrs, end: text.length };
    }
    pos++;
    return { attrs, end: close.end };
  };

  const parseItem = (): Item | undefined => {
    const t = peek();
    if (!t) return undefined;
    if (t.kind === "id" || t.kind === "string") {
      pos++;
      const node: Item = { kind: "node", id: t.value, start: t.start, end: t.end, fullEnd: t.end };
      if (peek()?.kind === "[") {
        const { attrs, end } = parseAttrs();
        node.attrs = attrs;
        node.fullEnd = end;
      }
      return node;
    }
    if (t.kind === "{") {
      if (depth >= MAX_GROUP_DEPTH) {
        fail(`Groups nested too deeply: this { is more than ${MAX_GROUP_DEPTH} levels deep, so its contents are left out. Flatten the groups.`, t);
        const close = skipGroup();
        if (close) pos++;
        const end = close ? close.end : text.length;
        return { kind: "group", statements: [], start: t.start, end, fullEnd: end };
      }
      pos++;
      depth++;
      const statements = parseStatements(true);
      depth--;
      const close = peek();
      const group: GroupItem = { kind: "group", statements, start: t.start, end: close ? close.end : text.length, fullEnd: 0 };
      if (close?.kind === "}") pos++;
      else fail("Unclosed group: add } to close it.", t);
      group.fullEnd = group.end;
      return group;
    }
    return undefined;
  };

  const parseStatement = (): Statement | undefined => {
    const first = peek()!;
    // dot's graph-attribute statement `graph [bb="0,0,1,1"]`: its key=value pairs are graph attributes, not a variable "graph".
    if (first.kind === "id" && first.value === "graph" && peek(1)?.kind === "[") {
      pos++;
      const { attrs } = parseAttrs();
      for (const a of attrs) if (a.value !== undefined) pending.push({ kind: "graph-attr", key: a.key, value: a.value, start: a.start, end: a.end });
      return pending.shift();
    }
    if (first.kind === "id" && peek(1)?.kind === "=") {
      pos += 2;
      const v = peek();
      if (v && (v.kind === "id" || v.kind === "string")) {
        pos++;
        return { kind: "graph-attr", key: first.value, value: v.value, start: first.start, end: v.end };
      }
      fail(`Expected a value after "${first.value}=", found ${describe(v)}.`, v);
      recover(v);
      return undefined;
    }
    const item = parseItem();
    if (!item) {
      fail(`Expected a variable name, a group {...} or a graph attribute, found ${describe(first)}.`, first);
      pos++;
      recover(first);
      return undefined;
    }
    const chain: ChainStatement = { kind: "chain", items: [item], ops: [], start: item.start, end: item.fullEnd };
    while (peek()?.kind === "edge") {
      const op = toks[pos++];
      const next = parseItem();
      if (!next) {
        fail(`Expected a variable name or a group after "${op.value}", found ${describe(peek())}.`, peek() ?? op);
        recover(op);
        break;
      }
      chain.ops.push({ op: op.value, start: op.start, end: op.end });
      chain.items.push(next);
      chain.end = next.fullEnd;
    }
    return chain;
  };

  /** Graph attributes of a `graph [...]` statement beyond its first, handed out as statements of their own. */
  const pending: Statement[] = [];
  function parseStatements(inGroup: boolean): Statement[] {
    const statements: Statement[] = [];
    while (pos < toks.length || pending.length) {
      if (pending.length) { statements.push(pending.shift()!); continue; }
      const t = peek()!;
      if (t.kind === "}") {
        if (inGroup) return statements;
        fail('Unexpected "}": it closes nothing.', t);
        pos++;
        continue;
      }
      if (t.kind === ";" || t.kind === ",") {
        pos++;
        continue;
      }
      const s = parseStatement();
      if (s) statements.push(s);
    }
    return statements;
  }

  const ast: DagittyAst = { statements: [] };
  const head = peek();
  const named = head?.kind === "id" && (peek(1)?.kind === "id" || peek(1)?.kind === "string") && peek(2)?.kind === "{" && GRAPH_TYPES.includes(head.value.toLowerCase());
  if (head?.kind === "id" && (peek(1)?.kind === "{" || named) && GRAPH_TYPES.includes(head.value.toLowerCase())) {
    ast.type = head.value.toLowerCase();
    if (named) ast.name = toks[++pos].value;
    ast.open = toks[pos + 1].start;
    pos += 2;
    ast.statements = parseStatements(true);
    const close = peek();
    if (close?.kind === "}") {
      ast.close = close.start;
      pos++;
    } else fail(`Missing } to close "${head.value} {".`, head);
    if (pos < toks.length) fail(`Unexpected ${describe(peek())} after the closing }.`, peek());
  } else {
    ast.statements = parseStatements(false);
  }
  return { ast, diagnostics };
}
