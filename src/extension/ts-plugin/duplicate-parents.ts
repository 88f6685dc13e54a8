// One error per typo: hides TypeScript's TS2339 ("Property 'nope' does not exist on type '{ X: 0 | 1 }'") where
// Causal Studio reports the same mistake itself, in *.causal.ts files only: a name destructured from a
// mechanism's parents, `.variable("Y", ({ X, nope }) => ...)` / `.latent(...)`. Causal Studio's diagnostic
// (src/core/extract/extract-models.ts, in the Problems panel as "Causal Studio") sits on the same name and says
// more: which variable reads it, that the model does not declare it (or declares it later), and the declared
// name it probably means ("did you mean 'noise'?"). Every other TypeScript diagnostic is left as it is.
// Takes the server's own `typescript` (init's modules.typescript): the bundle never requires it.
import type * as ts from "typescript";

const DECLARATIONS = new Set(["variable", "latent"]);
const PROPERTY_DOES_NOT_EXIST = 2339;

/** Whether `d` is TypeScript's report of an undeclared parent that Causal Studio reports too. */
export function isDuplicateParentError(tsm: typeof ts, d: ts.Diagnostic): boolean {
  if (d.code !== PROPERTY_DOES_NOT_EXIST || !d.file || d.start === undefined || !/\.causal\.ts$/i.test(d.file.fileName)) return false;
  const name = tokenAt(tsm, d.file, d.start);
  if (!name || !(tsm.isIdentifier(name) || tsm.isStringLiteral(name))) return false;
  const element = name.parent;
  if (!element || !tsm.isBindingElement(element) || (element.propertyName ?? element.name) !== name) return false;
  const pattern = element.parent;
  const param = pattern?.parent;
  if (!tsm.isObjectBindingPattern(pattern) || !param || !tsm.isParameter(param) || param.name !== pattern) return false;
  const fn = param.parent;
  if (!(tsm.isArrowFunction(fn) || tsm.isFunctionExpression(fn)) || fn.parameters[0] !== param) return false;
  const call = fn.parent;
  if (!call || !tsm.isCallExpression(call) || call.arguments[1] !== fn) return false;
  return tsm.isPropertyAccessExpression(call.expression) && DECLARATIONS.has(call.expression.name.text);
}

/** The innermost node whose own text starts at `pos`. */
function tokenAt(tsm: typeof ts, sf: ts.SourceFile, pos: number): ts.Node | undefined {
  let found: ts.Node | undefined;
  const visit = (node: ts.Node): void => {
    if (pos < node.pos || pos >= node.end) return;
    if (node.getStart(sf) === pos) found = node;
    tsm.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

/** The language service with those duplicates left out of its semantic diagnostics. */
export function withoutDuplicateParents(tsm: typeof ts, service: ts.LanguageService): ts.LanguageService {
  const proxy = Object.create(null) as ts.LanguageService;
  for (const key of Object.keys(service) as (keyof ts.LanguageService)[]) {
    const member = service[key];
    (proxy as unknown as Record<string, unknown>)[key] = typeof member === "function" ? (member as (...a: unknown[]) => unknown).bind(service) : member;
  }
  proxy.getSemanticDiagnostics = (fileName) => service.getSemanticDiagnostics(fileName).filter((d) => !isDuplicateParentError(tsm, d));
  return proxy;
}
