/**
 * Which names a piece of code reads without binding them: the identifiers in expression position
 * inside `root` that no declaration inside `root` binds and no enclosing scope of `root` declares
 * (module imports, `const`s, functions, enclosing parameters). Syntax only, no type checker; it
 * errs towards reporting nothing: a name bound anywhere inside `root` is never a free read.
 */
import ts from "typescript";

/** The identifiers in `root` that read a name of `names` which nothing in scope binds. */
export function freeReads(root: ts.Node, names: ReadonlySet<string>, sf: ts.SourceFile, cache?: Map<ts.Node, Set<string>>): ts.Identifier[] {
  const bound = new Set<string>();
  const reads: ts.Identifier[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isTypeNode(n) || ts.isTypeAliasDeclaration(n) || ts.isInterfaceDeclaration(n)) return;
    collectDeclared(n, bound);
    if (ts.isIdentifier(n) && names.has(n.text) && isRead(n)) reads.push(n);
    ts.forEachChild(n, visit);
  };
  visit(root);
  const outer = enclosingDeclarations(root, sf, cache);
  return reads.filter((id) => !bound.has(id.text) && !outer.has(id.text));
}

/** An identifier in expression position (not a property name, a key, a label or a declaration name). */
function isRead(id: ts.Identifier): boolean {
  const p = id.parent;
  if (!p) return false;
  if ((ts.isPropertyAccessExpression(p) || ts.isQualifiedName(p)) && (p as ts.PropertyAccessExpression).name === id) return false;
  if (ts.isPropertyAssignment(p) && p.name === id) return false;
  if (ts.isBindingElement(p)) return p.initializer === id;
  if (ts.isLabeledStatement(p) || ts.isBreakOrContinueStatement(p)) return false;
  if ((ts.isMethodDeclaration(p) || ts.isPropertyDeclaration(p) || ts.isGetAccessor(p) || ts.isSetAccessor(p) || ts.isEnumMember(p) || ts.isPropertySignature(p)) && p.name === id) return false;
  if ((ts.isVariableDeclaration(p) || ts.isParameter(p) || ts.isFunctionDeclaration(p) || ts.isFunctionExpression(p) || ts.isClassDeclaration(p) || ts.isClassExpression(p)) && p.name === id) return false;
  if (ts.isImportSpecifier(p) || ts.isExportSpecifier(p) || ts.isImportClause(p) || ts.isNamespaceImport(p)) return false;
  return true;
}

/** Adds the names `n` itself declares (not those of its children) to `out`. */
function collectDeclared(n: ts.Node, out: Set<string>): void {
  if ((ts.isVariableDeclaration(n) || ts.isParameter(n) || ts.isBindingElement(n)) && ts.isIdentifier(n.name)) out.add(n.name.text);
  else if ((ts.isFunctionDeclaration(n) || ts.isFunctionExpression(n) || ts.isClassDeclaration(n) || ts.isClassExpression(n) || ts.isEnumDeclaration(n)) && n.name) out.add(n.name.text);
  else if (ts.isImportClause(n) && n.name) out.add(n.name.text);
  else if ((ts.isImportSpecifier(n) || ts.isNamespaceImport(n) || ts.isImportEqualsDeclaration(n)) && ts.isIdentifier(n.name)) out.add(n.name.text);
  else if (ts.isModuleDeclaration(n) && ts.isIdentifier(n.name)) out.add(n.name.text);
}

/** A node that can declare names for what it contains. */
function isScope(n: ts.Node): boolean {
  return ts.isSourceFile(n) || ts.isBlock(n) || ts.isModuleBlock(n) || ts.isCaseClause(n) || ts.isDefaultClause(n) || ts.isFunctionLike(n)
    || ts.isForStatement(n) || ts.isForOfStatement(n) || ts.isForInStatement(n) || ts.isCatchClause(n);
}

/**
 * Every name declared by the scopes around `node` (their own statements and parameters, with their
 * binding patterns). The mechanisms of one chain share their scopes: `cache` keeps them by the nearest
 * scope, so a 1,000-variable chain is not walked 1,000 times.
 */
function enclosingDeclarations(node: ts.Node, sf: ts.SourceFile, cache?: Map<ts.Node, Set<string>>): Set<string> {
  let scope = node.parent;
  while (scope && !isScope(scope)) scope = scope.parent;
  if (!scope) return new Set();
  const hit = cache?.get(scope);
  if (hit) return hit;
  const out = declaredFrom(scope, sf);
  cache?.set(scope, out);
  return out;
}

function declaredFrom(scope: ts.Node, sf: ts.SourceFile): Set<string> {
  const out = new Set<string>();
  const addPattern = (name: ts.BindingName): void => {
    if (ts.isIdentifier(name)) out.add(name.text);
    else for (const el of name.elements) if (!ts.isOmittedExpression(el)) addPattern(el.name);
  };
  const addStatement = (s: ts.Statement): void => {
    if (ts.isVariableStatement(s)) for (const d of s.declarationList.declarations) addPattern(d.name);
    else if (ts.isImportDeclaration(s)) {
      const c = s.importClause;
      if (c?.name) out.add(c.name.text);
      const b = c?.namedBindings;
      if (b && ts.isNamespaceImport(b)) out.add(b.name.text);
      else if (b) for (const e of b.elements) out.add(e.name.text);
    } else collectDeclared(s, out);
  };
  for (let p: ts.Node | undefined = scope; p; p = p.parent) {
    if (ts.isSourceFile(p) || ts.isBlock(p) || ts.isModuleBlock(p) || ts.isCaseClause(p) || ts.isDefaultClause(p)) p.statements.forEach(addStatement);
    if (ts.isFunctionLike(p)) {
      for (const param of p.parameters) addPattern(param.name);
      if ((ts.isFunctionExpression(p) || ts.isFunctionDeclaration(p)) && p.name) out.add(p.name.text);
    }
    if ((ts.isForStatement(p) || ts.isForOfStatement(p) || ts.isForInStatement(p)) && p.initializer && ts.isVariableDeclarationList(p.initializer)) {
      for (const d of p.initializer.declarations) addPattern(d.name);
    }
    if (ts.isCatchClause(p) && p.variableDeclaration) addPattern(p.variableDeclaration.name);
    if (p === sf) break;
  }
  return out;
}
