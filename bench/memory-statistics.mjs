// `node bench/memory-statistics.mjs [--sizes 1e5,1e6,1e7] [--dir /tmp/cs-memory]`: the peak RSS of
// the SQL-backed statistics on a CSV and a Parquet file of each size (x1, x2, x3, y, env; generated
// with DuckDB COPY into --dir when absent), each measured in a fresh Node process
// (bench/memory-statistics-probe.ts: open the file as a DataSource; one mechanism's moments; the
// per-environment moments; invariance from them; a 200,000-row sample), then, in another fresh
// process, the diagnose job's stages (fit, local tests, residual checks on the sample, stability,
// invariance, reweighting sweep: "pipeline"). Prints one JSON object and
// writes it to bench/results/memory-statistics-<time>.json. Flat memory: the peak at 10^7 rows is
// about that at 10^5.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";

const arg = (name, fallback) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? process.argv[i + 1] : fallback; };
const sizes = arg("sizes", "1e5,1e6,1e7").split(",").map(Number);
const dir = arg("dir", "/tmp/cs-memory");
mkdirSync(dir, { recursive: true });
mkdirSync(".tmp", { recursive: true });
await build({
  entryPoints: ["bench/memory-statistics-probe.ts"], bundle: true, platform: "node", format: "esm", target: "node20",
  outfile: ".tmp/memory-probe.mjs", logLevel: "warning", external: ["@duckdb/node-api", "@duckdb/node-bindings*"],
});
const node = (args) => execFileSync(process.execPath, [".tmp/memory-probe.mjs", ...args], { encoding: "utf8", maxBuffer: 1 << 20 });
const runs = [];
for (const format of ["csv", "parquet"]) {
  for (const n of sizes) {
    const file = join(dir, `probe-${n}.${format}`);
    if (!existsSync(file)) node(["generate", file, String(n)]);
    const r = JSON.parse(node(["probe", file]).trim().split("\n").pop());
    const p = JSON.parse(node(["pipeline", file]).trim().split("\n").pop());
    const phases = (o, keys) => Object.fromEntries(keys.map((k) => [k, Math.round(o[k])]));
    const peak = Math.round(r.sample), pipelinePeak = Math.round(p.sweep); // maxRSS is monotone: the last phase is the peak
    runs.push({
      format, rows: n, peakRssMiB: peak, phasesMiB: phases(r, ["start", "open", "moments", "groupedMoments", "invariance", "sample"]), seconds: r.seconds,
      pipelinePeakRssMiB: pipelinePeak, pipelinePhasesMiB: phases(p, ["start", "open", "fit", "localTests", "residuals", "stability", "invariance", "sweep"]), pipelineSeconds: p.seconds,
    });
    console.error(`${format} ${n} rows: peak RSS ${peak} MiB (${r.seconds} s); diagnose stages ${pipelinePeak} MiB (${p.seconds} s)`);
  }
}
const result = { suite: "memory-statistics", date: new Date().toISOString(), node: process.version, cpus: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), runs };
mkdirSync("bench/results", { recursive: true });
writeFileSync(join("bench/results", `memory-statistics-${result.date.replace(/[:.]/g, "-")}.json`), JSON.stringify(result, null, 2) + "\n");
console.log(JSON.stringify(result, null, 2));
