// The TypeScript plugin against a real language service (typescript's createLanguageService) over an
// in-memory host whose resolvers behave like tsserver's: "causal-studio" resolves to the library's real
// declaration files (built by `node .ci/build.mjs` into dist/types) only when nothing else resolves it.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { isDuplicateParentError, withoutDuplicateParents } from "./duplicate-parents";
import { bundledEntry, patchHost } from "./patch-host";

const root = join(__dirname, "..", "..", "..");
const types = join(root, "dist", "types");
const entry = join(types, "core", "index.d.ts");
const built = existsSync(entry);
// Never skipped: without the built declarations this test fails and says how to make them.
if (!built) throw new Error("dist/types is missing: run `npm run build` (npm test builds first)");

const GOOD = `import { scm, bernoulli, normal } from "causal-studio";
export default scm("m")
  .variable("X", () => bernoulli(0.5))
  .variable("Y", ({ X }) => normal(X ? 1 : 0, 1));
`;
const BAD = GOOD.replace("({ X }) => normal(X ? 1 : 0, 1)", "({ X, nope }) => normal(X ? nope : 0, 1)");

type Resolver = "literals" | "names";

/** A LanguageServiceHost over `files` (plus the real file system for lib and dist/types), resolving like tsserver. */
function service(files: Record<string, string>, resolver: Resolver, patched: boolean) {
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.Preserve, moduleResolution: ts.ModuleResolutionKind.Bundler,
    strict: true, noEmit: true, types: [], lib: ["lib.es2022.d.ts"],
  };
  const exists = (f: string) => f in files || ts.sys.fileExists(f);
  const read = (f: string) => files[f] ?? ts.sys.readFile(f);
  const moduleHost: ts.ModuleResolutionHost = { fileExists: exists, readFile: read, directoryExists: (d) => Object.keys(files).some((f) => f.startsWith(`${d}/`)) || ts.sys.directoryExists(d) };
  const calls: string[] = [];
  const host: ts.LanguageServiceHost = {
    getCompilationSettings: () => options,
    getScriptFileNames: () => Object.keys(files),
    getScriptVersion: () => "1",
    getScriptSnapshot: (f) => (exists(f) ? ts.ScriptSnapshot.fromString(read(f)!) : undefined),
    getCurrentDirectory: () => "/ws",
    getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
    fileExists: exists,
    readFile: read,
  };
  if (resolver === "literals") {
    host.resolveModuleNameLiterals = (lits, containing, _ref, opts) => {
      calls.push(...lits.map((l) => l.text));
      return lits.map((l) => ts.resolveModuleName(l.text, containing, opts, moduleHost));
    };
  } else {
    host.resolveModuleNames = (names, containing, _reused, _ref, opts) => {
      calls.push(...names);
      return names.map((n) => ts.resolveModuleName(n, containing, opts, moduleHost).resolvedModule);
    };
  }
  if (patched) patchHost(host, entry);
  const plain = ts.createLanguageService(host, ts.createDocumentRegistry());
  // As tsserver serves it with the plugin loaded: the service less the duplicates of Causal Studio's own diagnostics.
  const ls = patched ? withoutDuplicateParents(ts, plain) : plain;
  const diagnostics = (f: string) => [...ls.getSyntacticDiagnostics(f), ...ls.getSemanticDiagnostics(f)]
    .map((d) => `TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
  // Which declaration files made it into the program (public API only).
  const inProgram = (f: string) => ls.getProgram()!.getSourceFiles().some((sf) => sf.fileName === f);
  return { diagnostics, inProgram, calls };
}

describe("causal-studio TypeScript plugin", () => {
  for (const resolver of ["literals", "names"] as const) {
    describe(`wrapping ${resolver === "literals" ? "resolveModuleNameLiterals" : "resolveModuleNames"}`, () => {
      it("without the plugin a workspace with no install cannot find the module (the problem it solves)", () => {
        const s = service({ "/ws/model.causal.ts": GOOD }, resolver, false);
        expect(s.diagnostics("/ws/model.causal.ts")).toContain("TS2307: Cannot find module 'causal-studio' or its corresponding type declarations.");
      });

      it("resolves an unresolvable \"causal-studio\" to the bundled declarations; a correct model has no errors", () => {
        const s = service({ "/ws/model.causal.ts": GOOD }, resolver, true);
        expect(s.diagnostics("/ws/model.causal.ts")).toEqual([]);
        expect(s.inProgram(entry)).toBe(true);
        expect(s.calls).toContain("causal-studio");
      });

      it("reading an undeclared parent is TS2339 (a model with only X declared), in a plain .ts file", () => {
        const s = service({ "/ws/model.ts": BAD }, resolver, true);
        const d = s.diagnostics("/ws/model.ts");
        expect(d).toHaveLength(1);
        expect(d[0]).toMatch(/^TS2339: Property 'nope' does not exist on type '\{ X: [^;]*; \}'/);
      });

      it("in a *.causal.ts model that TS2339 is left to Causal Studio's own diagnostic (one error per typo); other errors stay", () => {
        expect(service({ "/ws/model.causal.ts": BAD }, resolver, true).diagnostics("/ws/model.causal.ts")).toEqual([]);
        // The typed parents still work: a wrong use of a declared parent is TypeScript's to report.
        const misuse = GOOD.replace("normal(X ? 1 : 0, 1)", "normal(X.toFixed(), 1)");
        expect(service({ "/ws/model.causal.ts": misuse }, resolver, true).diagnostics("/ws/model.causal.ts")[0]).toMatch(/^TS2345: /);
        // A missing property elsewhere (not a destructured parent) is TypeScript's too.
        const elsewhere = GOOD.replace("normal(X ? 1 : 0, 1)", "normal(Math.nope, 1)");
        expect(service({ "/ws/model.causal.ts": elsewhere }, resolver, true).diagnostics("/ws/model.causal.ts")[0]).toMatch(/^TS2339: Property 'nope' does not exist on type 'Math'/);
      });

      it("leaves a resolution that succeeds on its own untouched (the user's own install wins)", () => {
        // A workspace with its own node_modules/causal-studio whose types declare something the bundle lacks.
        const own = "/ws/node_modules/causal-studio/index.d.ts";
        const files = {
          "/ws/model.causal.ts": `import { onlyMine } from "causal-studio";\nexport const n: number = onlyMine;\n`,
          "/ws/node_modules/causal-studio/package.json": JSON.stringify({ name: "causal-studio", version: "9.9.9", types: "index.d.ts" }),
          [own]: "export declare const onlyMine: number;\n",
        };
        const s = service(files, resolver, true);
        expect(s.inProgram(own)).toBe(true);
        expect(s.inProgram(entry)).toBe(false);
        expect(s.diagnostics("/ws/model.causal.ts")).toEqual([]);
      });

      it("leaves other unresolvable modules unresolved", () => {
        const s = service({ "/ws/model.causal.ts": `import { x } from "causal-studio-other";\nexport const y = x;\n` }, resolver, true);
        expect(s.diagnostics("/ws/model.causal.ts")[0]).toMatch(/^TS2307: Cannot find module 'causal-studio-other'/);
      });
    });
  }

  it("finds the declarations beside the plugin (packaged) or one level up (dist/ts-plugin in a build)", () => {
    expect(bundledEntry(join(types, ".."))).toBe(entry);
    expect(bundledEntry(join(types, "..", "ts-plugin"))).toBe(join(types, "..", "ts-plugin", "..", "types", "core", "index.d.ts"));
    expect(bundledEntry("/nowhere/at/all")).toBeUndefined();
  });

  it("the built plugin's module.exports is the factory tsserver expects, and create() patches the host", () => {
    const file = join(root, "dist", "ts-plugin", "index.js");
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file, "utf8")).not.toMatch(/require\("typescript"\)/);
    const init = require(file) as (m: { typescript: typeof ts }) => ts.server.PluginModule;
    expect(typeof init).toBe("function");
    const host = { resolveModuleNameLiterals: () => [{ resolvedModule: undefined }] } as unknown as ts.LanguageServiceHost;
    const languageService = {} as ts.LanguageService;
    const logs: string[] = [];
    const info = { languageServiceHost: host, languageService, project: { projectService: { logger: { info: (m: string) => logs.push(m) } } } } as unknown as ts.server.PluginCreateInfo;
    const served = init({ typescript: ts }).create(info);
    expect(typeof served.getSemanticDiagnostics).toBe("function");
    const lit = { text: "causal-studio" } as ts.StringLiteralLike;
    const [r] = host.resolveModuleNameLiterals!([lit], "/ws/a.ts", undefined, {}, {} as ts.SourceFile, undefined);
    expect(r.resolvedModule?.resolvedFileName).toBe(join(dirname(file), "..", "types", "core", "index.d.ts"));
    expect(logs.join("\n")).toContain("unresolved \"causal-studio\" imports resolve to");
  });

  it("recognises exactly a name destructured from a mechanism's parents in .variable/.latent (aliases and string keys too)", () => {
    const text = `declare const m: any;
m.variable("Y", ({ X, nope }) => 0).latent("U", function ({ "str": s, al: a }) { return 0; })
  .variable("Z", (_p, { nope2 }) => 0);
const other = ({ nope3 }) => nope3;
`;
    const sf = ts.createSourceFile("/ws/m.causal.ts", text, ts.ScriptTarget.Latest, true);
    const at = (name: string, file = sf) => ({ code: 2339, file, start: text.indexOf(name), length: name.length, category: ts.DiagnosticCategory.Error, messageText: "" }) as ts.Diagnostic;
    expect(isDuplicateParentError(ts, at("nope"))).toBe(true);
    expect(isDuplicateParentError(ts, at('"str"'))).toBe(true);
    expect(isDuplicateParentError(ts, at("al"))).toBe(true);
    expect(isDuplicateParentError(ts, at("nope2"))).toBe(false); // params, not parents
    expect(isDuplicateParentError(ts, at("nope3"))).toBe(false); // not a mechanism
    expect(isDuplicateParentError(ts, { ...at("nope"), code: 2304 })).toBe(false);
    const plainTs = ts.createSourceFile("/ws/m.ts", text, ts.ScriptTarget.Latest, true);
    expect(isDuplicateParentError(ts, at("nope", plainTs))).toBe(false);
  });
});
