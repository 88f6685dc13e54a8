// openDataSource: a file as a DuckDB view gives readTable's values and readTable's errors (the
// same message for the same bad file, row and column named); memoryDataSource over columns.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CausalError } from "../errors/diagnostic";
import { CSV_BUFFER_BYTES, type DataSource, memoryDataSource, openDataSource, streamingReader } from "./data-source";
import { openDatabase, sqlString } from "./duckdb";
import { readTable, type ReadTableOptions } from "./read-table";
import { tableFromColumns } from "./table";

const dir = mkdtempSync(join(tmpdir(), "causal-source-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let k = 0;
function file(text: string, ext = "csv"): string {
  const p = join(dir, `s${k++}.${ext}`);
  writeFileSync(p, text);
  return p;
}
async function message(p: Promise<unknown>): Promise<string> {
  try { await p; } catch (e) { if (e instanceof CausalError) return e.message; throw e; }
  return "no error";
}
async function columns(source: DataSource, names: readonly string[]): Promise<number[][]> {
  const out = names.map(() => [] as number[]);
  await source.scan(names, (cols, n) => cols.forEach((c, j) => { for (let i = 0; i < n; i++) out[j].push(c[i]); }));
  return out;
}

describe("openDataSource", () => {
  it("holds readTable's values: numbers, integers, first-seen and declared categories, mapped names", async () => {
    const p = file('hourly_wage,edu,g,n\n10.5,hs,"b, c",1\n20,college,a,2\n7,hs,a,3\n');
    const options: ReadTableOptions = { map: { wage: "hourly_wage" }, levels: { edu: ["college", "hs"] } };
    const source = await openDataSource(p, options);
    const table = await readTable(p, options);
    try {
      expect(source.names).toEqual(table.names);
      expect(source.rowCount).toBe(3);
      for (const name of table.names) {
        const c = table.columns.get(name)!;
        expect(source.column(name)).toEqual(c.kind === "categorical" ? { kind: "categorical", levels: c.levels } : { kind: c.kind });
      }
      expect(await columns(source, table.names)).toEqual(table.names.map((nm) => Array.from(table.columns.get(nm)!.values)));
      expect(() => source.column("nope")).toThrow(`${p}: no column "nope"`);
    } finally {
      source.close();
    }
  });

  it("numbers with blanks around them (spaces, a tab, a no-break space) read as numbers, as readTable reads them", async () => {
    const p = file("a,b\n 5 ,1\n\t6,2.5\n\u00a07\u00a0,3\n");
    const table = await readTable(p);
    const source = await openDataSource(p);
    try {
      expect(Array.from(table.columns.get("a")!.values)).toEqual([5, 6, 7]);
      expect(table.columns.get("a")!.kind).toBe("integer");
      expect(source.column("a")).toEqual({ kind: "integer" });
      expect(source.column("b")).toEqual({ kind: "numeric" });
      expect(await columns(source, ["a", "b"])).toEqual([[5, 6, 7], [1, 2.5, 3]]);
    } finally {
      source.close();
    }
  });

  it("a JSON-lines file: numbers, booleans and text categories, as readTable reads them", async () => {
    const p = file('{"x": 1.5, "flag": true, "g": "a"}\n{"x": 2, "flag": false, "g": "b"}\n{"x": -3, "flag": true, "g": "a"}\n', "jsonl");
    const table = await readTable(p);
    const source = await openDataSource(p);
    try {
      expect(source.names).toEqual(table.names);
      expect(await columns(source, table.names)).toEqual(table.names.map((nm) => Array.from(table.columns.get(nm)!.values)));
      expect(source.column("g")).toEqual({ kind: "categorical", levels: ["a", "b"] });
    } finally {
      source.close();
    }
  });

  it("a Parquet file's typed columns", async () => {
    const p = join(dir, "typed.parquet");
    const db = await openDatabase();
    await db.run(`COPY (SELECT i::INTEGER AS i, i / 4 AS x, i % 2 = 0 AS flag FROM range(10) t(i)) TO ${sqlString(p)} (FORMAT parquet)`);
    db.close();
    const source = await openDataSource(p);
    try {
      expect(source.names).toEqual(["i", "x", "flag"]);
      expect([source.column("i").kind, source.column("x").kind, source.column("flag").kind]).toEqual(["integer", "numeric", "integer"]);
      const [i, x, flag] = await columns(source, ["i", "x", "flag"]);
      expect(i).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect(x[5]).toBe(1.25);
      expect(flag.slice(0, 3)).toEqual([1, 0, 1]);
    } finally {
      source.close();
    }
  });

  it("bad data: the same message as readTable for the same file (file, column, 1-based row)", async () => {
    const cases: [string, ReadTableOptions?][] = [
      ["a,b\n1,2\n3,\n"], // empty cell
      ["a\n1\nNaN\n"], // NaN
      ['a,note\n1,"two\nlines"\n2,x\nabc,y\n'], // text in a numeric column, a quoted newline before it
      ["g\nx\ny\nz\n", { levels: { g: ["x", "y"] } }], // category not declared
      ["g,h\nx,1\n,2\n"], // empty category
      ["a,b\n1,2\n3\n"], // ragged row
      [""], // empty file
      ["a,b\n"], // header only
      ["wage,edu\n1,a\n", { columns: ["wages"] }], // missing column
    ];
    for (const [text, options] of cases) {
      const p = file(text);
      const expected = await message(readTable(p, options));
      expect(expected).not.toBe("no error");
      expect(await message(openDataSource(p, options))).toBe(expected);
    }
  });

  it("requireVariation and requireValues name the file, the column and the row", async () => {
    const p = file("x,k,g\n1,5,a\n2,5,a\n3,5,a\n");
    const source = await openDataSource(p);
    try {
      await expect(source.requireVariation(["x", "k"], () => "y needs it to vary")).rejects.toThrow(`${p}: column "k" is constant (all 3 rows hold 5); y needs it to vary.`);
      await expect(source.requireVariation(["g"])).rejects.toThrow(`column "g" is constant (all 3 rows hold "a")`);
      await source.requireVariation(["x"]);
      expect([source.centre?.("x"), source.centre?.("k"), source.centre?.("g")]).toEqual([2, 5, undefined]);
      await expect(source.requireValues("x", { valid: (v) => v < 3, sqlInvalid: "v >= 3", what: (v) => `${v} is too big` })).rejects.toThrow(`${p}, row 4, column "x": 3 is too big.`);
    } finally {
      source.close();
    }
  });
});

describe("openDataSource's CSV buffer (2 MiB, for flat memory)", () => {
  it("a CSV of several buffers (rows across buffer boundaries) and one with a 1.9 MB cell read as readTable reads them", async () => {
    const lines = ["a,b,name"];
    for (let i = 0; i < 150000; i++) lines.push(`${(i * 0.7310585786).toFixed(9)},${i % 13},${["p", "q", "rr"][i % 3]}`);
    const wide = file(`a,b,name\n1,2,${"w".repeat(1_900_000)}\n3,4,short\n`);
    for (const path of [file(lines.join("\n") + "\n"), wide]) {
      const table = await readTable(path);
      const source = await openDataSource(path);
      try {
        expect(source.rowCount).toBe(table.rowCount);
        const got: number[][] = source.names.map(() => []);
        await source.scan(source.names, (cols, n) => cols.forEach((c, j) => { for (let i = 0; i < n; i++) got[j].push(c[i]); }));
        source.names.forEach((name, j) => expect(Float64Array.from(got[j])).toEqual(table.columns.get(name)!.values));
        const name = table.columns.get("name")!;
        expect(source.column("name")).toEqual({ kind: "categorical", levels: name.kind === "categorical" ? name.levels : [] });
      } finally { source.close(); }
    }
  });

  it("sets buffer_size on a CSV reader only", () => {
    expect(streamingReader("read_csv('x.csv', header=true)")).toBe(`read_csv('x.csv', header=true, buffer_size=${CSV_BUFFER_BYTES})`);
    expect(streamingReader("read_csv('x.csv', buffer_size=99)")).toBe("read_csv('x.csv', buffer_size=99)");
    expect(streamingReader("(SELECT a AS c0 FROM read_parquet('x.parquet'))")).toBe("(SELECT a AS c0 FROM read_parquet('x.parquet'))");
  });
});

describe("memoryDataSource", () => {
  it("reads plain columns and Tables (kinds and levels kept), and names bad cells by row", async () => {
    const s = memoryDataSource({ x: [1, 2.5], n: new Float64Array([1, 2]) });
    expect([s.rowCount, s.column("x").kind, s.column("n").kind]).toEqual([2, "numeric", "integer"]);
    expect(await columns(s, ["n", "x"])).toEqual([[1, 2], [1, 2.5]]);
    const t = memoryDataSource(tableFromColumns({ g: ["b", "a", "b"] }));
    expect(t.column("g")).toEqual({ kind: "categorical", levels: ["b", "a"] });
    expect(() => memoryDataSource({ x: [1, NaN] })).toThrow(`column "x", row 2: NaN (not a number).`);
    expect(() => memoryDataSource({ x: [1, 2], y: [1] })).toThrow(`column "y" has 1 rows, but column "x" has 2`);
    await expect(memoryDataSource({ k: [3, 3] }).requireVariation(["k"])).rejects.toThrow(`column "k" is constant (all 2 rows hold 3)`);
  });
});
