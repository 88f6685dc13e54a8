// Property: random tables written as CSV (numbers, strings with commas, quotes and newlines,
// empty cells) are read back exactly, or rejected with a message naming the first column with an
// empty cell and the spreadsheet row of its first empty cell, and a range on that record's line.
import fc from "fast-check";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CausalError } from "../errors/diagnostic";
import { readTable } from "./read-table";

const dir = mkdtempSync(join(tmpdir(), "causal-data-fuzz-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Cell = number | string | null; // null: an empty cell
interface Spec { kind: "number" | "string"; cells: Cell[] }

const number = fc.oneof(fc.integer({ min: -1e6, max: 1e6 }), fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e300, max: 1e300 }));
// Strings start with a letter so they never read as numbers; the rest may hold the CSV's metacharacters.
const text = fc.tuple(fc.constantFrom("a", "b", "Z", "é"), fc.array(fc.constantFrom("a", "b", ",", '"', "\n", " ", "x"), { maxLength: 5 })).map(([h, t]) => h + t.join(""));
const cell = (value: fc.Arbitrary<Cell>) => fc.oneof({ weight: 12, arbitrary: value }, { weight: 1, arbitrary: fc.constant(null) });
const table = fc.integer({ min: 1, max: 8 }).chain((rows) =>
  fc.array(
    fc.oneof(
      fc.array(cell(number), { minLength: rows, maxLength: rows }).map((cells): Spec => ({ kind: "number", cells })),
      fc.array(cell(text), { minLength: rows, maxLength: rows }).map((cells): Spec => ({ kind: "string", cells })),
    ),
    { minLength: 1, maxLength: 4 },
  ),
);

function field(c: Cell): string {
  if (c === null) return "";
  const s = typeof c === "number" ? String(c) : c;
  return /[",\n\r ]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

let n = 0;
describe("readTable on random CSV files", () => {
  it("reads back exactly or names the column and row of the first bad cell", async () => {
    await fc.assert(
      fc.asyncProperty(table, async (specs) => {
        const rows = specs[0].cells.length;
        const names = specs.map((_, j) => `c${j}`);
        const lines = [names.join(",")];
        for (let i = 0; i < rows; i++) lines.push(specs.map((s) => field(s.cells[i])).join(","));
        // A row whose every field is empty would be a blank line in a one-column file: quote it.
        const body = lines.map((l) => (l === "" ? '""' : l)).join("\n") + "\n";
        const path = join(dir, `t${n++}.csv`);
        writeFileSync(path, body);
        const bad = specs.findIndex((s) => s.cells.includes(null));
        if (bad < 0) {
          const t = await readTable(path);
          expect(t.rowCount).toBe(rows);
          specs.forEach((s, j) => {
            const col = t.columns.get(`c${j}`)!;
            if (s.kind === "number") {
              expect(col.kind === "numeric" || col.kind === "integer").toBe(true);
              expect(Array.from(col.values)).toEqual(s.cells.map((c) => (Object.is(c, -0) ? 0 : c)));
            } else {
              expect(col.kind).toBe("categorical");
              if (col.kind === "categorical") expect(Array.from(col.values, (k) => col.levels[k])).toEqual(s.cells);
            }
          });
          return;
        }
        let caught: unknown;
        try {
          await readTable(path);
        } catch (e) {
          caught = e;
        }
        expect(caught).toBeInstanceOf(CausalError);
        const e = caught as CausalError;
        const first = specs[bad].cells.indexOf(null);
        const line = 2 + first + lines.slice(0, first + 1).reduce((k, l) => k + l.split("\n").length - 1, 0);
        const row = first + 2;
        expect(e.message).toContain(line === row ? `, row ${row}, column "c${bad}": empty cell` : `, row ${row} (line ${line}), column "c${bad}": empty cell`);
        expect(e.diagnostic.range).toMatchObject({ file: path, start: { line } });
      }),
      { numRuns: 120 },
    );
  });
});
