// `npm run package`: builds (production) and packs the VS Code extension into dist/causal-studio-<version>.vsix.
// The package.json at the root also describes the npm library (its `files` field), which vsce refuses to
// combine with .vscodeignore, so the .vsix is packed from a staging folder holding exactly what it ships:
// the extension and webview bundles, the grammars, the samples, README and LICENSE, and the TypeScript server
// plugin with the library's declaration files (node_modules/causal-studio-typescript-plugin/, see below).
import { execFileSync } from "node:child_process";
import { appendFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { buildSync } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
// --stage=DIR: where the extension's folder is put together (default .tmp/vsix), so two packagings can run at once.
const stage = resolve(args.find((a) => a.startsWith("--stage="))?.slice("--stage=".length) ?? join(root, ".tmp", "vsix"));
const out = args.find((a) => a.startsWith("--out="))?.slice("--out=".length);

if (!args.includes("--no-build")) execFileSync(process.execPath, [join(root, ".ci", "build.mjs"), "--production"], { cwd: root, stdio: "inherit" });

rmSync(stage, { recursive: true, force: true });
mkdirSync(join(stage, "dist", "webview"), { recursive: true });
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
for (const key of ["files", "bin", "exports", "types", "scripts", "devDependencies", "dependencies", "optionalDependencies", "sideEffects"]) delete pkg[key];
// The TypeScript server plugin (contributes.typescriptServerPlugins): VS Code's TypeScript server loads it from
// <extension>/node_modules/<name>/, and it resolves "causal-studio" to the declarations beside it (types/) where
// the workspace has no install of its own. vsce packs a root node_modules folder only as npm dependencies
// (`npm list --production`, offline), so the staged manifest declares it as the one dependency.
const plugin = "causal-studio-typescript-plugin";
const pluginDir = join(stage, "node_modules", plugin);
mkdirSync(pluginDir, { recursive: true });
writeFileSync(join(pluginDir, "package.json"), JSON.stringify({ name: plugin, version: pkg.version, private: true, main: "index.js", license: pkg.license }, null, 2));
cpSync(join(root, "dist", "ts-plugin", "index.js"), join(pluginDir, "index.js"));
cpSync(join(root, "dist", "types"), join(pluginDir, "types"), { recursive: true, filter: (src) => !src.endsWith(".map") });
pkg.dependencies = { [plugin]: pkg.version };
writeFileSync(join(stage, "package.json"), JSON.stringify(pkg, null, 2));
cpSync(join(root, "dist", "extension.js"), join(stage, "dist", "extension.js"));
// The model runner (a child process that runs user models for queries) and the esbuild it transpiles them
// with: esbuild's JS API finds its native binary in the platform package beside it, so both are shipped.
cpSync(join(root, "dist", "model-runner.js"), join(stage, "dist", "model-runner.js"));
cpSync(join(root, "dist", "train-worker.js"), join(stage, "dist", "train-worker.js"));
cpSync(join(root, "dist", "parse-worker.js"), join(stage, "dist", "parse-worker.js"));
// Run Script… runs scripts through the CLI's own `run` (one pipeline for the terminal and the editor).
cpSync(join(root, "dist", "cli.js"), join(stage, "dist", "cli.js"));
// (Under dist/node_modules: Node resolves "esbuild" from dist/*.js there, and vsce takes the root node_modules only as npm dependencies.)
cpSync(join(root, "node_modules", "esbuild"), join(stage, "dist", "node_modules", "esbuild"), { recursive: true });
const esbuildPlatform = join(root, "node_modules", "@esbuild", `${process.platform}-${process.arch}`);
if (existsSync(esbuildPlatform)) cpSync(esbuildPlatform, join(stage, "dist", "node_modules", "@esbuild", `${process.platform}-${process.arch}`), { recursive: true });
// TensorFlow.js's wasm binaries beside the bundles (train/tf/backend.ts points the wasm backend there
// when @tensorflow/tfjs-backend-wasm does not resolve, as in the installed extension).
const wasmFiles = ["tfjs-backend-wasm-simd.wasm", "tfjs-backend-wasm.wasm"];
for (const f of wasmFiles) cpSync(join(root, "dist", f), join(stage, "dist", f));
// DuckDB (core/data's engine) is external to every bundle: dist/*.js require @duckdb/node-api, which
// requires @duckdb/node-bindings, which loads the platform's native duckdb.node (+ libduckdb) from
// @duckdb/node-bindings-<platform>-<arch>[-musl], detecting musl with detect-libc. All ship under
// dist/node_modules; the native package makes the .vsix platform-specific (packed with --target).
const nativeDuckdb = readdirSync(join(root, "node_modules", "@duckdb")).filter((d) => d.startsWith("node-bindings-"));
const duckdbPackages = ["@duckdb/node-api", "@duckdb/node-bindings", ...nativeDuckdb.map((d) => `@duckdb/${d}`), "detect-libc"];
for (const p of duckdbPackages) {
  if (!existsSync(join(root, "node_modules", p))) throw new Error(`package: ${p} is not installed (run npm ci); the extension needs it to read data files`);
  cpSync(join(root, "node_modules", p), join(stage, "dist", "node_modules", p), { recursive: true });
}
// @duckdb/node-api is plain JavaScript in ~180 files (vsce warns, on every `npm start`, that the extension
// "consists of 601 files ... you should bundle"): ship it as the one file its package.json names, bundled by
// esbuild with the native @duckdb/node-bindings left external (it stays a package beside it).
const nodeApi = join(stage, "dist", "node_modules", "@duckdb", "node-api");
rmSync(join(nodeApi, "lib"), { recursive: true, force: true });
buildSync({ entryPoints: [join(root, "node_modules", "@duckdb", "node-api", "lib", "index.js")], bundle: true, platform: "node", target: "node20", format: "cjs",
  outfile: join(nodeApi, "lib", "index.js"), external: ["@duckdb/node-bindings"], logLevel: "warning" });
// Node's import() of a CommonJS file sees only the names its static scan finds (tsc's per-name exports had them; the
// bundle's module.exports = require_lib() has none), so list them in the form that scan reads (as esbuild does for ESM input).
const apiNames = Object.keys(createRequire(import.meta.url)(join(nodeApi, "lib", "index.js"))).filter((k) => /^[A-Za-z_$][\w$]*$/.test(k) && k !== "__esModule" && k !== "default");
appendFileSync(join(nodeApi, "lib", "index.js"), `\n0 && (module.exports = { ${apiNames.join(", ")} });\n`);
const VSCE_TARGETS = { "linux-x64": "linux-x64", "linux-arm64": "linux-arm64", "linux-x64-musl": "alpine-x64", "linux-arm64-musl": "alpine-arm64", "darwin-x64": "darwin-x64", "darwin-arm64": "darwin-arm64", "win32-x64": "win32-x64", "win32-arm64": "win32-arm64" };
const vsceTargets = nativeDuckdb.map((d) => VSCE_TARGETS[d.slice("node-bindings-".length)]).filter(Boolean);
for (const f of ["dag.js", "dag.css", "elk-worker.min.js", "training.js", "training.css", "diagnostics.js", "diagnostics.css", "run.js", "run.css"]) cpSync(join(root, "dist", "webview", f), join(stage, "dist", "webview", f));
cpSync(join(root, "syntaxes"), join(stage, "syntaxes"), { recursive: true });
if (existsSync(join(root, "samples"))) {
  cpSync(join(root, "samples"), join(stage, "samples"), { recursive: true, filter: (src) => !/[\\/](node_modules|\.tmp|out)([\\/]|$)/.test(src) });
}
if (existsSync(join(root, "README.md"))) cpSync(join(root, "README.md"), join(stage, "README.md"));
else writeFileSync(join(stage, "README.md"), `# ${pkg.displayName}\n\n${pkg.description}\n`);
// The root .vscodeignore, plus what this script stages for training and data (.wasm, DuckDB).
writeFileSync(join(stage, ".vscodeignore"), readFileSync(join(root, ".vscodeignore"), "utf8").replace(/\n*$/, "\n") + [...wasmFiles.map((f) => `!dist/${f}`), ...duckdbPackages.map((p) => `!dist/node_modules/${p}/**`)].join("\n") + "\n");
for (const f of ["LICENSE", "LICENSE.md", "LICENSE.txt"]) if (existsSync(join(root, f))) cpSync(join(root, f), join(stage, f));
const hasLicense = ["LICENSE", "LICENSE.md", "LICENSE.txt"].some((f) => existsSync(join(stage, f)));

// Relative links in the README are made absolute against the repository (vsce cannot guess a non-GitHub host).
const repo = String(pkg.repository?.url ?? pkg.repository ?? "").replace(/^git\+/, "").replace(/\.git$/, "");
const base = repo ? ["--baseContentUrl", `${repo}/blob/HEAD`, "--baseImagesUrl", `${repo}/raw/HEAD`] : [];
const target = out ? resolve(out) : join(root, "dist", `${pkg.name}-${pkg.version}.vsix`);
const vsce = join(root, "node_modules", "@vscode", "vsce", "vsce");
// One installed native DuckDB binding = one platform: say so to vsce (a VSIX per platform).
const targetFlag = vsceTargets.length === 1 ? ["--target", vsceTargets[0]] : [];
execFileSync(process.execPath, [vsce, "package", "--allow-missing-repository", ...targetFlag, ...(hasLicense ? [] : ["--skip-license"]), ...base, "--out", target], { cwd: stage, stdio: "inherit" });
console.log(`package: ${target}`);
