/**
 * Reads a mechanism's declared parents from its source text (fn.toString()): the names its
 * first parameter destructures, `({ a, b: renamed, c = 1, ...rest }) => ...`. A small tokenizer
 * skips comments, strings and default expressions. For an identifier parameter (`(v) => v.a`, and
 * the `function (_a) { var a = _a.a; }` that down-level transpilers emit) the parents are the
 * properties read from it as `v.name` or `v["name"]`.
 */

type Token = { kind: "id" | "punct" | "string" | "number" | "other"; text: string };

export function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) { i++; continue; }
    if (c === "/" && src[i + 1] === "/") { while (i < src.length && src[i] !== "\n") i++; continue; }
    if (c === "/" && src[i + 1] === "*") { const e = src.indexOf("*/", i + 2); i = e < 0 ? src.length : e + 2; continue; }
    if (c === '"' || c === "'" || c === "`") {
      let j = i + 1, text = "";
      while (j < src.length && src[j] !== c) { if (src[j] === "\\") { text += src[j + 1] ?? ""; j += 2; } else text += src[j++]; }
      out.push({ kind: "string", text });
      i = j + 1;
      continue;
    }
    const id = /^[A-Za-z_$\u00a0-\uffff][\w$\u00a0-\uffff]*/.exec(src.slice(i, i + 256));
    if (id) { out.push({ kind: "id", text: id[0] }); i += id[0].length; continue; }
    const num = /^\d[\d._a-zA-Z]*/.exec(src.slice(i, i + 64));
    if (num) { out.push({ kind: "number", text: num[0] }); i += num[0].length; continue; }
    if (src.startsWith("=>", i) || src.startsWith("...", i)) { const t = src.startsWith("=>", i) ? "=>" : "..."; out.push({ kind: "punct", text: t }); i += t.length; continue; }
    out.push({ kind: "punct", text: c });
    i++;
  }
  return out;
}

const OPEN: Record<string, string> = { "(": ")", "[": "]", "{": "}" };

/** Index just past the balanced group starting at tokens[i] (an opening bracket). */
function skipGroup(t: Token[], i: number): number {
  const stack: string[] = [];
  for (; i < t.length; i++) {
    const x = t[i].kind === "punct" ? t[i].text : "";
    if (OPEN[x]) stack.push(OPEN[x]);
    else if (x && x === stack[stack.length - 1]) { stack.pop(); if (!stack.length) return i + 1; }
  }
  return t.length;
}

/** Index of the next `,` or closing bracket at depth 0 from i. */
function skipExpression(t: Token[], i: number): number {
  while (i < t.length) {
    const x = t[i].kind === "punct" ? t[i].text : "";
    if (x === "," || x === ")" || x === "}" || x === "]") return i;
    i = OPEN[x] ? skipGroup(t, i) : i + 1;
  }
  return i;
}

export function parseParents(fn: (...args: never[]) => unknown): string[] {
  return parentsFromSource(Function.prototype.toString.call(fn));
}

export function parentsFromSource(src: string): string[] {
  const t = tokenize(src);
  let i = 0;
  if (t[i]?.text === "async" && t[i + 1] && t[i + 1].text !== "=>") i++;
  if (t[i]?.text === "function") { i++; if (t[i]?.text === "*") i++; if (t[i]?.kind === "id") i++; }
  else if (t[i]?.kind === "id" && t[i + 1]?.text === "=>") return propertyReads(t, i + 2, t[i].text);
  else if (t[i]?.kind === "id" && t[i + 1]?.text === "(") i++; // method shorthand
  if (t[i]?.text !== "(") return [];
  i++;
  const first = t[i];
  if (!first || first.text === ")") return [];
  if (first.text === "{") return objectPattern(t, i);
  if (first.kind === "id") {
    const end = skipGroup(t, i - 1);
    return propertyReads(t, end, first.text);
  }
  return [];
}

function objectPattern(t: Token[], i: number): string[] {
  const names: string[] = [];
  i++; // past "{"
  while (i < t.length && t[i].text !== "}") {
    const tok = t[i];
    if (tok.text === "...") { i = skipExpression(t, i + 1); }
    else if (tok.text === "[") { i = skipExpression(t, skipGroup(t, i)); }
    else {
      if (tok.kind === "id" || tok.kind === "string" || tok.kind === "number") names.push(tok.text);
      i = skipExpression(t, i + 1);
    }
    if (t[i]?.text === ",") i++;
  }
  return [...new Set(names)];
}

function propertyReads(t: Token[], from: number, param: string): string[] {
  const names: string[] = [];
  for (let i = from; i < t.length - 2; i++) {
    if (t[i].kind !== "id" || t[i].text !== param || t[i - 1]?.text === ".") continue;
    if (t[i + 1].text === "." && t[i + 2].kind === "id") names.push(t[i + 2].text);
    else if (t[i + 1].text === "[" && t[i + 2].kind === "string" && t[i + 3]?.text === "]") names.push(t[i + 2].text);
  }
  return [...new Set(names)];
}
