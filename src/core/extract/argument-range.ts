/**
 * Puts an "invalid-parameter" error from a run on the argument that caused it. At run time a
 * distribution knows which of its parameters is bad (`normal: parameter sigma = -1 is invalid`) but
 * not where the user wrote it, and the runtime's range is the variable's `.variable(` call (from a
 * stack trace). Read statically here: the variable's declaration in the source, the call of that
 * family inside its mechanism, and the argument at the parameter's position in the family's table.
 * When the mechanism calls the family more than once, the call whose argument is the literal bad
 * value wins, else the first whose argument is computed (a different literal cannot be the cause).
 * Anything unexpected leaves the diagnostic as it came. Runs no code.
 */
import ts from "typescript";
import { Bernoulli } from "../distributions/bernoulli";
import { Beta } from "../distributions/beta";
import { Categorical } from "../distributions/categorical";
import { Delta } from "../distributions/delta";
import type { ParamSpec } from "../distributions/distribution";
import { Gamma } from "../distributions/gamma";
import { LogNormal } from "../distributions/log-normal";
import { Normal } from "../distributions/normal";
import { Poisson } from "../distributions/poisson";
import { Uniform } from "../distributions/uniform";
import type { Diagnostic } from "../errors/diagnostic";
import { extractModels } from "./extract-models";
import { LineIndex } from "./line-index";

const TABLES: Record<string, readonly ParamSpec[]> = {
  bernoulli: Bernoulli.params, beta: Beta.params, categorical: Categorical.params, delta: Delta.params, gamma: Gamma.params,
  logNormal: LogNormal.params, normal: Normal.params, poisson: Poisson.params, uniform: Uniform.params,
};

/** `variable "Y" (when X = 1): normal: parameter sigma = -1 is invalid; ...` (distributions/distribution.ts, runtime/evaluate-mechanism.ts). */
const MESSAGE = /^variable "((?:[^"\\]|\\.)+)"[^:]*: (\w+): parameter (\w+)(?:\[\d+\])? = (\S+)(?: [-+] \S+)? is invalid/;

export function locateParameterArgument(d: Diagnostic, text: string): Diagnostic {
  if (d.code !== "invalid-parameter" || !d.range) return d;
  const m = MESSAGE.exec(d.message);
  if (!m) return d;
  const [, variable, family, param, shown] = m;
  const index = TABLES[family]?.findIndex((p) => p.name === param) ?? -1;
  if (index < 0) return d;
  const declared = extractModels(text, d.range.file).models.flatMap((model) => model.variables).filter((v) => v.name === variable);
  const decl = declared.find((v) => v.declarationRange.start.line === d.range!.start.line) ?? (declared.length === 1 ? declared[0] : undefined);
  if (!decl) return d;
  const sf = ts.createSourceFile(d.range.file ?? "model.ts", text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const args: ts.Expression[] = [];
  const visit = (node: ts.Node): void => {
    if (node.end < decl.declarationRange.start.offset || node.getStart(sf) > decl.declarationRange.end.offset) return;
    if (ts.isCallExpression(node) && calleeName(node.expression) === family && node.arguments[index]) args.push(node.arguments[index]);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  const bad = Number(shown);
  // A literal other than the bad value cannot be the cause: the literal bad value, else the first computed argument.
  const arg = args.find((a) => literalValue(a) === bad) ?? args.find((a) => literalValue(a) === undefined);
  if (!arg) return d;
  const range = new LineIndex(text, d.range.file).range(arg.getStart(sf), arg.end);
  return { ...d, range };
}

function calleeName(e: ts.Expression): string | undefined {
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e)) return e.name.text;
  return undefined;
}

/** The value of a numeric literal, possibly negated (`-1`, `0.5`), else undefined. */
function literalValue(e: ts.Expression): number | undefined {
  if (ts.isNumericLiteral(e)) return Number(e.text);
  if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(e.operand)) return -Number(e.operand.text);
  if (ts.isParenthesizedExpression(e)) return literalValue(e.expression);
  return undefined;
}
