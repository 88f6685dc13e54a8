/**
 * causal-studio-typescript-plugin: a TypeScript language-service plugin that the extension contributes
 * (package.json `contributes.typescriptServerPlugins`). VS Code's TypeScript server loads it from the
 * extension's `node_modules/causal-studio-typescript-plugin/` (index.js = this file bundled as CommonJS by
 * .ci/build.mjs, staged there by .ci/package-vsix.mjs together with the library's declaration files).
 *
 * What it does, and nothing else (two things): when `import ... from "causal-studio"` does NOT resolve the ordinary way
 * (no `npm install causal-studio`, no tsconfig `paths`), it resolves the import to the declaration files
 * shipped with the extension, so a `*.causal.ts` model is typed in the editor (mechanism parents typed,
 * reading an undeclared parent is a compile-time error) with nothing but the .vsix installed. A resolution
 * that succeeds on its own (the user's own install, a path alias) is returned untouched. And in *.causal.ts
 * files it drops TypeScript's TS2339 for a parent the model does not declare, which Causal Studio reports at
 * the same name with more to say (duplicate-parents.ts): one error per typo.
 *
 * How: it wraps the LanguageServiceHost's module resolution, `resolveModuleNameLiterals` (TypeScript 5.0+)
 * and the older `resolveModuleNames`, which tsserver's Project implements. See the TypeScript wiki,
 * "Writing a Language Service Plugin". Bundled to plain CommonJS whose module.exports is init(); it imports
 * `typescript` for types only (the server hands its own instance to init()). The logic is in patch-host.ts and
 * duplicate-parents.ts.
 */
import type * as ts from "typescript";
import { withoutDuplicateParents } from "./duplicate-parents";
import { bundledEntry, LIBRARY, patchHost } from "./patch-host";

function init(modules: { typescript: typeof ts }): ts.server.PluginModule {
  return {
    create(info) {
      const entry = bundledEntry(__dirname);
      const log = (msg: string) => info.project.projectService.logger.info(`[${LIBRARY}-typescript-plugin] ${msg}`);
      if (!entry) log(`no bundled declarations found near ${__dirname}; "${LIBRARY}" resolves only the ordinary way`);
      else {
        patchHost(info.languageServiceHost, entry);
        log(`unresolved "${LIBRARY}" imports resolve to ${entry}`);
      }
      log("in *.causal.ts, TS2339 on an undeclared parent is left to Causal Studio's own diagnostic (it names the model and suggests a declared name)");
      return withoutDuplicateParents(modules.typescript, info.languageService);
    },
  };
}

module.exports = init;
