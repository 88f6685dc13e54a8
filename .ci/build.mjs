// `npm run build`: every bundle with esbuild, plus the library's declaration files with tsc.
//   dist/extension.js   VS Code host (cjs, node20, `vscode` external)
//   dist/cli.js         the `causal-studio` command (+ dist/typescript.js, the compiler it loads on first use)
//   dist/model-runner.js the child process that runs user models for the editor
//   dist/train-worker.js a worker thread of that process training one mlp mechanism
//   dist/parse-worker.js a worker thread of the host reading large files' graphs
//   dist/index.cjs      the library (src/core)
//   dist/ts-plugin/index.js the TypeScript server plugin (cjs; resolves "causal-studio" to dist/types when nothing else does)
//   dist/tfjs-backend-wasm*.wasm TensorFlow.js's wasm binaries (train/tf/backend.ts loads them beside the bundle)
//   dist/webview/       dag.js + dag.css + elk-worker.min.js (the ELK layout worker), training.js/.css, diagnostics.js/.css, run.js/.css
//   dist/types/         .d.ts for src/core (skipped with --no-types)
// Flags: --production (minify, no source maps), --no-types, --only=webview (the webview bundle alone, for its tests). Type-checking is `npm run typecheck`.
import { build } from "esbuild";
import { spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { lazyTypescript } from "./lazy-typescript.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = new Set(process.argv.slice(2));
const production = args.has("--production") || process.env.NODE_ENV === "production";
const t0 = performance.now();
const at = (p) => join(root, p);

const common = { bundle: true, logLevel: "warning", minify: production, sourcemap: production ? false : "linked", legalComments: "none" };
// esbuild stays external: its JS API locates its native binary next to itself (core/io's model loader uses it).
// DuckDB too (core/data imports it lazily): its bindings load a platform-specific .node file from node_modules.
const duckdb = ["@duckdb/node-api", "@duckdb/node-bindings*"];
// @tensorflow/tfjs-node is never a dependency (its install downloads libtensorflow); train/tf/backend.ts
// requires it at run time when the user has it, so it must stay outside every bundle.
const optionalNative = ["@tensorflow/tfjs-node"];
const node = { ...common, platform: "node", target: "node20", alias: { "causal-studio": at("src/core/index.ts") }, external: ["esbuild", ...duckdb, ...optionalNative] };

const jobs = [
  { entry: "src/extension/extension.ts", options: { ...node, format: "cjs", outfile: at("dist/extension.js"), external: ["vscode", "esbuild", ...duckdb, ...optionalNative] } },
  // The compiler is not bundled into the CLI: dist/typescript.js (copied below) loads when a .causal.ts file is read.
  { entry: "src/cli/main.ts", options: { ...node, format: "cjs", outfile: at("dist/cli.js"), banner: { js: "#!/usr/bin/env node" }, plugins: [lazyTypescript] } },
  // The child process that runs user models for the editor (src/core/io/model-process.ts forks it).
  { entry: "src/core/io/model-process-child.ts", options: { ...node, format: "cjs", outfile: at("dist/model-runner.js") } },
  // A worker thread of the model process that trains one mlp mechanism (core/io/worker-mlp-runner.ts spawns it).
  { entry: "src/core/io/train-worker.ts", options: { ...node, format: "cjs", outfile: at("dist/train-worker.js") } },
  // The extension host's parse worker: extraction / DAGitty parsing of large files off the main thread (src/extension/graph-reader.ts).
  { entry: "src/extension/parse-worker.ts", options: { ...node, format: "cjs", outfile: at("dist/parse-worker.js") } },
  { entry: "src/core/index.ts", options: { ...node, format: "cjs", outfile: at("dist/index.cjs") } },
  // Loaded by VS Code's TypeScript server (package-vsix.mjs stages it as node_modules/causal-studio-typescript-plugin).
  { entry: "src/extension/ts-plugin/index.ts", options: { ...node, format: "cjs", outfile: at("dist/ts-plugin/index.js"), external: ["typescript"] } },
  {
    entry: "webview/main.ts",
    options: {
      ...common, platform: "browser", format: "iife", target: "chrome120", outfile: at("dist/webview/dag.js"),
      // zod probes `new Function` (forbidden by the webview's CSP, which has no 'unsafe-eval') unless it is
      // told to stay jitless before it loads; it reads this global at load time.
      banner: { js: "globalThis.__zod_globalConfig = { jitless: true };" },
    },
  },
  { entry: "webview/dag.css", options: { ...common, outfile: at("dist/webview/dag.css") } },
  // The training panel (Train Model…): Observable Plot bundled in.
  { entry: "webview/training/main.ts", options: { ...common, platform: "browser", format: "iife", target: "chrome120", outfile: at("dist/webview/training.js"), banner: { js: "globalThis.__zod_globalConfig = { jitless: true };" } } },
  { entry: "webview/training/training.css", options: { ...common, outfile: at("dist/webview/training.css") } },
  // The diagnostics panel (Diagnose Model…): Observable Plot bundled in (its plot builders are shared with `diagnose --plots`).
  { entry: "webview/diagnostics/main.ts", options: { ...common, platform: "browser", format: "iife", target: "chrome120", outfile: at("dist/webview/diagnostics.js"), banner: { js: "globalThis.__zod_globalConfig = { jitless: true };" } } },
  { entry: "webview/diagnostics/diagnostics.css", options: { ...common, outfile: at("dist/webview/diagnostics.css") } },
  // The run panel (Run Script): a script's output and the figures its main returned (figure-plot.ts is shared with `run --plots`).
  { entry: "webview/figures/main.ts", options: { ...common, platform: "browser", format: "iife", target: "chrome120", outfile: at("dist/webview/run.js"), banner: { js: "globalThis.__zod_globalConfig = { jitless: true };" } } },
  { entry: "webview/figures/run.css", options: { ...common, outfile: at("dist/webview/run.css") } },
];

const WASM_FILES = ["tfjs-backend-wasm-simd.wasm", "tfjs-backend-wasm.wasm"];
const only = [...args].find((a) => a.startsWith("--only="))?.slice("--only=".length);
if (only) jobs.splice(0, jobs.length, ...jobs.filter((j) => j.entry.startsWith(`${only}/`)));

rmSync(at("dist/webview"), { recursive: true, force: true });
mkdirSync(at("dist/webview"), { recursive: true });
copyFileSync(at("node_modules/elkjs/lib/elk-worker.min.js"), at("dist/webview/elk-worker.min.js"));
// TensorFlow.js's wasm backend loads its binaries from the folder of the bundle that runs it when the
// package does not resolve from node_modules (the installed extension): SIMD, and the plain fallback.
if (!only) for (const f of WASM_FILES) copyFileSync(at(`node_modules/@tensorflow/tfjs-backend-wasm/dist/${f}`), at(`dist/${f}`));
// The TypeScript compiler beside the CLI, which loads it on first use (lazy-typescript.mjs).
if (!only) copyFileSync(at("node_modules/typescript/lib/typescript.js"), at("dist/typescript.js"));

const missing = jobs.filter((j) => !existsSync(at(j.entry)));
for (const j of missing) console.warn(`build: skipped ${j.options.outfile.slice(root.length + 1)}: ${j.entry} does not exist yet`);

const types = args.has("--no-types") || only ? Promise.resolve(0) : emitTypes();
const results = await Promise.allSettled(jobs.filter((j) => existsSync(at(j.entry))).map((j) => build({ entryPoints: [at(j.entry)], ...j.options })));
const failed = results.filter((r) => r.status === "rejected");
for (const f of failed) console.error(String(f.reason?.message ?? f.reason));
const typesStatus = await types;
if (failed.length > 0 || typesStatus !== 0) {
  console.error(`build: FAILED (${failed.length} bundle(s)${typesStatus !== 0 ? ", declarations" : ""})`);
  process.exit(1);
}
console.log(`build: ok in ${Math.round(performance.now() - t0)} ms${production ? " (production)" : ""}`);

function emitTypes() {
  // tsc trusts its build-info file: if the output was deleted (rm -rf dist), forget it and emit everything.
  if (!existsSync(at("dist/types/core/index.d.ts"))) rmSync(at(".tmp/types.tsbuildinfo"), { force: true });
  const tsc = at("node_modules/typescript/bin/tsc");
  const flags = [
    at("src/core/index.ts"), "--declaration", "--emitDeclarationOnly", "--outDir", at("dist/types"), "--rootDir", at("src"),
    "--target", "ES2022", "--module", "ESNext", "--moduleResolution", "Bundler", "--strict", "--skipLibCheck",
    "--esModuleInterop", "--resolveJsonModule", "--isolatedModules", "--types", "node", "--lib", "ES2022",
    // incremental: an unchanged core re-emits nothing (the build-info file lives in the git-ignored .tmp/)
    "--incremental", "--tsBuildInfoFile", at(".tmp/types.tsbuildinfo"),
  ];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [tsc, ...flags], { cwd: root, stdio: "inherit" });
    child.on("exit", (code) => resolve(code ?? 1));
  });
}
