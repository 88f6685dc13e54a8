// Tabular CPTs equal the counts (counted here row by row), from memory and from a CSV by GROUP BY;
// an unseen parent configuration is uniform with a warning naming it; standard errors are
// sqrt(p (1 - p) / n_config).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { memoryDataSource, openDataSource } from "../../data/data-source";
import { createRng } from "../../random/rng";
import { learnedSpec } from "./closed-form.test-util";
import { fitTabular } from "./tabular";

const dir = mkdtempSync(join(tmpdir(), "causal-cpt-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("fitTabular", () => {
  const n = 2000, rng = createRng(5);
  const a = new Float64Array(n), s = new Float64Array(n), w = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    a[i] = rng.next() < 0.4 ? 1 : 0;
    s[i] = a[i] === 1 ? 0 : Math.floor(rng.next() * 3); // (a=1, s=1) and (a=1, s=2) never occur
    w[i] = Math.floor(rng.next() * (2 + a[i] + s[i] / 2)) % 3;
  }
  const spec = learnedSpec("tabular", "w", ["a", "s"], { levels: 3, featureLevels: [2, 3] });
  const counts = new Float64Array(6 * 3);
  for (let i = 0; i < n; i++) counts[(a[i] * 3 + s[i]) * 3 + w[i]]++;

  it("the CPT is counts / total per configuration; unseen ones uniform and named in a warning", async () => {
    const r = await fitTabular({ variable: "w", parents: ["a", "s"], learned: spec, source: memoryDataSource({ a, s, w }) });
    const cpt = r.params["w.cpt"] as Float64Array, se = r.standardErrors["w.cpt"] as Float64Array;
    for (let c = 0; c < 6; c++) {
      const total = counts[c * 3] + counts[c * 3 + 1] + counts[c * 3 + 2];
      for (let y = 0; y < 3; y++) {
        if (total === 0) { expect(cpt[c * 3 + y]).toBe(1 / 3); expect(se[c * 3 + y]).toBeNaN(); continue; }
        const p = counts[c * 3 + y] / total;
        expect(cpt[c * 3 + y]).toBe(p);
        expect(se[c * 3 + y]).toBeCloseTo(Math.sqrt((p * (1 - p)) / total), 14);
      }
    }
    expect(r.warnings).toEqual([`the table of "w": 2 of 6 parent configurations never occur in the data (a=1, s=1; a=1, s=2); their rows are uniform (1/3)`]);
    let nll = 0;
    for (let i = 0; i < n; i++) nll -= Math.log(cpt[(a[i] * 3 + s[i]) * 3 + w[i]]);
    expect(r.loss).toBeCloseTo(nll / n, 12);
    expect(r.method).toBe("counts");
  });

  it("a CSV of text categories with declared levels counts the same in SQL", async () => {
    const path = join(dir, "cpt.csv");
    const names = ["low", "mid", "high"];
    writeFileSync(path, "a,s,w\n" + Array.from({ length: n }, (_, i) => `${a[i] ? "yes" : "no"},${names[s[i]]},${w[i]}`).join("\n") + "\n");
    const source = await openDataSource(path, { levels: { a: ["no", "yes"], s: names } });
    try {
      expect(source.column("s")).toEqual({ kind: "categorical", levels: names });
      const r = await fitTabular({ variable: "w", parents: ["a", "s"], learned: spec, source });
      const mem = await fitTabular({ variable: "w", parents: ["a", "s"], learned: spec, source: memoryDataSource({ a, s, w }) });
      expect(Array.from(r.params["w.cpt"] as Float64Array)).toEqual(Array.from(mem.params["w.cpt"] as Float64Array));
      const scan = await fitTabular({ variable: "w", parents: ["a", "s"], learned: spec, source, path: "scan" });
      expect(Array.from(scan.params["w.cpt"] as Float64Array)).toEqual(Array.from(mem.params["w.cpt"] as Float64Array));
    } finally {
      source.close();
    }
  });

  it("a parent value outside its levels names the row", async () => {
    const bad = await fitTabular({ variable: "w", parents: ["a", "s"], learned: spec, source: memoryDataSource({ a, s: s.map((v, i) => (i === 9 ? 3 : v)), w }) }).catch((e: Error) => e.message);
    expect(bad).toBe(`column "s", row 10: 3 in a parent of the table of "w", which has 3 levels (0..2).`);
  });
});
