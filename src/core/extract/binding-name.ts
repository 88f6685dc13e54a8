/**
 * How a parent is written into a mechanism's destructuring pattern by a graph edit (issue 13, item 11).
 * A name that is a plain identifier is written as itself (`{ a }`); any other name (`a b`, `x = alert(1)`,
 * `class`, a newline) as a quoted key bound to a fresh local identifier (`{ "a b": a_b }`). Quoting, rather
 * than refusing, keeps every name `.variable("…")` accepts connectable from the DAG panel; the key is a
 * JSON string literal, so nothing of the name is ever code.
 */
import ts from "typescript";

/** Words that cannot be a binding name in a module (strict mode). */
const STRICT = new Set(["implements", "interface", "let", "package", "private", "protected", "public", "static", "yield", "await", "eval", "arguments"]);

/** One identifier token spanning all of `name` (keywords scan as their own kinds). */
function scanKind(name: string): ts.SyntaxKind | undefined {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.Standard, name);
  const kind = scanner.scan();
  return scanner.getTokenEnd() === name.length && name.length > 0 ? kind : undefined;
}

function isIdentifierText(name: string): boolean {
  const kind = scanKind(name);
  return kind !== undefined && (kind === ts.SyntaxKind.Identifier || (kind >= ts.SyntaxKind.FirstKeyword && kind <= ts.SyntaxKind.LastKeyword));
}

export function isBindableIdentifier(name: string): boolean {
  if (name.includes("\\") || !isIdentifierText(name) || STRICT.has(name)) return false; // `\u0061` scans as `a`
  const kind = scanKind(name)!;
  return kind > ts.SyntaxKind.LastReservedWord || kind < ts.SyntaxKind.FirstReservedWord;
}

/** The pattern element for `name`; `taken` holds the identifiers the mechanism already uses (the local must not shadow them). */
export function bindingText(name: string, taken: ReadonlySet<string>): string {
  if (isBindableIdentifier(name)) return name;
  let base = [...name].map((c) => (isIdentifierText(`a${c}`) ? c : "_")).join("").replace(/_+/g, "_");
  if (!isIdentifierText(base)) base = `_${base}`;
  if (!isBindableIdentifier(base)) base = `${base}_`;
  let local = base;
  for (let k = 2; taken.has(local); k++) local = `${base}${k}`;
  return `${JSON.stringify(name)}: ${local}`;
}

/** Every identifier written in `node` (to keep a new local from shadowing or clashing with one). */
export function identifiersIn(node: ts.Node): Set<string> {
  const out = new Set<string>();
  const stack: ts.Node[] = [node];
  while (stack.length) {
    const n = stack.pop()!;
    if (ts.isIdentifier(n)) out.add(n.text);
    ts.forEachChild(n, (c) => void stack.push(c));
  }
  return out;
}
