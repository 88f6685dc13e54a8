/**
 * Loads a user TypeScript module: esbuild bundles it (relative imports inlined, packages left
 * to Node, `causal-studio` external), then it runs in this process with a `require` that hands
 * it the running core for "causal-studio", so `isModel` and `CausalError` are the very same
 * objects the caller uses. Errors come back as Diagnostics at the user's file:line:col.
 * This runs user code: callers decide whether that is allowed (Workspace Trust, a child process).
 */
import { build, type Message, transform } from "esbuild";
import { createRequire } from "node:module";
import { basename, dirname, resolve } from "node:path";
import { compileFunction } from "node:vm";
import { type Diagnostic, error } from "../errors/diagnostic";
import * as core from "../index";
import { type BundleInfo, diagnosticFromThrown } from "./error-location";
import { inlineSourceMap, readSourceMap } from "./source-map";

type Model = core.Model<any>;

export type Loaded<T> = T | { diagnostics: Diagnostic[] };

export function failed<T extends object>(x: Loaded<T>): x is { diagnostics: Diagnostic[] } {
  return "diagnostics" in x;
}

/** What esbuild bundled: the code, how to remap its errors, and the absolute paths of its input files (for a cache key). */
export interface Bundle {
  code: string;
  info: BundleInfo;
  inputs: string[];
}

/** Starts esbuild's service process now (its first call pays ~0.2 s for it), e.g. in a prestarted model process. */
export function warmBundler(): Promise<void> {
  return transform("export {}", { loader: "ts" }).then(() => undefined, () => undefined);
}

/** Bundles `path` to CommonJS with an inline source map. */
export async function bundleModule(path: string): Promise<Loaded<Bundle>> {
  const file = resolve(path);
  const sourceRoot = dirname(file);
  try {
    const out = await build({
      entryPoints: [file], bundle: true, write: false, platform: "node", format: "cjs", target: "node20",
      sourcemap: "inline", external: ["causal-studio"], packages: "external", absWorkingDir: sourceRoot, logLevel: "silent", metafile: true,
    });
    const code = out.outputFiles[0].text;
    const raw = inlineSourceMap(code);
    const inputs = Object.keys(out.metafile.inputs).map((p) => resolve(sourceRoot, p));
    return { code, inputs, info: { bundleName: `${file}.bundle.js`, sourceRoot, map: raw ? readSourceMap(raw) : undefined } };
  } catch (e) {
    const messages: Message[] = (e as { errors?: Message[] }).errors ?? [];
    if (!messages.length) return { diagnostics: [error("model-load-error", `cannot bundle ${basename(file)}: ${(e as Error).message}`)] };
    return { diagnostics: messages.map((m) => esbuildDiagnostic(m, sourceRoot, file)) };
  }
}

function esbuildDiagnostic(m: Message, sourceRoot: string, entry: string): Diagnostic {
  const notes = m.notes.map((n) => n.text).filter(Boolean);
  if (!m.location) return error("parse-error", m.text, { file: entry, start: origin, end: origin }, notes);
  const { file, line, column, length } = m.location;
  const start = { line, column, offset: 0 };
  return error("parse-error", m.text, { file: resolve(sourceRoot, file), start, end: { line, column: column + length, offset: 0 } }, notes);
}

const origin = { line: 1, column: 0, offset: 0 };

/**
 * Bundles and runs `path`, returning its exports. `argv` replaces process.argv[2..] while the
 * module's top-level code runs (for scripts).
 */
export async function loadModule(path: string, argv?: string[]): Promise<Loaded<{ exports: Record<string, unknown>; info: BundleInfo; inputs: string[] }>> {
  const bundled = await bundleModule(path);
  if (failed(bundled)) return bundled;
  const file = resolve(path);
  const { code, info } = bundled;
  const nodeRequire = createRequire(file);
  const userRequire = (id: string): unknown => (id === "causal-studio" ? core : nodeRequire(id));
  const module = { exports: {} as Record<string, unknown> };
  const savedArgv = process.argv;
  try {
    const fn = compileFunction(code, ["exports", "require", "module", "__filename", "__dirname"], { filename: info.bundleName });
    if (argv) process.argv = [savedArgv[0], file, ...argv];
    fn(module.exports, userRequire, module, file, dirname(file));
  } catch (e) {
    return { diagnostics: [diagnosticFromThrown(e, info, basename(file))] };
  } finally {
    process.argv = savedArgv;
  }
  return { exports: module.exports, info, inputs: bundled.inputs };
}

/**
 * Loads a `*.causal.ts` file and returns its default export, which must be a model, with the
 * bundle's details so errors raised later by queries can be remapped (remapDiagnostic).
 */
export async function loadModelFile(path: string): Promise<{ model: Model; info: BundleInfo; inputs: string[] } | { diagnostics: Diagnostic[] }> {
  const loaded = await loadModule(path);
  if (failed(loaded)) return loaded;
  const candidate = loaded.exports.default;
  if (core.isModel(candidate)) {
    const broken = notUsable(candidate, loaded.info, path);
    return broken ? { diagnostics: [broken] } : { model: candidate, info: loaded.info, inputs: loaded.inputs };
  }
  const named = Object.entries(loaded.exports).filter(([k, v]) => k !== "default" && core.isModel(v)).map(([k]) => k);
  const notes = named.length ? [`it exports models named ${named.map((n) => `"${n}"`).join(", ")}; make one of them the default export`] : [`write: export default scm("name").variable(...)`];
  const found = candidate === undefined ? "has no default export" : `default-exports a ${typeof candidate}, not a model`;
  return { diagnostics: [error("not-a-model", `${basename(path)} ${found}`, { file: resolve(path), start: origin, end: origin }, notes)] };
}

/** A default export that carries the model brand but is not a model (its spec() is missing, throws or is malformed). */
function notUsable(candidate: Model, info: BundleInfo, path: string): Diagnostic | undefined {
  const range = { file: resolve(path), start: origin, end: origin };
  const notes = ["build the default export with scm(\"name\").variable(...) from \"causal-studio\""];
  let spec: unknown;
  try {
    if (typeof (candidate as { spec?: unknown }).spec !== "function") return error("not-a-model", `${basename(path)} default-exports an object branded as a model that has no spec()`, range, notes);
    spec = candidate.spec();
  } catch (e) {
    return diagnosticFromThrown(e, info, `${basename(path)}'s default export (spec())`);
  }
  const s = spec as { name?: unknown; variables?: unknown } | null;
  if (typeof s !== "object" || s === null || typeof s.name !== "string" || !Array.isArray(s.variables)) {
    return error("not-a-model", `${basename(path)} default-exports an object branded as a model whose spec() is not a model's spec`, range, notes);
  }
  return undefined;
}
