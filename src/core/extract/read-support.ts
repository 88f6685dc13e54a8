/**
 * The support of a variable (the values it can take), read statically from the distribution call its
 * mechanism returns, as plain data: the value picker of the DAG panel is chosen from it, so the webview
 * never guesses from mechanism text. Reads only the syntax tree (no type checker, runs no code) and
 * never throws; what it cannot read is `unknown`, or the family's support without the bounds it could
 * not read (wider, never narrower).
 *
 * Agrees with the families' own `inSupport` (src/core/distributions/): bernoulli {0, 1}; categorical
 * {0..k-1} for a literal array of k probabilities, else the integers from 0; poisson the integers from
 * 0; beta (0, 1) (an endpoint where the density is finite, a or b <= 1, is left out); gamma and
 * logNormal (0, inf); uniform(a, b) [a, b] for literal bounds; normal any finite number; delta(v)
 * deterministic, which an intervention may set to any finite number.
 */
import ts from "typescript";

export type Support =
  /** bernoulli: 0 or 1. */
  | { kind: "binary" }
  /** Finitely many values, e.g. categorical([0.2, 0.3, 0.5]) -> [0, 1, 2]. */
  | { kind: "finite"; values: number[] }
  /** Whole numbers, from `min` when given (poisson; categorical whose length is not literal). */
  | { kind: "integer"; min?: number }
  /** Real numbers, bounded where the family (or literal arguments) says so. */
  | { kind: "real"; min?: number; max?: number; exclusiveMin?: boolean; exclusiveMax?: boolean }
  /** delta(v): deterministic; `value` when v is a number literal. */
  | { kind: "constant"; value?: number }
  | { kind: "unknown" };

const UNKNOWN: Support = { kind: "unknown" };
const POSITIVE: Support = { kind: "real", min: 0, exclusiveMin: true };

/** The support of the distribution `e` (the expression a mechanism returns) evaluates to. */
export function readSupport(e: ts.Expression | undefined): Support {
  const n = e && unwrap(e);
  if (!n) return UNKNOWN;
  if (ts.isConditionalExpression(n)) {
    // `a ? normal(0, 1) : normal(1, 1)`: one support when both branches agree.
    const [t, f] = [readSupport(n.whenTrue), readSupport(n.whenFalse)];
    return sameSupport(t, f) ? t : UNKNOWN;
  }
  if (!ts.isCallExpression(n)) return UNKNOWN;
  const name = ts.isIdentifier(n.expression) ? n.expression.text : ts.isPropertyAccessExpression(n.expression) ? n.expression.name.text : undefined;
  const args = n.arguments;
  // A vectorized mechanism's `<family>Columns(...)` has the family's support; categoricalColumns(probs, k) has k categories.
  if (name === "categoricalColumns") {
    const k = literalNumber(args[1]);
    return k !== undefined && Number.isInteger(k) && k > 0 ? { kind: "finite", values: Array.from({ length: k }, (_, i) => i) } : { kind: "integer", min: 0 };
  }
  if (name?.endsWith("Columns") && name !== "Columns") {
    const family = name.slice(0, -"Columns".length);
    if (family === "uniform" || family === "delta") return readSupport(ts.factory.createCallExpression(ts.factory.createIdentifier(family), undefined, []));
    return family === "categorical" ? UNKNOWN : readSupport(ts.factory.createCallExpression(ts.factory.createIdentifier(family), undefined, [...args]));
  }
  switch (name) {
    case "bernoulli":
      return { kind: "binary" };
    case "categorical": {
      const k = literalLength(args[0]);
      return k ? { kind: "finite", values: Array.from({ length: k }, (_, i) => i) } : { kind: "integer", min: 0 };
    }
    case "poisson":
      return { kind: "integer", min: 0 };
    case "beta":
      return { kind: "real", min: 0, max: 1, exclusiveMin: true, exclusiveMax: true };
    case "gamma":
    case "logNormal":
      return POSITIVE;
    case "uniform": {
      const [a, b] = [literalNumber(args[0]), literalNumber(args[1])];
      if (a !== undefined && b !== undefined && !(a < b)) return { kind: "real" }; // invalid bounds: the family reports them
      return { kind: "real", ...(a !== undefined ? { min: a } : {}), ...(b !== undefined ? { max: b } : {}) };
    }
    case "normal":
      return { kind: "real" };
    case "delta": {
      const v = literalNumber(args[0]);
      return v === undefined ? { kind: "constant" } : { kind: "constant", value: v };
    }
    default:
      return UNKNOWN;
  }
}

function unwrap(e: ts.Expression): ts.Expression {
  let n = e;
  while (ts.isParenthesizedExpression(n) || ts.isAsExpression(n) || ts.isSatisfiesExpression(n) || ts.isNonNullExpression(n) || ts.isTypeAssertionExpression(n)) n = n.expression;
  return n;
}

/**
 * `[0.2, p, 1 - p]` -> 3, and `c ? [a, b] : [b, a]` -> 2; undefined for anything but array literals
 * without spreads or holes.
 */
function literalLength(e: ts.Expression | undefined): number | undefined {
  const n = e && unwrap(e);
  if (n && ts.isConditionalExpression(n)) {
    const k = literalLength(n.whenTrue);
    return k !== undefined && k === literalLength(n.whenFalse) ? k : undefined;
  }
  if (!n || !ts.isArrayLiteralExpression(n)) return undefined;
  if (n.elements.some((x) => ts.isSpreadElement(x) || ts.isOmittedExpression(x))) return undefined;
  return n.elements.length > 0 ? n.elements.length : undefined;
}

/** `3`, `-0.5`, `+1e3` -> the number; undefined for anything else. */
function literalNumber(e: ts.Expression | undefined): number | undefined {
  const n = e && unwrap(e);
  if (!n) return undefined;
  if (ts.isNumericLiteral(n)) return finite(Number(n.text));
  if (ts.isPrefixUnaryExpression(n) && (n.operator === ts.SyntaxKind.MinusToken || n.operator === ts.SyntaxKind.PlusToken)) {
    const v = literalNumber(n.operand);
    return v === undefined ? undefined : n.operator === ts.SyntaxKind.MinusToken ? -v : v;
  }
  return undefined;
}

const finite = (x: number): number | undefined => (Number.isFinite(x) ? x : undefined);

function sameSupport(a: Support, b: Support): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
