// `npm run package`: builds (production) and packs the VS Code extension into dist/causal-studio-<version>.vsix.
// The package.json at the root also describes the npm library (its `files` field), which vsce refuses to
// combine with .vscodeignore, so the .vsix is packed from a staging folder holding exactly what it ships:
// the extension and webview bundles, the grammars, the samples, README and LICENSE, and the TypeScript server
// plugin with the library's declaration files (node_modules/causal-studio-typescript-plugin/, see below).
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const stage = join(root, ".tmp", "vsix");
const args = process.argv.slice(2);
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
// (Under dist/node_modules: Node resolves "esbuild" from dist/*.js there, and vsce takes the root node_modules only as npm dependencies.)
cpSync(join(root, "node_modules", "esbuild"), join(stage, "dist", "node_modules", "esbuild"), { recursive: true });
const esbuildPlatform = join(root, "node_modules", "@esbuild", `${process.platform}-${process.arch}`);
if (existsSync(esbuildPlatform)) cpSync(esbuildPlatform, join(stage, "dist", "node_modules", "@esbuild", `${process.platform}-${process.arch}`), { recursive: true });
for (const f of ["dag.js", "dag.css", "elk-worker.min.js"]) cpSync(join(root, "dist", "webview", f), join(stage, "dist", "webview", f));
cpSync(join(root, "syntaxes"), join(stage, "syntaxes"), { recursive: true });
if (existsSync(join(root, "samples"))) {
  cpSync(join(root, "samples"), join(stage, "samples"), { recursive: true, filter: (src) => !/[\\/](node_modules|\.tmp|out)([\\/]|$)/.test(src) });
}
if (existsSync(join(root, "README.md"))) cpSync(join(root, "README.md"), join(stage, "README.md"));
else writeFileSync(join(stage, "README.md"), `# ${pkg.displayName}\n\n${pkg.description}\n`);
cpSync(join(root, ".vscodeignore"), join(stage, ".vscodeignore"));
for (const f of ["LICENSE", "LICENSE.md", "LICENSE.txt"]) if (existsSync(join(root, f))) cpSync(join(root, f), join(stage, f));
const hasLicense = ["LICENSE", "LICENSE.md", "LICENSE.txt"].some((f) => existsSync(join(stage, f)));

// Relative links in the README are made absolute against the repository (vsce cannot guess a non-GitHub host).
const repo = String(pkg.repository?.url ?? pkg.repository ?? "").replace(/^git\+/, "").replace(/\.git$/, "");
const base = repo ? ["--baseContentUrl", `${repo}/blob/HEAD`, "--baseImagesUrl", `${repo}/raw/HEAD`] : [];
const target = out ? resolve(out) : join(root, "dist", `${pkg.name}-${pkg.version}.vsix`);
const vsce = join(root, "node_modules", "@vscode", "vsce", "vsce");
execFileSync(process.execPath, [vsce, "package", "--allow-missing-repository", ...(hasLicense ? [] : ["--skip-license"]), ...base, "--out", target], { cwd: stage, stdio: "inherit" });
console.log(`package: ${target}`);
