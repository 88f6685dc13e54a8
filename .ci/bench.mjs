// `npm run bench`: bundles bench/index.ts with esbuild, runs it, and writes one JSON file per
// run to bench/results/ with the machine's details. Speed goals are judged here, never in tests.
import { build } from "esbuild";
import { mkdirSync } from "node:fs";
import { pathToFileURL } from "node:url";

mkdirSync(".tmp", { recursive: true });
await build({
  entryPoints: ["bench/index.ts"], bundle: true, platform: "node", format: "esm", target: "node20",
  outfile: ".tmp/bench.mjs", sourcemap: "inline", logLevel: "warning", external: ["esbuild", "playwright-core", "@duckdb/node-api", "@duckdb/node-bindings*"],
  alias: { "causal-studio": "./src/core/index.ts" },
  banner: { js: "import { createRequire as __cr } from 'node:module'; import { fileURLToPath as __fu } from 'node:url'; import { dirname as __dn } from 'node:path'; const require = __cr(import.meta.url); const __filename = __fu(import.meta.url); const __dirname = __dn(__filename);" },
});
const { main } = await import(pathToFileURL(".tmp/bench.mjs").href);
await main(process.argv.slice(2));
