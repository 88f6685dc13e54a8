// samples/bnlearn: the shipped networks are what generate.ts writes (seeded), read back silently
// (every row sums to 1 as written), and answer exactly; the smallest is checked against a sum over
// its whole joint, computed here from the file's own tables.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bifModel } from "../../src/core/dsl/bif-model";
import { parseBif } from "../../src/core/graph/bif/parse-bif";
import { NETWORKS, networkText } from "../../samples/bnlearn/generate";

const dir = join(__dirname, "..", "..", "samples", "bnlearn");
const read = (name: string) => readFileSync(join(dir, `${name}.bif`), "utf8");

describe("samples/bnlearn", () => {
  it.each(NETWORKS.map((o) => [o.name, o] as const))("ships exactly what generate.ts writes for %s, with the size asked", (name, o) => {
    const text = read(name);
    expect(text).toBe(networkText(o));
    const r = parseBif(text, `${name}.bif`);
    expect(r.diagnostics).toEqual([]);
    expect(r.network!.variables).toHaveLength(o.nodes);
    expect(r.network!.tables.reduce((a, t) => a + t.parents.length, 0)).toBe(o.arcs);
  });

  it("asia-sized: P(last | first = s0) equals the sum over all 2^8 joint states", () => {
    const net = parseBif(read("asia-sized"), "asia-sized.bif").network!;
    const vs = net.variables, n = vs.length;
    const idx = new Map(vs.map((v, i) => [v.name, i]));
    const joint = (x: number[]) => net.tables.reduce((p, t, i) => p * t.values[t.parents.reduce((r, q) => r * 2 + x[idx.get(q)!], 0) * 2 + x[i]], 1);
    const want = [0, 0];
    for (let e = 0; e < 2 ** n; e++) {
      const x = vs.map((_, i) => (e >> i) & 1);
      if (x[0] === 0) want[x[n - 1]] += joint(x);
    }
    const m = bifModel(net);
    const got = [0, 1].map((s) => m.condition({ [vs[0].name]: 0 }).prob({ [vs[n - 1].name]: s }, { method: "exact" }).value);
    expect(Math.abs(got[0] - want[0] / (want[0] + want[1]))).toBeLessThan(1e-15);
    expect(Math.abs(got[1] - want[1] / (want[0] + want[1]))).toBeLessThan(1e-15);
  });
});
