import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CausalError } from "../errors/diagnostic";
import { openDatabase, sqlString } from "./duckdb";
import { readTable } from "./read-table";
import type { Column } from "./table";

const dir = mkdtempSync(join(tmpdir(), "causal-data-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
function file(text: string, ext = "csv"): string {
  const p = join(dir, `f${n++}.${ext}`);
  writeFileSync(p, text);
  return p;
}
async function failure(p: Promise<unknown>): Promise<CausalError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof CausalError) return e;
    throw e;
  }
  throw new Error("expected a CausalError");
}
const values = (c: Column | undefined) => Array.from(c?.values ?? []);

describe("readTable: CSV", () => {
  it("reads numeric, integer and categorical columns, quoted fields included", async () => {
    const p = file('x,y,g\n1,2.5,a\n2,-1e3,"b, c"\n3,0.125,a\n');
    const t = await readTable(p);
    expect(t.rowCount).toBe(3);
    expect(t.names).toEqual(["x", "y", "g"]);
    expect(t.columns.get("x")).toMatchObject({ kind: "integer" });
    expect(values(t.columns.get("x"))).toEqual([1, 2, 3]);
    expect(t.columns.get("y")?.kind).toBe("numeric");
    expect(values(t.columns.get("y"))).toEqual([2.5, -1000, 0.125]);
    expect(t.columns.get("g")).toMatchObject({ kind: "categorical", levels: ["a", "b, c"] });
    expect(values(t.columns.get("g"))).toEqual([0, 1, 0]);
  });
  it("reads only the asked columns, maps variables to columns and keeps declared level order", async () => {
    const p = file("hourly_wage,edu,other\n10,hs,z\n20,college,z\n");
    const t = await readTable(p, { columns: ["wage", "edu"], map: { wage: "hourly_wage" }, levels: { edu: ["college", "hs"] } });
    expect(t.names).toEqual(["wage", "edu"]);
    expect(values(t.columns.get("wage"))).toEqual([10, 20]);
    expect(t.columns.get("edu")).toMatchObject({ levels: ["college", "hs"] });
    expect(values(t.columns.get("edu"))).toEqual([1, 0]);
    const all = await readTable(p, { map: { wage: "hourly_wage" } });
    expect(all.names).toEqual(["wage", "edu", "other"]);
  });
  it("reads CRLF line ends", async () => {
    const t = await readTable(file("a,b\r\n1,x\r\n2,y\r\n"));
    expect(values(t.columns.get("a"))).toEqual([1, 2]);
    expect(t.columns.get("b")).toMatchObject({ levels: ["x", "y"] });
  });
  it("a missing column lists the file's columns with a did-you-mean", async () => {
    const p = file("wage,edu\n1,a\n");
    const e = await failure(readTable(p, { columns: ["wages"] }));
    expect(e.message).toBe(`${p}: no column "wages"; the file has "wage", "edu". Did you mean "wage"?`);
    expect(e.diagnostic).toMatchObject({ code: "missing-column", range: { file: p, start: { line: 1 } } });
    const mapped = await failure(readTable(p, { map: { wage: "hourly" } }));
    expect(mapped.message).toContain(`no column "hourly" (mapped from variable "wage")`);
  });
  it("an empty cell in a numeric column names the column and the row (header = row 1)", async () => {
    const p = file("a,b\n1,2\n3,\n");
    const e = await failure(readTable(p));
    expect(e.message).toBe(`${p}, row 3, column "b": empty cell in a numeric column; every row needs a number (declare the column's levels to read it as categories).`);
    expect(e.diagnostic).toMatchObject({ code: "invalid-data", range: { file: p, start: { line: 3, column: 0 } } });
  });
  it("NaN and infinity in a numeric column", async () => {
    const p = file("a\n1\nNaN\n");
    expect((await failure(readTable(p))).message).toContain(`row 3, column "a": "NaN" (NaN, not a number) in a numeric column`);
    expect((await failure(readTable(file("a\n1\n1e999\n")))).message).toContain(`row 3, column "a": "1e999" is not a finite number`);
  });
  it("text in a numeric column; a row with an embedded newline gives the line too", async () => {
    const p = file('a,note\n1,"two\nlines"\n2,x\nabc,y\n');
    const e = await failure(readTable(p));
    expect(e.message).toBe(`${p}, row 4 (line 5), column "a": text "abc" in a numeric column; every row needs a number (declare the column's levels to read it as categories).`);
    expect(e.diagnostic.range?.start.line).toBe(5);
  });
  it("a category outside the declared levels", async () => {
    const p = file("g\na\nb\nc\n");
    const e = await failure(readTable(p, { levels: { g: ["a", "b"] } }));
    expect(e.message).toBe(`${p}, row 4, column "g": category "c" is not one of the declared levels ("a", "b").`);
  });
  it("an empty cell in a categorical column", async () => {
    const p = file("g,x\na,1\n,2\n");
    expect((await failure(readTable(p))).message).toBe(`${p}, row 3, column "g": empty cell in a categorical column; every row needs a category.`);
  });
  it("ragged rows: too few and too many fields", async () => {
    const few = file("a,b,c\n1,2,3\n4,5\n");
    const e = await failure(readTable(few));
    expect(e.message).toBe(`${few}, row 3: ragged row with 2 fields, but the header has 3 columns (no value for column "c").`);
    expect(e.diagnostic.range).toMatchObject({ file: few, start: { line: 3 } });
    const many = file("a,b\n1,2\n3,4\n5,6,7\n");
    expect((await failure(readTable(many))).message).toBe(`${many}, row 4: ragged row with 3 fields, but the header has 2 columns (1 field beyond the last column "b").`);
  });
  it("an empty file and a header without rows", async () => {
    const empty = file("");
    expect((await failure(readTable(empty))).message).toBe(`${empty} is empty: no header row and no data rows.`);
    const header = file("a,b\n");
    expect((await failure(readTable(header))).message).toBe(`${header} has a header but no data rows.`);
  });
  it("a file that does not exist, and an unsupported extension", async () => {
    const missing = join(dir, "nope.csv");
    const e = await failure(readTable(missing));
    expect(e.message).toBe(`${missing} does not exist.`);
    expect(e.diagnostic.code).toBe("unreadable-data-file");
    expect((await failure(readTable(join(dir, "x.xlsx")))).message).toBe(
      `${join(dir, "x.xlsx")}: unsupported extension ".xlsx"; data files are .csv, .parquet or .jsonl (.ndjson, .json: one JSON object per line).`,
    );
  });
  it("a quote that never closes names the row where it opens", async () => {
    const p = file('a,b\n1,2\n3,"4\n5,6\n');
    const e = await failure(readTable(p));
    expect(e.message).toBe(`${p}, row 3: a quoted field opens here and is never closed (a '"' inside a field is written '""').`);
    expect(e.diagnostic.range?.start.line).toBe(3);
  });
  it("a duplicate header name", async () => {
    const p = file("a,a\n1,2\n");
    expect((await failure(readTable(p))).message).toBe(`${p}, row 1: the header names column "a" twice.`);
  });
});

describe("readTable: Parquet and JSON-lines", () => {
  it("round-trips a Parquet file written by DuckDB", async () => {
    const p = join(dir, "t.parquet");
    const db = await openDatabase();
    try {
      await db.run(`COPY (SELECT i::INTEGER AS x, i / 4.0 AS y, CASE WHEN i % 2 = 0 THEN 'even' ELSE 'odd' END AS g, (i > 2) AS b FROM range(5) t(i)) TO ${sqlString(p)} (FORMAT parquet)`);
    } finally {
      db.close();
    }
    const t = await readTable(p);
    expect(t.rowCount).toBe(5);
    expect(t.columns.get("x")).toMatchObject({ kind: "integer" });
    expect(values(t.columns.get("x"))).toEqual([0, 1, 2, 3, 4]);
    expect(values(t.columns.get("y"))).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(t.columns.get("g")).toMatchObject({ kind: "categorical", levels: ["even", "odd"] });
    expect(values(t.columns.get("b"))).toEqual([0, 0, 0, 1, 1]);
    const e = await failure(readTable(p, { levels: { g: ["odd"] } }));
    expect(e.message).toBe(`${p}, row 1, column "g": category "even" is not one of the declared levels ("odd").`);
    expect(e.diagnostic.range).toBeUndefined();
  });
  it("a NaN in a Parquet double column names its record", async () => {
    const p = join(dir, "nan.parquet");
    const db = await openDatabase();
    try {
      await db.run(`COPY (SELECT * FROM (VALUES (1.5::DOUBLE), ('NaN'::DOUBLE)) t(y)) TO ${sqlString(p)} (FORMAT parquet)`);
    } finally {
      db.close();
    }
    expect((await failure(readTable(p))).message).toBe(`${p}, row 2, column "y": NaN (not a number) in a numeric column; every row needs a number.`);
  });
  it("reads JSON-lines; a null names its line", async () => {
    const p = file('{"x": 1, "g": "a"}\n{"x": 2.5, "g": "b"}\n', "jsonl");
    const t = await readTable(p);
    expect(values(t.columns.get("x"))).toEqual([1, 2.5]);
    expect(t.columns.get("g")).toMatchObject({ levels: ["a", "b"] });
    const bad = file('{"x": 1}\n{"x": 2}\n{"x": null}\n', "jsonl");
    const e = await failure(readTable(bad));
    expect(e.message).toBe(`${bad}, row 3, column "x": empty cell (null) in a numeric column; every row needs a number.`);
    expect(e.diagnostic.range).toMatchObject({ file: bad, start: { line: 3 } });
    const mixed = file('{"x": 1}\n{"x": "a"}\n', "jsonl");
    expect((await failure(readTable(mixed))).message).toBe(`${mixed}, row 2, column "x": text where earlier rows hold a number; a column holds one kind of value.`);
  });
});

describe("readTable: blank lines and size", () => {
  it("a blank line is skipped but counted as a row, as a spreadsheet shows it", async () => {
    const p = file("a,b\n1,2\n\n3,x y\n");
    const e = await failure(readTable(p, { columns: ["b"] }));
    expect(e.message).toBe(`${p}, row 4, column "b": text "x y" in a numeric column; every row needs a number (declare the column's levels to read it as categories).`);
    expect((await readTable(file("a,b\n1,2\n\n3,4\n"))).rowCount).toBe(2);
  });
  it("reads 10^6 rows: row count and checksums equal what was written", async () => {
    const rows = 1_000_000;
    const parts = ["x,y,g"];
    for (let i = 0; i < rows; i++) parts.push(`${i},${(i % 1000) / 8},${"abc"[i % 3]}`);
    const p = file(parts.join("\n") + "\n");
    const t = await readTable(p);
    expect(t.rowCount).toBe(rows);
    const sum = (c: Column | undefined) => (c?.values ?? new Float64Array()).reduce((s: number, v: number) => s + v, 0);
    expect(sum(t.columns.get("x"))).toBe((rows * (rows - 1)) / 2);
    let y = 0;
    for (let i = 0; i < rows; i++) y += (i % 1000) / 8;
    expect(sum(t.columns.get("y"))).toBe(y);
    const g = t.columns.get("g")!;
    expect(g).toMatchObject({ kind: "categorical", levels: ["a", "b", "c"] });
    expect(sum(g)).toBe(333_333 * 1 + 333_333 * 2);
    expect(t.columns.get("x")!.values[rows - 1]).toBe(rows - 1);
  });
});
