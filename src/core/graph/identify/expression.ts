/**
 * Identified formulas as small expression trees over the observational distribution P of the
 * observed variables. A name in an expression is a graph variable, or a bound copy of one
 * (`x'`) introduced by a sum; `Sum.over` says which variable each bound name ranges over.
 */
export type Expr =
  | { kind: "prob"; vars: string[]; given: string[] }
  | { kind: "sum"; over: { name: string; variable: string }[]; body: Expr }
  | { kind: "product"; factors: Expr[] }
  | { kind: "fraction"; num: Expr; den: Expr }
  | { kind: "one" };

export const ONE: Expr = { kind: "one" };

export function prob(vars: string[], given: string[] = []): Expr {
  return { kind: "prob", vars, given };
}

export function sum(over: string[], body: Expr): Expr {
  return over.length === 0 ? body : { kind: "sum", over: over.map((v) => ({ name: v, variable: v })), body };
}

export function product(factors: Expr[]): Expr {
  const flat = factors.flatMap((f) => (f.kind === "product" ? f.factors : f.kind === "one" ? [] : [f]));
  return flat.length === 0 ? ONE : flat.length === 1 ? flat[0] : { kind: "product", factors: flat };
}

export function freeNames(e: Expr, out = new Set<string>()): Set<string> {
  switch (e.kind) {
    case "prob":
      for (const v of [...e.vars, ...e.given]) out.add(v);
      break;
    case "sum": {
      const inner = freeNames(e.body);
      for (const o of e.over) inner.delete(o.name);
      for (const v of inner) out.add(v);
      break;
    }
    case "product":
      for (const f of e.factors) freeNames(f, out);
      break;
    case "fraction":
      freeNames(e.num, out);
      freeNames(e.den, out);
      break;
  }
  return out;
}

const byOrder = (rank: (v: string) => number) => (a: string, b: string) => rank(a) - rank(b);

export function toText(e: Expr, rank: (v: string) => number = () => 0): string {
  const sorted = (vs: string[]) => [...vs].sort(byOrder(rank));
  switch (e.kind) {
    case "one":
      return "1";
    case "prob":
      return `P(${sorted(e.vars).join(", ")}${e.given.length ? ` | ${sorted(e.given).join(", ")}` : ""})`;
    case "sum":
      return `sum_{${e.over.map((o) => o.name).join(", ")}} ${toText(e.body, rank)}`;
    case "product":
      return productParts(e.factors).map(([f, wrap]) => (wrap ? `[${toText(f, rank)}]` : toText(f, rank))).join(" ");
    case "fraction":
      return `(${toText(e.num, rank)}) / (${toText(e.den, rank)})`;
  }
}

function latexName(v: string): string {
  const m = /^(.*?)('*)$/.exec(v)!;
  const base = m[1].replace(/([\\{}_^#$%&~])/g, "\\$1");
  return `${base.length > 1 ? `\\mathit{${base}}` : base}${m[2]}`;
}

export function toLatex(e: Expr, rank: (v: string) => number = () => 0): string {
  const list = (vs: string[]) => [...vs].sort(byOrder(rank)).map(latexName).join(", ");
  switch (e.kind) {
    case "one":
      return "1";
    case "prob":
      return `P(${list(e.vars)}${e.given.length ? ` \\mid ${list(e.given)}` : ""})`;
    case "sum":
      return `\\sum_{${e.over.map((o) => latexName(o.name)).join(", ")}} ${toLatex(e.body, rank)}`;
    case "product":
      return productParts(e.factors).map(([f, wrap]) => (wrap ? `\\left[${toLatex(f, rank)}\\right]` : toLatex(f, rank))).join(" ");
    case "fraction":
      return `\\frac{${toLatex(e.num, rank)}}{${toLatex(e.den, rank)}}`;
  }
}

/** Sums extend to the end of a product, so they go last and all but the last are bracketed. */
function productParts(factors: Expr[]): [Expr, boolean][] {
  const plain = factors.filter((f) => f.kind !== "sum");
  const sums = factors.filter((f) => f.kind === "sum");
  return [...plain.map((f): [Expr, boolean] => [f, false]), ...sums.map((f, i): [Expr, boolean] => [f, i < sums.length - 1])];
}
