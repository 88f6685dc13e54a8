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
  const fn = asMechanismFunction(node);
  const typing = fn ? undefined : halfTypedPattern(node, sf);
  if (typing) return { kind: "parents", parents: typing, support: UNKNOWN, text: shortText(node, sf) };
  if (!fn) {
    return { kind: "unreadable", reason: "the mechanism is not an inline function", start: node.getStart(sf), end: node.end, parents: [], support: UNKNOWN, text: shortText(node, sf) };
  }
  const returned = returnedExpression(fn);
  const distribution = returned ? distributionName(returned) : undefined;
  const support = readSupport(returned);
  const text = shortText(returned ?? fn, sf);
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

/** The expression an arrow returns, or the first `return` of a function body (not nested functions). */
function returnedExpression(fn: MechanismFunction): ts.Expression | undefined {
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
