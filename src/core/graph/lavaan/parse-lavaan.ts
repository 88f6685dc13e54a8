/**
 * The structural part of a lavaan model (the R package's model syntax, as its tutorial and
 * `?model.syntax` document it) as a graph: `y ~ x1 + x2` regressions are arrows into y,
 * `L =~ a + b` measurement is a latent L with arrows to its indicators, `a ~~ b` a residual
 * covariance (a hidden common cause, <->). Written from lavaan's documentation.
 *
 * Read but not drawn: variances (`x ~~ x`), intercepts (`y ~ 1`), thresholds (`|`), defined
 * parameters (`:=`), constraints (`==`, `<`, `>`), formative indicators (`<~`, reported). Term
 * modifiers (`a*x`, `0.5*x`, `NA*x`, `start(1)*x`, `c(a, b)*x`, `label("b1")*x`) are dropped and the
 * variable kept. Comments start with `#` or `!`; `;` separates formulas on one line; a formula whose
 * line ends in `+` or an operator goes on to the next. Never throws: problems are diagnostics.
 */
import { type Diagnostic, error, rangeFromOffsets, type SourceRange } from "../../errors/diagnostic";
import type { GraphData, GraphEdge, GraphNode } from "../types";

export interface LavaanParse {
  graph: GraphData;
  diagnostics: Diagnostic[];
}

/** Longest first, so `=~` is not read as `~`. */
const OPERATORS = ["=~", "~~", "<~", ":=", "==", "~", "<", ">", "|"] as const;
const NAME = /^[A-Za-z.][A-Za-z0-9._]*$/;

interface Formula { text: string; start: number }

export function parseLavaan(text: string, file?: string): LavaanParse {
  const diagnostics: Diagnostic[] = [];
  const nodes = new Map<string, GraphNode>();
  const edges: GraphEdge[] = [];
  const seen = new Set<string>();
  const range = (start: number, end: number): SourceRange => rangeFromOffsets(text, start, end, file);
  const node = (id: string, start: number): GraphNode => {
    let n = nodes.get(id);
    if (!n) nodes.set(id, (n = { id, range: range(start, start + id.length), declarationRange: range(start, start + id.length) }));
    return n;
  };
  const edge = (from: string, to: string, kind: GraphEdge["kind"], at: SourceRange) => {
    const key = kind === "bidirected" ? [from, to].sort().join("\u0000") + "\u0000<>" : `${from}\u0000${to}`;
    if (seen.has(key)) return;
    seen.add(key);
    edges.push({ from, to, kind, range: at });
  };

  for (const f of formulas(text)) {
    const op = findOperator(f.text);
    if (!op) {
      diagnostics.push(error("parse-error", `"${f.text.trim().slice(0, 60)}" is not a lavaan formula: expected one of ~ (regression), =~ (measurement), ~~ (covariance)`, range(f.start, f.start + f.text.length)));
      continue;
    }
    if (op.op !== "~" && op.op !== "=~" && op.op !== "~~") {
      if (op.op === "<~") diagnostics.push({ ...error("parse-error", "a formative indicator (<~) is not drawn: the graph has no composite variables", range(f.start, f.start + f.text.length)), severity: "warning" });
      continue;
    }
    const lhs = names(f.text.slice(0, op.at), f.start, diagnostics, range);
    const rhs = names(f.text.slice(op.at + op.op.length), f.start + op.at + op.op.length, diagnostics, range);
    if (!lhs || !rhs) continue;
    if (lhs.length !== 1 && op.op !== "~") {
      diagnostics.push(error("parse-error", `the left side of ${op.op} must be one variable`, range(f.start, f.start + op.at)));
      continue;
    }
    const at = range(f.start, f.start + f.text.length);
    for (const l of lhs) {
      const left = node(l.name, l.start);
      if (op.op === "=~") left.latent = true;
      for (const r of rhs) {
        if (r.name === "1") continue; // intercept
        node(r.name, r.start);
        if (op.op === "~") edge(r.name, l.name, "directed", at);
        else if (op.op === "=~") edge(l.name, r.name, "directed", at);
        else if (r.name !== l.name) edge(l.name, r.name, "bidirected", at);
      }
    }
  }
  // A latent's name may appear first on a right-hand side: the mark holds wherever it came from.
  for (const n of nodes.values()) if (n.latent) n.roles = ["latent"];
  for (const e of edges) {
    if (e.kind === "directed" && e.from === e.to) diagnostics.push(error("cycle", `"${e.from}" is regressed on itself`, e.range));
  }
  return { graph: { nodes: [...nodes.values()], edges: edges.filter((e) => e.from !== e.to) }, diagnostics };
}

/** The formulas of a model: comments cut, `;` and newlines split, a trailing operator or `+` joins the next line. */
function formulas(text: string): Formula[] {
  const out: Formula[] = [];
  let current: Formula | undefined;
  let offset = 0;
  for (const rawLine of text.split("\n")) {
    const lineStart = offset;
    offset += rawLine.length + 1;
    const cut = commentStart(rawLine);
    let pos = 0;
    for (const piece of rawLine.slice(0, cut).split(";")) {
      const start = lineStart + pos;
      pos += piece.length + 1;
      if (current) {
        current.text += " ".repeat(start - (current.start + current.text.length)) + piece;
      } else if (piece.trim()) {
        current = { text: piece, start };
      } else continue;
      if (!/(\+|~|=~|~~|\*|,|\()\s*$/.test(current.text)) {
        out.push(current);
        current = undefined;
      }
    }
  }
  if (current) out.push(current);
  return out;
}

/** Where a comment starts (# or !) outside a quoted label, else the line's length. */
function commentStart(line: string): number {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) { if (c === quote) quote = undefined; continue; }
    if (c === '"' || c === "'") quote = c;
    else if (c === "#" || c === "!") return i;
  }
  return line.length;
}

function findOperator(f: string): { op: (typeof OPERATORS)[number]; at: number } | undefined {
  let depth = 0;
  for (let i = 0; i < f.length; i++) {
    if (f[i] === "(") depth++;
    else if (f[i] === ")") depth--;
    if (depth) continue;
    for (const op of OPERATORS) if (f.startsWith(op, i)) return { op, at: i };
  }
  return undefined;
}

/** The variables of `a + b*c + 0.5*d`: modifiers before `*` dropped; undefined (with an error) if a term is not a name. */
function names(side: string, base: number, diagnostics: Diagnostic[], range: (s: number, e: number) => SourceRange): { name: string; start: number }[] | undefined {
  const out: { name: string; start: number }[] = [];
  let pos = 0;
  for (const term of splitTop(side, "+")) {
    const start = base + pos;
    pos += term.length + 1;
    const star = lastTop(term, "*");
    const body = star < 0 ? term : term.slice(star + 1);
    const name = body.trim();
    const at = start + (star < 0 ? 0 : star + 1) + body.indexOf(name);
    if (name === "1") { out.push({ name, start: at }); continue; }
    if (!NAME.test(name)) {
      diagnostics.push(error("parse-error", name ? `"${name.slice(0, 40)}" is not a variable name (lavaan names start with a letter or "." and hold letters, digits, "." and "_")` : "a term is missing (two + in a row, or nothing beside the operator)", range(at, at + Math.max(1, name.length))));
      return undefined;
    }
    out.push({ name, start: at });
  }
  return out;
}

function splitTop(s: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0, last = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === "(") depth++;
    else if (s[i] === ")") depth--;
    else if (s[i] === sep && depth === 0) { out.push(s.slice(last, i)); last = i + 1; }
  }
  out.push(s.slice(last));
  return out;
}

function lastTop(s: string, c: string): number {
  let depth = 0;
  for (let i = s.length - 1; i >= 0; i--) {
    if (s[i] === ")") depth++;
    else if (s[i] === "(") depth--;
    else if (s[i] === c && depth === 0) return i;
  }
  return -1;
}
