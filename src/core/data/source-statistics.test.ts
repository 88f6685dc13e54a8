// statisticsProvider's distinct values through SQL equal the streamed (no-SQL) answer for every
// kind of column, and read a continuous column by a top-n (ORDER BY ... LIMIT), never by a GROUP BY
// whose hash table would hold every distinct value of the file.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createRng } from "../random/rng";
import { memoryDataSource, openDataSource } from "./data-source";
import { readTable } from "./read-table";
import { statisticsProvider } from "./source-statistics";

const dir = mkdtempSync(join(tmpdir(), "source-statistics-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("statisticsProvider distinct", async () => {
  const rng = createRng(3), n = 3000, lines = ["cont,zeroinf,halves,bigint,small,cat"];
  for (let i = 0; i < n; i++) {
    const z = rng.normal();
    lines.push([
      z, // continuous
      rng.next() < 0.6 ? 0 : Math.abs(z), // many ties at 0, then continuous
      [0.5, 1.5, 2.5, -3.25][i % 4], // a few repeated non-integer values
      (i % 5) * 1_000_000 + (i % 3), // integers over a wide range, 15 values, tied
      i % 4, // integers of a small range
      ["p", "q", "r"][i % 3],
    ].join(","));
  }
  const file = join(dir, "d.csv");
  writeFileSync(file, lines.join("\n") + "\n");
  const source = await openDataSource(file);
  afterAll(() => source.close());
  const queries: string[] = [];
  const sql = statisticsProvider({ ...source, sql: (q: string) => { queries.push(q); return source.sql!(q); } });
  const scan = statisticsProvider(memoryDataSource(await readTable(file)));

  it("the limit + 1 smallest distinct values (all of them when fewer), as the table has them; the streamed answer agrees on how many", async () => {
    const table = await readTable(file);
    for (const name of ["cont", "zeroinf", "halves", "bigint", "small", "cat"]) {
      const all = [...new Set(table.columns.get(name)!.values)].sort((a, b) => a - b);
      for (const limit of [1, 3, 10, 1e6]) {
        const got = await sql.distinct(name, limit);
        expect(got, `${name} ${limit}`).toEqual(all.slice(0, limit + 1));
        expect((await scan.distinct(name, limit)).length).toBe(got.length);
      }
    }
    expect(await sql.distinct("halves", 10)).toEqual([-3.25, 0.5, 1.5, 2.5]);
    expect(await sql.distinct("bigint", 3)).toEqual([0, 1, 2, 1_000_000]);
    expect(source.range!("bigint")).toEqual({ min: 0, max: 4_000_002 });
    expect(source.range!("cat")).toBeUndefined();
  });

  it("a continuous column takes one top-n query; GROUP BY only for categories, small integer ranges and large limits", async () => {
    const of = async (name: string, limit: number) => { queries.length = 0; await sql.distinct(name, limit); return [...queries]; };
    const cont = await of("cont", 10);
    expect(cont).toHaveLength(1);
    expect(cont[0]).toMatch(/ORDER BY "cont" LIMIT 11$/);
    expect(cont[0]).not.toMatch(/GROUP BY/);
    const zero = await of("zeroinf", 10); // the ties at 0, then 11 values above 0
    expect(zero).toHaveLength(2);
    expect(zero[1]).toMatch(/WHERE "zeroinf" > CAST\('0' AS DOUBLE\) ORDER BY "zeroinf" LIMIT 11$/);
    expect(await of("halves", 10)).toHaveLength(5); // one per value, and one that finds the end
    expect(await of("bigint", 10)).toHaveLength(11); // wide range: top-n passes until 11 values
    for (const [name, limit] of [["small", 10], ["cat", 10], ["cont", 1e6]] as const) {
      const q = await of(name, limit);
      expect(q).toHaveLength(1);
      expect(q[0]).toMatch(/GROUP BY/);
    }
  });
});
