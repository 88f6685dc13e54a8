// Exact inference on the bnlearn networks, side by side with pgmpy 1.1.2's variable elimination
// (issue 14, "done when"). The networks are the BIF files inside pgmpy's wheel (read from the
// virtualenv, never shipped here); without Python the bench runs ours alone on samples/bnlearn.
// Three queries per network, chosen the same way for both: the marginal of the leaf with the most
// ancestors, a root ancestor of it given three other leaves (their first state), and that leaf
// under do(first non-root ancestor = its first state). CPU ms: ours by process.cpuUsage, pgmpy by
// time.process_time; "cold" is the first query on a freshly read network (ours builds the tables it
// needs then; pgmpy's load, reported apart, builds all of them), "warm" the median of BENCH_ROUNDS
// repeats with the tables built and the elimination run again, "repeat" (ours) the same query again
// with its joint kept. Answers are compared entry by entry (max absolute difference).
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { bifModel } from "../src/core/dsl/bif-model";
import { type BifNetwork, parseBif } from "../src/core/graph/bif/parse-bif";
import { printBif } from "../src/core/graph/bif/print-bif";
import { forgetJoints } from "../src/core/infer/exact-expectation";
import { answer } from "../src/core/query/answer";
import type { QuerySpec } from "../src/core/query/query-spec";

const RUNS = Number(process.env.BENCH_ROUNDS ?? 21); // 7 left the first networks' medians inside the JIT's warm-up (±50% between runs)
/** The 16 networks of the issue: bnlearn's small, medium and large discrete networks, with pathfinder and munin. */
const NETWORKS = ["asia", "cancer", "earthquake", "sachs", "survey", "alarm", "barley", "child", "insurance", "mildew", "water", "hailfinder", "hepar2", "win95pts", "pathfinder", "munin"];
const PYTHON = process.env.CAUSAL_BENCH_PYTHON ?? "bench/.venv/bin/python";
/** BENCH_NETWORKS=alarm,munin: only these; BENCH_PEER=0: ours alone (the files still come from pgmpy's wheel). */
const ONLY = process.env.BENCH_NETWORKS?.split(",");
const WITH_PEER = process.env.BENCH_PEER !== "0";

interface Q { name: string; target: string; evidence: Record<string, string>; do: Record<string, string> }

/** The pgmpy Python, made (bench/.venv, pip install pgmpy==1.1.2) when missing; undefined with the reason when it cannot be. */
function pgmpyPython(): { python?: string; reason?: string } {
  const works = (p: string) => spawnSync(p, ["-c", "import pgmpy; assert pgmpy.__version__ == '1.1.2'"], { stdio: "ignore" }).status === 0;
  if (existsSync(PYTHON) && works(PYTHON)) return { python: PYTHON };
  try {
    if (!existsSync("bench/.venv/bin/python")) execFileSync("python3", ["-m", "venv", "bench/.venv"], { stdio: "ignore", timeout: 120_000 });
    execFileSync("bench/.venv/bin/pip", ["install", "--quiet", "pgmpy==1.1.2"], { stdio: ["ignore", "ignore", "pipe"], timeout: 1_800_000 });
  } catch (e) {
    return { reason: `could not make bench/.venv with pgmpy 1.1.2: ${String((e as { stderr?: Buffer }).stderr ?? e).slice(-300)}` };
  }
  return works("bench/.venv/bin/python") ? { python: "bench/.venv/bin/python" } : { reason: "pip finished but pgmpy 1.1.2 does not import" };
}

/** The networks' BIF files: unpacked from pgmpy's wheel into .tmp/bnlearn, or the generated samples. */
function networkFiles(python: string | undefined): { name: string; file: string }[] {
  if (python) {
    const dir = execFileSync(python, ["-c", "import pgmpy, os; print(os.path.join(os.path.dirname(pgmpy.__file__), 'utils', 'example_models'))"]).toString().trim();
    mkdirSync(".tmp/bnlearn", { recursive: true });
    return NETWORKS.map((name) => {
      const file = join(".tmp/bnlearn", `${name}.bif`);
      if (!existsSync(file)) writeFileSync(file, gunzipSync(readFileSync(join(dir, `${name}.bif.gz`))));
      return { name, file };
    });
  }
  return readdirSync("samples/bnlearn").filter((f) => f.endsWith(".bif")).map((f) => ({ name: f.slice(0, -4), file: join("samples/bnlearn", f) }));
}

/** The three queries, from the network's structure alone (the same for both tools). */
function queries(net: BifNetwork): Q[] {
  const parents = new Map(net.tables.map((t) => [t.child, t.parents]));
  const children = new Set(net.tables.flatMap((t) => t.parents));
  const ancestors = (v: string): Set<string> => {
    const out = new Set<string>();
    const stack = [...parents.get(v)!];
    while (stack.length) { const p = stack.pop()!; if (!out.has(p)) { out.add(p); stack.push(...parents.get(p)!); } }
    return out;
  };
  const leaves = net.variables.map((v) => v.name).filter((v) => !children.has(v)).map((v) => ({ v, a: ancestors(v) })).sort((x, y) => y.a.size - x.a.size || (x.v < y.v ? -1 : 1));
  const deep = leaves[0];
  const order = new Map(net.variables.map((v, i) => [v.name, i]));
  const inOrder = [...deep.a].sort((x, y) => order.get(x)! - order.get(y)!);
  const root = inOrder.find((v) => parents.get(v)!.length === 0) ?? deep.v;
  const cut = inOrder.find((v) => parents.get(v)!.length > 0) ?? root;
  const first = (v: string) => net.variables[order.get(v)!].states[0];
  const evidence = Object.fromEntries(leaves.slice(1, 4).map((l) => [l.v, first(l.v)]));
  return [
    { name: "leafMarginal", target: deep.v, evidence: {}, do: {} },
    { name: "rootGivenLeaves", target: root, evidence, do: {} },
    { name: "doQuery", target: deep.v, evidence: {}, do: { [cut]: first(cut) } },
  ];
}

function cpuMs(f: () => unknown): number {
  const t0 = process.cpuUsage();
  f();
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / 1000;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x: number, d = 3) => Number(x.toFixed(d));

function ours(net: BifNetwork, qs: Q[]): { probabilities: number[]; coldMs: number; warmMs: number; repeatMs: number; method: string }[] {
  const states = new Map(net.variables.map((v) => [v.name, v.states]));
  const index = (rec: Record<string, string>) => Object.fromEntries(Object.entries(rec).map(([v, s]) => [v, states.get(v)!.indexOf(s)]));
  const model = bifModel(net);
  return qs.map((q) => {
    const spec: QuerySpec = { kind: "single", counterfactual: false, do: index(q.do), given: index(q.evidence), target: q.target };
    let a: ReturnType<typeof answer> | undefined;
    // Cold: a fresh model from the parsed network (no tables built, nothing cached).
    const fresh = bifModel(net);
    const coldMs = cpuMs(() => (a = answer(fresh, spec, { seed: 1, method: "exact" })));
    // Warm: the tables are built (as pgmpy's are once its model is read), the elimination itself runs again (kept joints dropped).
    answer(model, spec, { seed: 1, method: "exact" });
    const warm = Array.from({ length: RUNS }, () => { forgetJoints(); return cpuMs(() => answer(model, spec, { seed: 1, method: "exact" })); });
    const repeat = Array.from({ length: RUNS }, () => cpuMs(() => answer(model, spec, { seed: 1, method: "exact" })));
    if (a!.type !== "distribution") throw new Error(`expected a distribution for ${q.target}`);
    return { probabilities: a!.rows.map((r) => r.estimate.value), coldMs: round(coldMs), warmMs: round(median(warm)), repeatMs: round(median(repeat)), method: a!.rows[0].estimate.method };
  });
}

function peer(python: string, file: string, qs: Q[]): { loadMs?: number; queries?: { probabilities?: number[]; coldMs?: number; warmMs?: number; error?: string }[]; error?: string } {
  const r = spawnSync(python, ["bench/bnlearn_peer.py"], { input: JSON.stringify({ file, queries: qs, runs: RUNS }), maxBuffer: 1 << 26, timeout: 900_000 });
  if (r.status !== 0) return { error: `pgmpy exited ${r.status ?? r.signal}: ${r.stderr.toString().slice(-300)}` };
  return JSON.parse(r.stdout.toString());
}

export async function bench(): Promise<Record<string, unknown>> {
  const py = pgmpyPython();
  const out: Record<string, unknown> = { note: "CPU ms per query; cold = first query on a freshly read network, warm = median of repeats; maxDifference = largest |ours - pgmpy| over the target's states", peer: py.python ? "pgmpy 1.1.2 VariableElimination" : `none: ${py.reason}` };
  for (const { name, file } of networkFiles(py.python)) {
    if (ONLY && !ONLY.includes(name)) continue;
    const t0 = process.cpuUsage();
    const parsed = parseBif(readFileSync(file, "utf8"), file);
    const parseMs = round((process.cpuUsage(t0).user + process.cpuUsage(t0).system) / 1000, 1);
    if (!parsed.network) { out[name] = { error: parsed.diagnostics.slice(0, 3).map((d) => d.message) }; continue; }
    const qs = queries(parsed.network);
    process.stderr.write(`bench: bnlearn ${name} (${parsed.network.variables.length} nodes)\n`);
    const row: Record<string, unknown> = { nodes: parsed.network.variables.length, parseMs };
    let mine: ReturnType<typeof ours> | undefined;
    try {
      mine = ours(parsed.network, qs);
    } catch (e) {
      row.oursError = String(e instanceof Error ? e.message : e).slice(0, 300);
    }
    // pgmpy reads the network as ours holds it (rows normalised, printed with round-trip digits), so both work on the same tables.
    const same = join(".tmp", "bnlearn-normalised", `${name}.bif`);
    mkdirSync(join(".tmp", "bnlearn-normalised"), { recursive: true });
    writeFileSync(same, printBif(parsed.network));
    const theirs = py.python && WITH_PEER ? peer(py.python, same, qs) : undefined;
    if (theirs?.loadMs !== undefined) row.pgmpyLoadMs = round(theirs.loadMs, 1);
    if (theirs?.error) row.pgmpyError = theirs.error;
    qs.forEach((q, i) => {
      const m = mine?.[i], t = theirs?.queries?.[i];
      const diff = m && t?.probabilities ? Math.max(...m.probabilities.map((p, j) => Math.abs(p - t.probabilities![j]))) : undefined;
      row[q.name] = {
        query: `${q.target}${Object.keys(q.do).length ? ` | do(${Object.entries(q.do).map(([v, s]) => `${v}=${s}`).join(", ")})` : ""}${Object.keys(q.evidence).length ? ` | ${Object.entries(q.evidence).map(([v, s]) => `${v}=${s}`).join(", ")}` : ""}`,
        ...(m ? { oursColdMs: m.coldMs, oursWarmMs: m.warmMs, oursRepeatMs: m.repeatMs, method: m.method } : {}),
        ...(t?.coldMs !== undefined ? { pgmpyColdMs: round(t.coldMs), pgmpyWarmMs: round(t.warmMs!) } : t?.error ? { pgmpyError: t.error } : {}),
        ...(m && t?.warmMs !== undefined ? { warmRatio: round(t.warmMs / Math.max(m.warmMs, 1e-3), 1) } : {}),
        ...(diff !== undefined ? { maxDifference: diff } : {}),
      };
    });
    out[name] = row;
  }
  return out;
}
