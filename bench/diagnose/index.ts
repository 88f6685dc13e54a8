// `npm run bench diagnose`: the performance section of issue 11. A 20-variable linear-Gaussian
// model (bench/diagnose/dag20.causal.ts, from dag.ts: seed 11, 30 edges, one sink whose
// coefficients shift with the `env` column) diagnosed on 10^5 rows by the CLI
// (`causal-studio diagnose --env env --json`, under /usr/bin/time -v: wall, user+sys CPU, peak
// RSS of the whole process tree), the same checks called one by one in a child (per-check wall and
// CPU), the SQL-backed checks alone at 10^5 and 10^7 rows (Parquet and CSV: peak RSS flat?), a
// wrong graph (one edge dropped) for the smallest p-values, and beside them pgmpy's ImpliedCIs and
// DoWhy's gcm.evaluate_causal_model on the same data when a Python with both can be found or made
// (bench/.venv, or $CAUSAL_BENCH_PYTHON). Data files live in .tmp/bench-diagnose/ (kept between
// runs except the 10^7-row ones, which are removed unless CAUSAL_BENCH_KEEP=1).
// Figures only: nothing here fails on a slow result; the goal (report under 30 s on 2 cores) is
// stated beside the measurement.
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import { join, resolve } from "node:path";
import { build } from "esbuild";
import { dagSql, type Dag, EDGE_COUNT, ENV_SCALE, makeDag, modelSource, SEED, VARS } from "./dag";

const DIR = resolve(".tmp/bench-diagnose");
const MODEL = resolve("bench/diagnose/dag20.causal.ts");
const ALPHA = 0.01;
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
const log = (s: string) => process.stderr.write(`bench diagnose: ${s}\n`);

type Json = Record<string, unknown>;

/** Writes the data files that are missing (or whose generator changed) from a child node process. */
export function writeData(files: { name: string; rows: number; format: "csv" | "parquet" }[], dag: Dag): { written: string[]; seconds: number } {
  const stamp = createHash("sha256").update(dagSql(7, dag)).digest("hex").slice(0, 16);
  const stampFile = join(DIR, "generator.stamp");
  if (!existsSync(stampFile) || readFileSync(stampFile, "utf8") !== stamp) {
    rmSync(DIR, { recursive: true, force: true });
    mkdirSync(DIR, { recursive: true });
    writeFileSync(stampFile, stamp);
  }
  const todo = files.filter((f) => !existsSync(join(DIR, f.name)));
  if (!todo.length) return { written: [], seconds: 0 };
  log(`writing ${todo.map((f) => f.name).join(", ")}`);
  const statements = todo.map((f) => `COPY (${dagSql(f.rows, dag)}) TO '${join(DIR, `${f.name}.part`)}' (FORMAT ${f.format === "csv" ? "csv, HEADER" : "parquet"})`);
  const renames = todo.map((f) => [join(DIR, `${f.name}.part`), join(DIR, f.name)]);
  const script = `const d = require("@duckdb/node-api"); const fs = require("node:fs"); (async () => { const i = await d.DuckDBInstance.create(":memory:"); const c = await i.connect(); const s = ${JSON.stringify(statements)}, r = ${JSON.stringify(renames)}; for (let k = 0; k < s.length; k++) { await c.run(s[k]); fs.renameSync(r[k][0], r[k][1]); } })().catch((e) => { console.error(e); process.exit(1); });`;
  const t0 = performance.now();
  execFileSync(process.execPath, ["-e", script], { stdio: ["ignore", "inherit", "inherit"] });
  return { written: todo.map((f) => f.name), seconds: round((performance.now() - t0) / 1000, 1) };
}

/**
 * Runs a command under /usr/bin/time -v when there is one (wall, user + sys of the whole process
 * tree, peak RSS) and coreutils timeout (so a command past its limit is killed, children and all).
 */
function timed(cmd: string, args: string[], timeoutMs: number): { stdout: string; stderr: string; status: number | null; wallSeconds: number; cpuSeconds?: number; peakRssMiB?: number; timedOut: boolean; loadAverage1m: number } {
  const gnuTime = existsSync("/usr/bin/time"), limit = existsSync("/usr/bin/timeout");
  const argv = [...(gnuTime ? ["/usr/bin/time", "-v"] : []), ...(limit ? ["/usr/bin/timeout", "--signal=KILL", `${Math.ceil(timeoutMs / 1000)}`] : []), cmd, ...args];
  const t0 = performance.now();
  const r = spawnSync(argv[0], argv.slice(1), { encoding: "utf8", maxBuffer: 1 << 28, timeout: timeoutMs + 60_000 });
  const wallSeconds = round((performance.now() - t0) / 1000);
  const timedOut = r.status === 124 || r.status === 137 || r.signal === "SIGTERM" || /ETIMEDOUT/.test(String(r.error ?? ""));
  const out = { stdout: r.stdout ?? "", stderr: r.stderr ?? "", status: r.status, wallSeconds, timedOut, loadAverage1m: round(os.loadavg()[0]) };
  if (!gnuTime) return out;
  const grab = (re: RegExp) => Number(re.exec(out.stderr)?.[1] ?? NaN);
  const user = grab(/User time \(seconds\): ([\d.]+)/), sys = grab(/System time \(seconds\): ([\d.]+)/), rss = grab(/Maximum resident set size \(kbytes\): (\d+)/);
  return { ...out, ...(Number.isFinite(user) ? { cpuSeconds: round(user + sys) } : {}), ...(Number.isFinite(rss) ? { peakRssMiB: Math.round(rss / 1024) } : {}) };
}

async function bundleWorker(): Promise<string> {
  const outfile = resolve(".tmp/bench-diagnose-worker.mjs");
  await build({
    entryPoints: ["bench/diagnose/worker.ts"], bundle: true, platform: "node", format: "esm", target: "node20", outfile, logLevel: "warning",
    external: ["esbuild", "@duckdb/node-api", "@duckdb/node-bindings*"], alias: { "causal-studio": "./src/core/index.ts" },
    banner: { js: "import { createRequire as __cr } from 'node:module'; import { fileURLToPath as __fu } from 'node:url'; import { dirname as __dn } from 'node:path'; const require = __cr(import.meta.url); const __filename = __fu(import.meta.url); const __dirname = __dn(__filename);" },
  });
  return outfile;
}

/** The checks one by one in a child process (worker.ts). */
function workerCase(worker: string, model: string, data: string, env: string | undefined, mode: "all" | "sql"): Json {
  log(`core checks (${mode}) on ${data.split("/").pop()}`);
  const r = timed(process.execPath, [worker, model, data, env ?? "-", mode, String(ALPHA)], 1_800_000);
  if (r.status !== 0) return { error: `worker exited ${r.status}${r.timedOut ? " (timed out)" : ""}: ${r.stderr.slice(-800)}` };
  const j = JSON.parse(r.stdout.trim().split("\n").at(-1)!) as Json;
  return { file: data.split("/").pop(), fileMiB: round(statSync(data).size / 2 ** 20, 1), ...j, processWallSeconds: r.wallSeconds, processCpuSeconds: r.cpuSeconds, processPeakRssMiB: r.peakRssMiB, loadAverage1m: r.loadAverage1m };
}

/** `causal-studio diagnose` as a user runs it. */
function cliCase(model: string, data: string, env: string | undefined): Json {
  log(`CLI diagnose on ${data.split("/").pop()}`);
  const args = ["dist/cli.js", "diagnose", model, "--data", data, ...(env ? ["--env", env] : []), "--alpha", String(ALPHA), "--json"];
  const r = timed(process.execPath, args, 600_000);
  if (r.status !== 0) return { error: `exit ${r.status}${r.timedOut ? " (timed out after 600 s)" : ""}: ${r.stderr.slice(-800)}`, wallSeconds: r.wallSeconds };
  const j = JSON.parse(r.stdout) as { data: { rows: number }; counts: Json; checks: { kind: string; verdict: string; log10P: number | null; log10PAdjusted: number | null; p: number | null; variable?: string; input?: string; pair?: { x: string; y: string; given: string[] } }[]; skipped: unknown[]; timings?: Record<string, number> };
  const byKind: Record<string, { tests: number; fail: number; warn: number; minLog10P: number | null }> = {};
  for (const c of j.checks) {
    const k = (byKind[c.kind] ??= { tests: 0, fail: 0, warn: 0, minLog10P: null });
    k.tests++;
    if (c.verdict === "fail") k.fail++;
    if (c.verdict === "warn") k.warn++;
    if (c.log10P !== null && (k.minLog10P === null || c.log10P < k.minLog10P)) k.minLog10P = round(c.log10P);
  }
  const ps = j.checks.filter((c) => c.log10P !== null);
  const minCheck = ps.reduce((a, c) => (c.log10P! < a.log10P! ? c : a), ps[0]);
  return {
    file: data.split("/").pop(), rows: j.data.rows, wallSeconds: r.wallSeconds, cpuSeconds: r.cpuSeconds, peakRssMiB: r.peakRssMiB, loadAverage1m: r.loadAverage1m,
    goal: "whole report under 30 s on 2 cores", met: r.wallSeconds < 30,
    timingsMs: j.timings ? Object.fromEntries(Object.entries(j.timings).map(([k, v]) => [k, round(v, 0)])) : "the JSON has no timings field (see the core-checks case)",
    counts: j.counts, checks: j.checks.length, skipped: j.skipped.length, byKind,
    failed: j.checks.filter((c) => c.verdict === "fail").map((c) => `${c.kind} ${c.variable ?? `${c.pair?.x} _||_ ${c.pair?.y} | ${c.pair?.given.join(",")}`}${c.input ? ` (${c.input})` : ""}`),
    smallestP: minCheck ? { kind: minCheck.kind, variable: minCheck.variable, log10P: round(minCheck.log10P!), pAsDouble: minCheck.p } : null,
  };
}

/** A Python with pgmpy and dowhy: $CAUSAL_BENCH_PYTHON, bench/.venv, or bench/.venv made (or completed) here. */
function findPython(): { python?: string; installSeconds?: number; reason?: string } {
  const has = (p: string) => { try { execFileSync(p, ["-c", "import pgmpy, dowhy, pandas, networkx"], { stdio: "ignore", timeout: 120_000 }); return true; } catch { return false; } };
  for (const p of [process.env.CAUSAL_BENCH_PYTHON, "bench/.venv/bin/python"]) if (p && existsSync(p) && has(p)) return { python: p };
  if (process.env.CAUSAL_BENCH_NO_INSTALL) return { reason: "no Python with pgmpy and dowhy, and CAUSAL_BENCH_NO_INSTALL is set" };
  const t0 = performance.now();
  try {
    if (!existsSync("bench/.venv/bin/python")) execFileSync("python3", ["-m", "venv", "bench/.venv"], { stdio: ["ignore", "ignore", "pipe"], timeout: 120_000 });
    log("installing dowhy pgmpy pandas networkx into bench/.venv (pip)");
    execFileSync("bench/.venv/bin/pip", ["install", "--quiet", "dowhy", "pgmpy", "pandas", "networkx"], { stdio: ["ignore", "ignore", "pipe"], timeout: 1_200_000 });
  } catch (e) {
    return { reason: `could not make bench/.venv with dowhy and pgmpy (python3 -m venv bench/.venv && bench/.venv/bin/pip install dowhy pgmpy pandas networkx): ${(e as { stderr?: Buffer }).stderr?.toString().slice(-400) ?? String(e)}` };
  }
  return has("bench/.venv/bin/python") ? { python: "bench/.venv/bin/python", installSeconds: round((performance.now() - t0) / 1000, 1) } : { reason: "pip finished but pgmpy/dowhy do not import" };
}

function peer(python: string, kind: "pgmpy" | "dowhy" | "dowhy-lmc", data: string, graph: string, arg: string, timeoutMs: number): Json {
  log(`${kind} ${arg} on ${data.split("/").pop()}`);
  const r = timed(python, ["bench/diagnose/peers.py", kind, data, graph, arg], timeoutMs);
  if (r.timedOut) return { error: `did not finish within ${timeoutMs / 1000} s (load average ${r.loadAverage1m})`, wallSeconds: r.wallSeconds, cpuSeconds: r.cpuSeconds };
  if (r.status !== 0) return { error: `exit ${r.status}: ${r.stderr.replace(/\n\s*Command being timed[\s\S]*/, "").slice(-800)}` };
  return { ...(JSON.parse(r.stdout.trim().split("\n").at(-1)!) as Json), processWallSeconds: r.wallSeconds, processCpuSeconds: r.cpuSeconds, processPeakRssMiB: r.peakRssMiB, loadAverage1m: r.loadAverage1m };
}

export async function bench(): Promise<Json> {
  const dag = makeDag();
  const source = modelSource(dag);
  if (readFileSync(MODEL, "utf8") !== source) throw new Error(`${MODEL} differs from modelSource() in bench/diagnose/dag.ts; regenerate it (write modelSource() to that file) or revert dag.ts`);
  mkdirSync(DIR, { recursive: true });
  const graph = join(DIR, "graph.json");
  const nodes = Array.from({ length: VARS }, (_, v) => `v${v}`);
  writeFileSync(graph, JSON.stringify({ nodes, edges: dag.edges }));
  // The wrong graph: the model without its strongest edge into a variable with other parents.
  const dropped = dag.parents.flatMap((ps, j) => (ps.length >= 2 ? ps.map(([i, c]) => ({ i, j, c })) : [])).reduce((a, e) => (Math.abs(e.c) > Math.abs(a.c) ? e : a));
  const wrongDag: Dag = { ...dag, parents: dag.parents.map((ps, j) => (j === dropped.j ? ps.filter(([i]) => i !== dropped.i) : ps)), edges: dag.edges.filter(([a, b]) => !(a === `v${dropped.i}` && b === `v${dropped.j}`)) };
  const wrongModel = join(DIR, "dag20-missing-edge.causal.ts");
  writeFileSync(wrongModel, modelSource(wrongDag).replace(`scm("dag20")`, `scm("dag20 without v${dropped.i} -> v${dropped.j}")`));
  const wrongGraph = join(DIR, "graph-missing-edge.json");
  writeFileSync(wrongGraph, JSON.stringify({ nodes, edges: wrongDag.edges }));

  const small = writeData([
    { name: "dag-2e3.csv", rows: 2_000, format: "csv" }, { name: "dag-2e4.csv", rows: 20_000, format: "csv" },
    { name: "dag-1e5.csv", rows: 100_000, format: "csv" }, { name: "dag-1e5.parquet", rows: 100_000, format: "parquet" },
  ], dag);
  const f = (n: string) => join(DIR, n);

  log("npm run build");
  execFileSync(process.execPath, [".ci/build.mjs"], { stdio: ["ignore", "ignore", "inherit"] });
  const worker = await bundleWorker();
  const out: Json = {
    model: { file: "bench/diagnose/dag20.causal.ts", variables: VARS, edges: EDGE_COUNT, seed: SEED, shiftedMechanism: `v${dag.shifted}`, envScale: ENV_SCALE, droppedEdgeForWrongGraph: `v${dropped.i} -> v${dropped.j} (${dropped.c})` },
    alpha: ALPHA, dataWrite: small,
  };

  // Ours, 10^5 rows.
  out.cli1e5Parquet = cliCase(MODEL, f("dag-1e5.parquet"), "env");
  out.cli1e5Csv = cliCase(MODEL, f("dag-1e5.csv"), "env");
  out.cli2e3Csv = cliCase(MODEL, f("dag-2e3.csv"), "env");
  out.checks1e5Parquet = workerCase(worker, MODEL, f("dag-1e5.parquet"), "env", "all");
  out.wrongGraph1e5 = cliCase(wrongModel, f("dag-1e5.parquet"), "env");

  // The Python peers on the same CSV files.
  // CAUSAL_BENCH_DIAGNOSE_PEERS=0: ours only (a re-run of our figures without the half hour of peers).
  const py: ReturnType<typeof findPython> = process.env.CAUSAL_BENCH_DIAGNOSE_PEERS === "0" ? { reason: "skipped: CAUSAL_BENCH_DIAGNOSE_PEERS=0" } : findPython();
  if (py.python) {
    const peers: Json = { python: py.python, ...(py.installSeconds !== undefined ? { installSeconds: py.installSeconds } : {}) };
    peers.pgmpyFisherZ2e3 = peer(py.python, "pgmpy", f("dag-2e3.csv"), graph, "fisher_z", 600_000);
    peers.pgmpyFisherZ1e5 = peer(py.python, "pgmpy", f("dag-1e5.csv"), graph, "fisher_z", 600_000);
    peers.pgmpyPearsonr1e5 = peer(py.python, "pgmpy", f("dag-1e5.csv"), graph, "pearsonr", 600_000);
    peers.pgmpyFisherZWrongGraph1e5 = peer(py.python, "pgmpy", f("dag-1e5.csv"), wrongGraph, "fisher_z", 600_000);
    // DoWhy's local tests alone, twice with different seeds (its kernel tests subsample 500 rows), then at 10^5 rows.
    peers.dowhyLmc2e3Seed1 = peer(py.python, "dowhy-lmc", f("dag-2e3.csv"), graph, "1", 600_000);
    peers.dowhyLmc2e3Seed2 = peer(py.python, "dowhy-lmc", f("dag-2e3.csv"), graph, "2", 600_000);
    peers.dowhyLmc1e5Seed1 = peer(py.python, "dowhy-lmc", f("dag-1e5.csv"), graph, "1", 600_000);
    const a = peers.dowhyLmc2e3Seed1 as { violated?: string[] }, b = peers.dowhyLmc2e3Seed2 as { violated?: string[] };
    if (a.violated && b.violated) {
      const A = new Set(a.violated), B = new Set(b.violated);
      peers.dowhyVerdictFlips2e3 = { onlySeed1: a.violated.filter((x) => !B.has(x)), onlySeed2: b.violated.filter((x) => !A.has(x)) };
    }
    // The whole gcm.evaluate_causal_model (mechanism k-fold CRPS, invertibility, KL, falsify_graph with 50 permutations),
    // given $CAUSAL_BENCH_DOWHY_FULL_S seconds (default 480) at 2,000 rows, then 10^5 rows only if 2,000 finished.
    const fullS = Number(process.env.CAUSAL_BENCH_DOWHY_FULL_S ?? 480);
    peers.dowhyEvaluate2e3Seed1 = peer(py.python, "dowhy", f("dag-2e3.csv"), graph, "1", fullS * 1000);
    if (!(peers.dowhyEvaluate2e3Seed1 as Json).error) peers.dowhyEvaluate1e5Seed1 = peer(py.python, "dowhy", f("dag-1e5.csv"), graph, "1", 300_000);
    out.peers = peers;
  } else out.peers = { skipped: py.reason };

  // Ours, SQL-backed checks only: 10^5 against 10^7 rows (peak RSS flat?).
  const big = writeData([{ name: "dag-1e7.parquet", rows: 10_000_000, format: "parquet" }, { name: "dag-1e7.csv", rows: 10_000_000, format: "csv" }], dag);
  out.dataWrite1e7 = big;
  const sql: Json = {
    parquet1e5: workerCase(worker, MODEL, f("dag-1e5.parquet"), "env", "sql"),
    csv1e5: workerCase(worker, MODEL, f("dag-1e5.csv"), "env", "sql"),
    parquet1e7: workerCase(worker, MODEL, f("dag-1e7.parquet"), "env", "sql"),
    csv1e7: workerCase(worker, MODEL, f("dag-1e7.csv"), "env", "sql"),
  };
  const peak = (k: string) => (sql[k] as { processPeakRssMiB?: number; peakRssMiB?: number }).processPeakRssMiB ?? (sql[k] as { peakRssMiB?: number }).peakRssMiB;
  sql.rssFlat = {
    parquet: { peakMiB1e5: peak("parquet1e5"), peakMiB1e7: peak("parquet1e7"), ratio: round((peak("parquet1e7") ?? NaN) / (peak("parquet1e5") ?? NaN)) },
    csv: { peakMiB1e5: peak("csv1e5"), peakMiB1e7: peak("csv1e7"), ratio: round((peak("csv1e7") ?? NaN) / (peak("csv1e5") ?? NaN)) },
  };
  out.sqlChecks = sql;
  if (!process.env.CAUSAL_BENCH_KEEP) for (const n of ["dag-1e7.parquet", "dag-1e7.csv"]) rmSync(f(n), { force: true });

  out.comparison = comparison(out);
  // Also on its own, beside the suite runner's file: bench/results/diagnose-<date>.json.
  mkdirSync("bench/results", { recursive: true });
  const file = `bench/results/diagnose-${new Date().toISOString().replace(/[:.]/g, "-")}.json`;
  writeFileSync(file, JSON.stringify({ machine: machine(), results: { diagnose: out } }, null, 2) + "\n");
  log(`wrote ${file}`);
  return out;
}

function machine(): Json {
  let commit = "unknown";
  try { commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim(); } catch { /* not a git checkout */ }
  return {
    date: new Date().toISOString(), commit, node: process.version, platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    cpu: os.cpus()[0]?.model ?? "unknown", cores: os.cpus().length, memoryGiB: Math.round(os.totalmem() / 2 ** 30), loadAverage: os.loadavg().map((x) => round(x)),
  };
}

/** The side-by-side table of the issue: tests, flagged, time, smallest p. */
function comparison(out: Json): Json[] {
  const rows: Json[] = [];
  const cli = out.cli1e5Csv as Json & { byKind?: Record<string, { tests: number; fail: number; minLog10P: number | null }> };
  const cli2 = out.cli2e3Csv as typeof cli;
  const checks = out.checks1e5Parquet as { steps?: Record<string, { wallMs: number; cpuMs: number; tests?: number; counts?: Record<string, number>; minLog10P?: number | null; extra?: { rawBelowAlpha?: number; rawBelow005?: number } }> };
  const wrong = out.wrongGraph1e5 as typeof cli;
  if (cli.byKind) rows.push({ what: "ours: diagnose, whole report (CLI, 10^5 rows CSV, --env)", rows: 100_000, tests: cli.checks, flagged: (cli.counts as Json)?.fail, wallSeconds: cli.wallSeconds, cpuSeconds: cli.cpuSeconds, smallestLog10P: (cli.smallestP as Json)?.log10P });
  if (cli2.byKind) rows.push({ what: "ours: diagnose, whole report (CLI, 2,000 rows CSV, --env)", rows: 2_000, tests: cli2.checks, flagged: (cli2.counts as Json)?.fail, wallSeconds: cli2.wallSeconds, cpuSeconds: cli2.cpuSeconds, smallestLog10P: (cli2.smallestP as Json)?.log10P });
  const lt = checks.steps?.["local tests"];
  if (lt) rows.push({ what: "ours: local tests (Fisher z from one SQL moment matrix, Holm at 0.01), 10^5 rows", rows: 100_000, tests: lt.tests, flagged: lt.counts?.fail, rawBelow001: lt.extra?.rawBelowAlpha, rawBelow005: lt.extra?.rawBelow005, wallSeconds: round(lt.wallMs / 1000), cpuSeconds: round(lt.cpuMs / 1000), smallestLog10P: lt.minLog10P });
  if (cli2.byKind?.["local-test"]) rows.push({ what: "ours: local tests, 2,000 rows", rows: 2_000, tests: cli2.byKind["local-test"].tests, flagged: cli2.byKind["local-test"].fail, smallestLog10P: cli2.byKind["local-test"].minLog10P });
  if (wrong.byKind?.["local-test"]) rows.push({ what: "ours: local tests on the wrong graph (one edge dropped), 10^5 rows", rows: 100_000, tests: wrong.byKind["local-test"].tests, flagged: wrong.byKind["local-test"].fail, smallestLog10P: wrong.byKind["local-test"].minLog10P });
  const peers = (out.peers ?? {}) as Record<string, Json>;
  for (const [k, v] of Object.entries(peers)) {
    if (typeof v !== "object" || v === null || Array.isArray(v) || k === "dowhyVerdictFlips2e3" || k === "python") continue;
    if (v.error) { rows.push({ what: k, error: v.error }); continue; }
    rows.push({
      what: `${v.tool}${v.seed !== undefined ? ` seed ${v.seed}` : ""}${k.includes("Wrong") ? " on the wrong graph" : ""}`, rows: v.rows, tests: v.tests,
      flagged: v.lmcViolations ?? v.holmBelow001, flaggedRule: v.lmcViolations !== undefined ? `p <= ${v.lmcViolationLevel} (its own, no correction)` : "Holm at 0.01 (computed by the bench from its raw p)",
      rawBelow001: v.below001, rawBelow005: v.below005, wallSeconds: v.wallSeconds, cpuSeconds: v.cpuSeconds, smallestP: v.minP, zeroP: v.zeroP, smallestLog10P: v.minLog10P,
    });
  }
  return rows;
}
