/** A distribution inside the ID recursion: an expression and the variables it is a distribution over. */
import type { Expr } from "./expression";

export interface Dist {
  expr: Expr;
  domain: Set<string>;
  /** True when expr is a single P(domain | given) of the observational distribution. */
  atomic: boolean;
}

export function fraction(num: Expr, den: Expr): Expr {
  return den.kind === "one" ? num : { kind: "fraction", num, den };
}
