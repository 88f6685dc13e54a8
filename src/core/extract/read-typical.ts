/**
 * A typical value of a variable, read statically from its mechanism: the mean of the distribution it
 * returns, where the arguments are number literals or follow from its parents' typical values
 * (`normal(170, 10)` -> 170; `normal(coin ? 180 : 165, 8)` with coin ~ bernoulli(0.5) -> 172.5;
 * `normal(3 + 2 * educ, 1)` -> 3 + 2 E[educ]). The DAG panel's value picker starts there instead of at 0.
 * Exact for mechanisms whose mean is linear in the parents (a conditional on a 0/1 parent is weighted by
 * its probability); otherwise the mean at the parents' means, a typical value rather than E[X].
 * Reads only the syntax tree, runs no code, never throws; undefined where it cannot tell (learned
 * families, whose params come from training; array lookups; comparisons).
 */
import ts from "typescript";
import { asMechanismFunction, returnedExpression } from "./read-mechanism";

type Env = (local: string) => number | undefined;

/** `mechanism`: the second argument of `.variable(name, mechanism)`; `typicalOf`: a parent's typical value, by variable name. */
export function readTypical(mechanism: ts.Expression, typicalOf: (name: string) => number | undefined): number | undefined {
  const fn = asMechanismFunction(mechanism);
  const returned = fn && returnedExpression(fn);
  if (!fn || !returned) return undefined;
  // Local names of the destructured parents (`({ a: x })` binds x to variable a).
  const locals = new Map<string, string>();
  const param = fn.parameters[0];
  if (param && ts.isObjectBindingPattern(param.name)) {
    for (const el of param.name.elements) {
      const key = el.propertyName ?? el.name;
      if (ts.isIdentifier(el.name) && (ts.isIdentifier(key) || ts.isStringLiteral(key))) locals.set(el.name.text, key.text);
    }
  }
  const v = mean(returned, (local) => {
    const name = locals.get(local);
    return name === undefined ? undefined : typicalOf(name);
  });
  return v !== undefined && Number.isFinite(v) ? v : undefined;
}

const MATH: Record<string, (...x: number[]) => number> = {
  exp: Math.exp, log: Math.log, sqrt: Math.sqrt, abs: Math.abs, min: Math.min, max: Math.max, pow: Math.pow, tanh: Math.tanh,
};

/** The mean of a family given its arguments' values (undefined: not a family this knows). */
function familyMean(name: string, a: (i: number) => number | undefined, args: ts.NodeArray<ts.Expression>, env: Env): number | undefined {
  switch (name) {
    case "normal": case "poisson": case "bernoulli": case "delta":
      return a(0);
    case "sigmoid": {
      const x = a(0);
      return x === undefined ? undefined : 1 / (1 + Math.exp(-x));
    }
    case "logNormal": {
      const [mu, s] = [a(0), a(1)];
      return mu === undefined || s === undefined ? undefined : Math.exp(mu + (s * s) / 2);
    }
    case "uniform": {
      const [lo, hi] = [a(0), a(1)];
      return lo === undefined || hi === undefined ? undefined : (lo + hi) / 2;
    }
    case "beta": {
      const [x, y] = [a(0), a(1)];
      return x === undefined || y === undefined || x + y <= 0 ? undefined : x / (x + y);
    }
    case "gamma": {
      const [shape, rate] = [a(0), a(1)];
      return shape === undefined || rate === undefined || rate <= 0 ? undefined : shape / rate;
    }
    case "categorical": {
      // The mean level index, sum_i i p_i (probabilities normalised as the family does).
      const arr = args[0] && unwrap(args[0]);
      if (!arr || !ts.isArrayLiteralExpression(arr)) return undefined;
      const p = arr.elements.map((e) => (ts.isSpreadElement(e) || ts.isOmittedExpression(e) ? undefined : mean(e, env)));
      if (p.some((x) => x === undefined || x < 0)) return undefined;
      const total = (p as number[]).reduce((s, x) => s + x, 0);
      return total > 0 ? (p as number[]).reduce((s, x, i) => s + i * x, 0) / total : undefined;
    }
    default:
      return undefined;
  }
}

function mean(e: ts.Expression, env: Env): number | undefined {
  const n = unwrap(e);
  if (ts.isNumericLiteral(n)) return Number(n.text);
  if (ts.isIdentifier(n)) return env(n.text);
  if (ts.isPrefixUnaryExpression(n)) {
    const x = mean(n.operand, env);
    if (x === undefined) return undefined;
    if (n.operator === ts.SyntaxKind.MinusToken) return -x;
    if (n.operator === ts.SyntaxKind.PlusToken) return x;
    if (n.operator === ts.SyntaxKind.ExclamationToken && x >= 0 && x <= 1) return 1 - x;
    return undefined;
  }
  if (ts.isBinaryExpression(n)) {
    const [l, r] = [mean(n.left, env), mean(n.right, env)];
    if (l === undefined || r === undefined) return undefined;
    switch (n.operatorToken.kind) {
      case ts.SyntaxKind.PlusToken: return l + r;
      case ts.SyntaxKind.MinusToken: return l - r;
      case ts.SyntaxKind.AsteriskToken: return l * r;
      case ts.SyntaxKind.SlashToken: return r === 0 ? undefined : l / r;
      case ts.SyntaxKind.AsteriskAsteriskToken: return l ** r;
      default: return undefined;
    }
  }
  if (ts.isConditionalExpression(n)) {
    const [c, t, f] = [mean(n.condition, env), mean(n.whenTrue, env), mean(n.whenFalse, env)];
    if (c === undefined || t === undefined || f === undefined) return undefined;
    // A 0/1 condition's mean is its probability: E[c ? t : f] = P(c) t + (1 - P(c)) f.
    return c >= 0 && c <= 1 ? c * t + (1 - c) * f : c !== 0 ? t : f;
  }
  if (ts.isPropertyAccessExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === "Math") {
    return n.name.text === "PI" ? Math.PI : n.name.text === "E" ? Math.E : undefined;
  }
  if (ts.isCallExpression(n)) {
    const callee = n.expression;
    const a = (i: number) => (n.arguments[i] ? mean(n.arguments[i], env) : undefined);
    if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === "Math") {
      const f = Object.hasOwn(MATH, callee.name.text) ? MATH[callee.name.text] : undefined;
      const xs = n.arguments.map((_, i) => a(i));
      return f && xs.every((x) => x !== undefined) ? f(...(xs as number[])) : undefined;
    }
    const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
    return name === undefined ? undefined : familyMean(name, a, n.arguments, env);
  }
  return undefined;
}

function unwrap(e: ts.Expression): ts.Expression {
  let n = e;
  while (ts.isParenthesizedExpression(n) || ts.isAsExpression(n) || ts.isSatisfiesExpression(n) || ts.isNonNullExpression(n) || ts.isTypeAssertionExpression(n)) n = n.expression;
  return n;
}
