/**
 * Reads one mechanism (the second argument of `.variable(name, mech)` / `.latent(name, mech)`)
 * from the TypeScript syntax tree, without running it: the parent names destructured from its
 * first parameter, the distribution it returns (its name and support) and a short text for hovers.
 */
import ts from "typescript";
import { readSupport, type Support } from "./read-support";

export interface ParentRead {
  name: string;
  /** Offsets of the name as written in the pattern (the property name when aliased). */
  start: number;
  end: number;
}

export type MechanismRead =
  | { kind: "parents"; parents: ParentRead[]; distribution?: string; support: Support; text: string }
  /** The parents cannot be read statically; `start`/`end` locate what prevents it. */
  | { kind: "unreadable"; reason: string; start: number; end: number; parents: ParentRead[]; distribution?: string; support: Support; text: string };

export type MechanismFunction = ts.ArrowFunction | ts.FunctionExpression;

const MAX_TEXT = 80;
const UNKNOWN: Support = { kind: "unknown" };

export function asMechanismFunction(node: ts.Node | undefined): MechanismFunction | undefined {
  let n = node;
  while (n && (ts.isParenthesizedExpression(n) || ts.isAsExpression(n) || ts.isSatisfiesExpression(n))) n = n.expression;
  return n && (ts.isArrowFunction(n) || ts.isFunctionExpression(n)) ? n : undefined;
}

export function readMechanism(node: ts.Expression, sf: ts.SourceFile): MechanismRead {
  const family = learnedFamilyCall(node);
  const fn = family ? family.features : asMechanismFunction(node);
  const typing = fn ? undefined : halfTypedPattern(node, sf);
  if (typing) return { kind: "parents", parents: typing, support: UNKNOWN, text: shortText(node, sf) };
  if (!fn) {
    return { kind: "unreadable", reason: "the mechanism is not an inline function", start: node.getStart(sf), end: node.end, parents: [], support: UNKNOWN, text: shortText(node, sf) };
  }
  const returned = family ? undefined : returnedExpression(fn);
  const distribution = family ? family.name : returned ? distributionName(returned) : undefined;
  const support = family ? family.support : readSupport(returned);
  const text = shortText(family ? node : returned ?? fn, sf);
  const param = fn.parameters[0];
  if (!param) return { kind: "parents", parents: [], distribution, support, text };
  if (!ts.isObjectBindingPattern(param.name)) {
    return { kind: "unreadable", reason: "its parameter is not destructured", start: param.getStart(sf), end: param.end, parents: [], distribution, support, text };
  }
  const parents: ParentRead[] = [];
  for (const el of param.name.elements) {
    if (el.dotDotDotToken) {
      return { kind: "unreadable", reason: "a rest element (...) reads any variable", start: el.getStart(sf), end: el.end, parents, distribution, support, text };
    }
    const key = el.propertyName ?? el.name;
    const name = staticKey(key);
    if (name === undefined) {
      return { kind: "unreadable", reason: "a computed property name is not static", start: key.getStart(sf), end: key.end, parents, distribution, support, text };
    }
    parents.push({ name, start: key.getStart(sf), end: key.end });
  }
  return { kind: "parents", parents, distribution, support, text };
}

/**
 * While a pattern is being typed (`({ a, b` with no `=>` yet) the parser sees a parenthesized
 * object literal; read its shorthand names so the graph does not flicker on every keystroke.
 * (A complete `({ a })` is no function either, so TypeScript reports it; no warning needed here.)
 */
function halfTypedPattern(node: ts.Expression, sf: ts.SourceFile): ParentRead[] | undefined {
  if (!ts.isParenthesizedExpression(node) || !ts.isObjectLiteralExpression(node.expression)) return undefined;
  const out: ParentRead[] = [];
  for (const p of node.expression.properties) {
    if (!ts.isShorthandPropertyAssignment(p) || p.name.text === "") return undefined;
    out.push({ name: p.name.text, start: p.name.getStart(sf), end: p.name.end });
  }
  return out;
}

function staticKey(key: ts.PropertyName | ts.BindingName): string | undefined {
  if (ts.isIdentifier(key) || ts.isStringLiteral(key) || ts.isNoSubstitutionTemplateLiteral(key) || ts.isNumericLiteral(key)) return key.text;
  if (ts.isComputedPropertyName(key) && (ts.isStringLiteral(key.expression) || ts.isNoSubstitutionTemplateLiteral(key.expression))) return key.expression.text;
  return undefined;
}

/**
 * The learnable families (core/learned): `linearGaussian(({ x }) => ({ x }))` and the like. Their
 * parents are what the features function destructures; the child's values follow from the
 * family and its literal options ({ levels: k }, { likelihood: "bernoulli" }).
 */
const LEARNED_FAMILIES: Record<string, (options: ts.ObjectLiteralExpression | undefined) => Support> = {
  linearGaussian: () => ({ kind: "real" }),
  logistic: () => ({ kind: "binary" }),
  poissonLogLinear: () => ({ kind: "integer", min: 0 }),
  softmax: (o) => levelsSupport(o),
  tabular: (o) => levelsSupport(o),
  mlp: (o) => {
    const l = option(o, "likelihood");
    const like = l && (ts.isStringLiteral(l) || ts.isNoSubstitutionTemplateLiteral(l)) ? l.text : "normal";
    return like === "bernoulli" ? { kind: "binary" } : like === "categorical" ? levelsSupport(o) : { kind: "real" };
  },
  // an image's pixels are no single value's support
  imageDecoder: () => ({ kind: "unknown" }),
};

function option(o: ts.ObjectLiteralExpression | undefined, name: string): ts.Expression | undefined {
  const p = o?.properties.find((q) => ts.isPropertyAssignment(q) && staticKey(q.name) === name);
  return p && ts.isPropertyAssignment(p) ? p.initializer : undefined;
}

function levelsSupport(o: ts.ObjectLiteralExpression | undefined): Support {
  const k = option(o, "levels");
  const n = k && ts.isNumericLiteral(k) ? Number(k.text) : undefined;
  return n !== undefined && Number.isInteger(n) && n > 0 && n <= 10_000 ? { kind: "finite", values: Array.from({ length: n }, (_, i) => i) } : { kind: "integer", min: 0 };
}

function learnedFamilyCall(node: ts.Expression): { name: string; features: MechanismFunction; support: Support } | undefined {
  let n: ts.Expression = node;
  while (ts.isParenthesizedExpression(n) || ts.isAsExpression(n) || ts.isSatisfiesExpression(n)) n = n.expression;
  if (!ts.isCallExpression(n)) return undefined;
  const name = ts.isIdentifier(n.expression) ? n.expression.text : ts.isPropertyAccessExpression(n.expression) ? n.expression.name.text : undefined;
  const support = name !== undefined && Object.hasOwn(LEARNED_FAMILIES, name) ? LEARNED_FAMILIES[name] : undefined;
  const features = asMechanismFunction(n.arguments[0]);
  if (!support || !features) return undefined;
  const o = n.arguments[1];
  return { name: name!, features, support: support(o && ts.isObjectLiteralExpression(o) ? o : undefined) };
}

/** The expression an arrow returns, or the first `return` of a function body (not nested functions). */
export function returnedExpression(fn: MechanismFunction): ts.Expression | undefined {
  if (fn.body && !ts.isBlock(fn.body)) return fn.body;
  let found: ts.Expression | undefined;
  const visit = (n: ts.Node): void => {
    if (found || ts.isFunctionLike(n) || ts.isClassLike(n)) return;
    if (ts.isReturnStatement(n) && n.expression) {
      found = n.expression;
      return;
    }
    ts.forEachChild(n, visit);
  };
  if (fn.body) ts.forEachChild(fn.body, visit);
  return found;
}

/** `bernoulli(...)` -> "bernoulli"; `dist.normal(...)` -> "normal"; anything else -> undefined. */
function distributionName(e: ts.Expression): string | undefined {
  let n: ts.Expression = e;
  while (ts.isParenthesizedExpression(n) || ts.isAsExpression(n)) n = n.expression;
  if (!ts.isCallExpression(n)) return undefined;
  if (ts.isIdentifier(n.expression)) return n.expression.text;
  if (ts.isPropertyAccessExpression(n.expression)) return n.expression.name.text;
  return undefined;
}

function shortText(node: ts.Node, sf: ts.SourceFile): string {
  const t = sf.text.slice(node.getStart(sf), node.end).replace(/\s+/g, " ").trim();
  return t.length > MAX_TEXT ? `${t.slice(0, MAX_TEXT - 1)}…` : t;
}
