// `causal-studio graph` end to end on random DAGs (500 and 1,000 nodes, expected degree 3, fixed seed)
// with the default options, text and --json: what a user waits for (issue 15's goal: 1,000 nodes under
// 2 s). Runs the built dist/cli.js as a child process; CPU is the child's user + system time (read from
// /proc/self/stat's children fields, 10 ms ticks), wall the time to exit. The figures before issue 15
// (11 s and 77 s, 45 MB of JSON) are the issue's own measurements of the per-pair default list.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createRng } from "../src/core/random/rng";

const SIZES = [500, 1000];
const RUNS = Number(process.env.BENCH_ROUNDS ?? 5);

function dagitty(n: number, seed: number): string {
  const r = createRng(seed);
  const p = 3 / (n - 1);
  const lines = ["dag {"];
  for (let i = 0; i < n; i++) lines.push(`v${i}`);
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (r.next() < p) lines.push(`v${i} -> v${j}`);
  lines.push("}");
  return lines.join("\n") + "\n";
}

/** CPU seconds of waited-for children so far (Linux: utime + stime of children, in clock ticks). */
function childCpuMs(): number {
  const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1].split(" ");
  return (Number(fields[13]) + Number(fields[14])) * 10; // cutime, cstime (fields 16, 17; 100 ticks per second)
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function bench(): Promise<Record<string, unknown>> {
  if (!existsSync("dist/cli.js")) return { error: "dist/cli.js is missing: run npm run build first" };
  mkdirSync(".tmp/graph-cli", { recursive: true });
  const out: Record<string, unknown> = {
    note: "ms per run of `node dist/cli.js graph random-N.dagitty [--json]` with the default options (median of BENCH_ROUNDS); cpu = the child's user + system time",
    before: { source: "issue 15 (per-pair implications by default, TypeScript bundled)", "500": { wallMs: 11_000 }, "1000": { wallMs: 77_000, jsonMB: 45 } },
  };
  for (const n of SIZES) {
    const file = join(".tmp/graph-cli", `random-${n}.dagitty`);
    writeFileSync(file, dagitty(n, 7));
    const row: Record<string, unknown> = {};
    for (const [name, extra] of [["text", []], ["json", ["--json"]]] as const) {
      const wall: number[] = [], cpu: number[] = [];
      let bytes = 0;
      for (let i = 0; i < RUNS; i++) {
        const c0 = childCpuMs(), t0 = performance.now();
        const r = spawnSync(process.execPath, ["dist/cli.js", "graph", file, ...extra], { maxBuffer: 1 << 28 });
        wall.push(performance.now() - t0);
        cpu.push(childCpuMs() - c0);
        if (r.status !== 0) return { error: `graph exited ${r.status}: ${r.stderr.toString().slice(0, 300)}` };
        bytes = r.stdout.length;
      }
      row[name] = { wallMs: Math.round(median(wall)), cpuMs: median(cpu), outputKB: Math.round(bytes / 1024) };
    }
    out[String(n)] = row;
    process.stderr.write(`bench: graph-cli ${n} nodes: ${JSON.stringify(row)}\n`);
  }
  return out;
}
