// Module resolution fallback for the TypeScript plugin (index.ts): wraps a LanguageServiceHost's resolvers so
// that an import of "causal-studio" that does not resolve on its own lands on the bundled declarations.
import type * as ts from "typescript";
import { existsSync } from "node:fs";
import { join } from "node:path";

export const LIBRARY = "causal-studio";

/** The bundled declaration entry: beside the plugin (packaged .vsix) or one level up (dist/ in a build). */
export function bundledEntry(dir: string, exists: (p: string) => boolean = existsSync): string | undefined {
  return [join(dir, "types", "core", "index.d.ts"), join(dir, "..", "types", "core", "index.d.ts")].find(exists);
}

function fallback(entry: string): ts.ResolvedModuleFull {
  return { resolvedFileName: entry, extension: ".d.ts" as ts.Extension, isExternalLibraryImport: true, resolvedUsingTsExtension: false };
}

/** Wraps `host`'s resolvers in place so an unresolved "causal-studio" lands on `entry`. */
export function patchHost(host: ts.LanguageServiceHost, entry: string): void {
  const literals = host.resolveModuleNameLiterals?.bind(host);
  if (literals) {
    host.resolveModuleNameLiterals = (names, ...rest) => {
      const results = literals(names, ...rest);
      if (!names.some((n) => n.text === LIBRARY)) return results;
      return results.map((r, i) =>
        names[i].text === LIBRARY && !r.resolvedModule ? { ...r, resolvedModule: fallback(entry) } : r);
    };
  }
  const plain = host.resolveModuleNames?.bind(host);
  if (plain) {
    host.resolveModuleNames = (names, ...rest) => {
      const results = plain(names, ...rest);
      return results.map((r, i) => (names[i] === LIBRARY && !r ? fallback(entry) : r));
    };
  }
}
