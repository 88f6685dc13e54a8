// Design goal "exact discrete queries: 10x faster than WebPPL's Enumerate on the same network":
// P(last = 1 | x0 = 1) on the engine bench's binary networks (same generator, same seed, so the
// same tables), answered by our exact inference and by WebPPL 0.9.15's Infer({ method:
// 'enumerate' }). Both answers must agree to 1e-9 or the suite fails. WebPPL enumerates every
// path (about 2^(n-1) after condition(x0)), so networks whose enumeration is estimated to take
// longer than the cap are skipped (the estimate is stated), and every run is capped by WebPPL's
// own maxRuntimeInMS option.
import { Query } from "../src/core/index";
import { binaryNetwork, binaryNetworkNodes, type Shape } from "./binary-networks";
import { compileWebppl, runWebppl, webpplProgram } from "./webppl-enumerate";

const SEED = 42; // as in bench/engine.ts
const CAP_MS = 20_000;
const TOLERANCE = 1e-9;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const round = (x: number): number => Number(x.toPrecision(4));

export async function bench(): Promise<Record<string, unknown>> {
  const networks: Record<string, Record<string, unknown>> = {};
  const perPathNodeMs: Partial<Record<Shape, number>> = {}; // WebPPL's measured ms per enumerated path and node, largest size run so far
  for (const shape of ["chain", "tree", "polytree", "loopy"] as Shape[]) {
    for (const n of [10, 20, 40]) {
      const target = `x${n - 1}`;
      const spec = binaryNetwork(shape, n, SEED); // built once, as in bench/engine.ts
      const q = new Query(() => spec).condition({ x0: 1 });
      const ours = q.prob({ [target]: 1 }, { method: "exact" }).value; // also the warm-up
      const ourTimes: number[] = [];
      for (let i = 0; i < 15; i++) { const t0 = performance.now(); q.prob({ [target]: 1 }, { method: "exact" }); ourTimes.push(performance.now() - t0); }
      const oursMs = median(ourTimes);
      const row: Record<string, unknown> = { oursMs: round(oursMs), ours };
      networks[`${shape}-${n}`] = row;

      const paths = 2 ** (n - 1);
      const estimateMs = (perPathNodeMs[shape] ?? 0) * paths * n;
      if (estimateMs > CAP_MS) {
        row.webppl = `skipped: ~${paths.toExponential(1)} paths to enumerate, estimated ${(estimateMs / 8.64e7).toFixed(0)} days from the time per path and node measured on the ${n / 2}-node network (cap ${CAP_MS / 1000} s)`;
        continue;
      }
      const program = compileWebppl(webpplProgram(binaryNetworkNodes(shape, n, SEED), "x0", target, CAP_MS));
      let warm;
      try {
        warm = runWebppl(program);
      } catch (e) {
        row.webppl = `stopped by the ${CAP_MS / 1000} s cap: ${e instanceof Error ? e.message : String(e)}`;
        continue;
      }
      // More warm-up while runs are short, so WebPPL's runtime is JIT-compiled before timing.
      for (let spent = warm.runMs, k = 1; k < 20 && spent < 300; k++) spent += runWebppl(program).runMs;
      const runs = Math.max(3, Math.min(15, Math.floor(6000 / Math.max(warm.runMs, 1e-3))));
      const inferTimes: number[] = [];
      const runTimes: number[] = [];
      for (let i = 0; i < runs; i++) {
        const r = runWebppl(program);
        if (r.probability !== warm.probability) throw new Error(`${shape}-${n}: WebPPL gave ${r.probability} then ${warm.probability}`);
        inferTimes.push(r.inferMs);
        runTimes.push(r.runMs);
      }
      const webpplMs = median(inferTimes);
      perPathNodeMs[shape] = webpplMs / (paths * n);
      const difference = Math.abs(ours - warm.probability);
      if (!(difference <= TOLERANCE)) throw new Error(`${shape}-${n}: ours ${ours} vs WebPPL ${warm.probability} differ by ${difference}`);
      Object.assign(row, {
        webpplMs: round(webpplMs), webpplRunMs: round(median(runTimes)), webpplCompileMs: round(program.compileMs), webpplRuns: runs,
        ratio: round(webpplMs / oursMs), goal10xMet: webpplMs / oursMs >= 10,
        webppl: warm.probability, agreeTo1e9: true, difference,
      });
    }
  }
  return {
    networks,
    query: "P(last = 1 | x0 = 1), binary networks of bench/binary-networks.ts, seed 42",
    goal: "exact discrete queries: 10x faster than WebPPL's Enumerate on the same network (ratio = webpplMs / oursMs >= 10)",
    note: "medians in ms. oursMs: Query.prob(..., { method: 'exact' }) including building the tables (15 runs after a warm-up, as in bench/engine.ts). webpplMs: the Infer({ method: 'enumerate' }) call alone, timed inside the program (compiled once beforehand; warmed up by runs until 300 ms or 20 runs); webpplRunMs: the whole run of the compiled program. WebPPL 0.9.15 from npm, run in this process.",
  };
}
