/**
 * The Table: named, typed columns of equal length — all the rest of the engine sees of data.
 * Every column holds a Float64Array (no boxed values, no nulls: bad cells are rejected when a
 * table is made, never stored as NaN). A categorical column holds level indices into `levels`,
 * in a stated order (declared, else first seen), so the order can be stored and shown with the
 * parameters. This file does not read files (read-table.ts does) and loads no data engine.
 */
import { CausalError, error } from "../errors/diagnostic";
import { didYouMean } from "../extract/did-you-mean";

export type ColumnKind = "numeric" | "integer" | "categorical";

/** Real numbers (`numeric`) or whole numbers (`integer`, still stored as doubles). */
export interface NumericColumn {
  readonly kind: "numeric" | "integer";
  readonly values: Float64Array;
}

/** Level indices 0..levels.length-1 into `levels`, in the stated order. */
export interface CategoricalColumn {
  readonly kind: "categorical";
  readonly values: Float64Array;
  readonly levels: readonly string[];
}

export type Column = NumericColumn | CategoricalColumn;

export interface Table {
  /** The file the table was read from; absent for in-memory columns. */
  readonly source?: string;
  readonly rowCount: number;
  /** Column names in file (or record) order. */
  readonly names: readonly string[];
  readonly columns: ReadonlyMap<string, Column>;
}

/** What `tableFromColumns` accepts per column: a number is broadcast to every row. */
export type ColumnInput = number | readonly number[] | Float64Array | readonly string[];

export interface TableFromColumnsOptions {
  /** Declared level order per categorical column (otherwise first-seen order). */
  levels?: Record<string, readonly string[]>;
}

/** The column `name`, or a CausalError listing the table's columns with a "did you mean". */
export function tableColumn(table: Table, name: string): Column {
  const column = table.columns.get(name);
  if (column) return column;
  const where = table.source ? `${table.source}: ` : "";
  throw new CausalError(
    error("missing-column", `${where}no column "${name}" (the table has: ${table.names.join(", ") || "no columns"}).${didYouMean(name, table.names)}`),
  );
}

/**
 * A Table from in-memory columns (the library API). Arrays must have one length; a plain number
 * is a constant column of that length (one row when every column is a number). Number columns
 * are `integer` when every value is an integer, else `numeric`; string arrays are categorical.
 * NaN, ±Infinity, empty strings and undeclared levels are rejected naming the column and the
 * row (1-based: row 1 is element 0, there is no header).
 */
export function tableFromColumns(record: Record<string, ColumnInput>, options: TableFromColumnsOptions = {}): Table {
  const names = Object.keys(record);
  const lengths = names.map((n) => record[n]).filter((v): v is Exclude<ColumnInput, number> => typeof v !== "number").map((v) => v.length);
  const rowCount = lengths.length ? lengths[0] : 1;
  const columns = new Map<string, Column>();
  for (const name of names) {
    const input = record[name];
    if (typeof input !== "number" && input.length !== rowCount) {
      throw invalid(`column "${name}" has ${input.length} rows, but column "${names.find((n) => typeof record[n] !== "number")}" has ${rowCount}`);
    }
    columns.set(name, toColumn(name, input, rowCount, options.levels?.[name]));
  }
  for (const name of Object.keys(options.levels ?? {})) if (!columns.has(name)) tableColumn({ rowCount, names, columns }, name);
  return { rowCount, names, columns };
}

function toColumn(name: string, input: ColumnInput, rowCount: number, declared: readonly string[] | undefined): Column {
  if (typeof input === "number") return numericColumn(name, new Float64Array(rowCount).fill(input), declared);
  if (input instanceof Float64Array) return numericColumn(name, Float64Array.from(input), declared);
  if (input.length > 0 && typeof input[0] === "string") return categoricalColumn(name, input as readonly string[], declared);
  const values = new Float64Array(input.length);
  for (let i = 0; i < input.length; i++) {
    const v = input[i];
    if (typeof v !== "number") throw invalid(`column "${name}", row ${i + 1}: ${JSON.stringify(v)} in a column of numbers`);
    values[i] = v;
  }
  return numericColumn(name, values, declared);
}

function numericColumn(name: string, values: Float64Array, declared: readonly string[] | undefined): NumericColumn {
  if (declared) throw invalid(`column "${name}" holds numbers, but levels were declared for it; give its categories as strings`);
  let integer = true;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) throw invalid(`column "${name}", row ${i + 1}: ${Number.isNaN(v) ? "NaN (not a number)" : `${v} (not finite)`}`);
    if (integer && !Number.isInteger(v)) integer = false;
  }
  return { kind: integer ? "integer" : "numeric", values };
}

function categoricalColumn(name: string, input: readonly string[], declared: readonly string[] | undefined): CategoricalColumn {
  const levels = declared ? [...declared] : [];
  const index = new Map(levels.map((l, i) => [l, i]));
  if (index.size !== levels.length) throw invalid(`column "${name}": the declared levels repeat a level (${levels.join(", ")})`);
  const values = new Float64Array(input.length);
  for (let i = 0; i < input.length; i++) {
    const s = input[i];
    if (typeof s !== "string") throw invalid(`column "${name}", row ${i + 1}: ${JSON.stringify(s)} in a column of strings`);
    if (s === "") throw invalid(`column "${name}", row ${i + 1}: empty string; every row needs a category`);
    let k = index.get(s);
    if (k === undefined) {
      if (declared) throw invalid(`column "${name}", row ${i + 1}: category "${s}" is not one of the declared levels (${levels.join(", ")})`);
      k = levels.length;
      levels.push(s);
      index.set(s, k);
    }
    values[i] = k;
  }
  return { kind: "categorical", values, levels };
}

function invalid(message: string): CausalError {
  return new CausalError(error("invalid-data", `${message}.`));
}
