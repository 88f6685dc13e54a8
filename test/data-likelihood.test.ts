// Across layers: a data file read by core/data, scored by logLikelihood, against closed forms
// computed here from the values written to the file. Columns bind to variables by name or by `map`.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { categorical, createRng, logLikelihood, normal, readTable, scm, tableFromColumns } from "causal-studio";

const dir = mkdtempSync(join(tmpdir(), "cs-data-ll-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const LOG_2PI = Math.log(2 * Math.PI);
const gaussLp = (x: number, mu: number, s: number) => -0.5 * ((x - mu) / s) ** 2 - Math.log(s) - 0.5 * LOG_2PI;

describe("logLikelihood of a table read from a file", () => {
  const n = 5000, rng = createRng(17);
  const levels = ["low", "mid", "high"], probs = [0.5, 0.3, 0.2];
  const g: number[] = [], w: number[] = [];
  const lines = ["grade,hourly_wage"];
  for (let i = 0; i < n; i++) {
    const u = rng.next(), k = u < 0.5 ? 0 : u < 0.8 ? 1 : 2;
    const y = Math.round((10 + 5 * k + 2 * rng.normal()) * 1000) / 1000; // three decimals, as a CSV holds them
    g.push(k); w.push(y); lines.push(`${levels[k]},${y}`);
  }
  const file = join(dir, "wages.csv");
  writeFileSync(file, lines.join("\n") + "\n");
  const m = scm("wages").variable("grade", () => categorical(probs)).variable("wage", ({ grade }) => normal(10 + 5 * grade, 2));
  let lg = 0, lw = 0;
  for (let i = 0; i < n; i++) { lg += Math.log(probs[g[i]]); lw += gaussLp(w[i], 10 + 5 * g[i], 2); }

  it("a CSV with a categorical column (declared levels) and a mapped column equals the closed form", async () => {
    const table = await readTable(file, { levels: { grade: levels }, map: { wage: "hourly_wage" } });
    const ll = logLikelihood(m, table);
    expect(ll.rows).toBe(n);
    expect(ll.perMechanism.grade.total).toBeCloseTo(lg, 6);
    expect(ll.perMechanism.wage.total).toBeCloseTo(lw, 6);
  });

  it("in-memory columns give the same numbers", () => {
    const table = tableFromColumns({ grade: g.map((k) => levels[k]), wage: w }, { levels: { grade: levels } });
    expect(logLikelihood(m, table).total).toBeCloseTo(lg + lw, 6);
  });

  it("a variable without a column names the file and says how to map one", async () => {
    const table = await readTable(file, { levels: { grade: levels } });
    expect(() => logLikelihood(m, table)).toThrow(/variable "wage" has none in the table read from .*wages\.csv \(its columns: grade, hourly_wage\)\. Map a column to it/);
  });
});
