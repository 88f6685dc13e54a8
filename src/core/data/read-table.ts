/**
 * `readTable(path, options)`: a CSV, Parquet or JSON-lines file read by DuckDB into a Table.
 *
 * DuckDB parses; the strictness is ours. A CSV is read with an explicit dialect (comma, double
 * quote, doubled-quote escape, a header row) and every cell as text (`all_varchar`), in strict
 * mode so a ragged row fails; column types are then decided over *all* rows in SQL, not a sample:
 * a text column with at least one number in it is numeric (`integer` when every cell is an integer
 * literal), one with none is categorical, one with declared levels is categorical. Parquet and
 * JSON-lines columns keep the file's own types (integer types -> `integer`, floating and decimal
 * -> `numeric`, booleans -> `integer` 0/1, strings -> the text rule above).
 *
 * Bad data is one CausalError naming the file, the column and the row. Rows are counted as a
 * spreadsheet shows them: in a CSV the header is row 1, so the first data row is row 2; a
 * JSON-lines file has no header, so row N is its Nth line (its Nth record: blank lines between
 * records are not counted); in Parquet row N is the Nth record.
 * The diagnostic's range is the row's line in the file (CSV and JSON-lines only). A CSV row and
 * its line differ only when an earlier quoted field holds a newline; the message then gives both,
 * as "row 5 (line 7)". A blank line in a CSV is skipped (as DuckDB and pandas do) but counted as
 * a row, as a spreadsheet shows it. The range's offset and column are 0: the line is what we know.
 * A path is handed to DuckDB as a pattern, so `*`, `?` and `[` in it would glob (not escaped).
 */
import { CausalError, error, type DiagnosticCode, type SourceRange } from "../errors/diagnostic";
import { didYouMean } from "../extract/did-you-mean";
import { badNumeric, badNumericText, emptyCategory, isIntegerLiteral, isNumberLiteral, levelIndex, numericTextValue, outsideLevels } from "./column-sql";
import { csvPosition, unclosedQuote } from "./csv-position";
import { openDatabase, sqlName, sqlString, type Database } from "./duckdb";
import type { CategoricalColumn, Column, NumericColumn, Table } from "./table";

export interface ReadTableOptions {
  /** Read only these variables (each is a column name, or a key of `map`); default: every column. */
  columns?: readonly string[];
  /** Declared level order of categorical variables, keyed by variable name. */
  levels?: Record<string, readonly string[]>;
  /** Variable name -> column name in the file (`--map wage=hourly_wage`); the Table uses the variable name. */
  map?: Record<string, string>;
}

export type DataFormat = "csv" | "parquet" | "json";

/** The format a path's extension names, or undefined. `.json` is read as JSON-lines too. */
export function dataFormatOf(path: string): DataFormat | undefined {
  const ext = /\.([^./\\]+)$/.exec(path)?.[1]?.toLowerCase();
  return ext === "csv" ? "csv" : ext === "parquet" ? "parquet" : ext === "jsonl" || ext === "ndjson" || ext === "json" ? "json" : undefined;
}

export async function readTable(path: string, options: ReadTableOptions = {}): Promise<Table> {
  const format = dataFormatOf(path);
  if (!format) throw unsupportedFormat(path);
  const db = await openDatabase();
  try {
    const file = new DataFile(db, path, format);
    await file.load();
    return await file.toTable(options);
  } finally {
    db.close();
  }
}

/** The error for a path whose extension names no data format. */
export function unsupportedFormat(path: string): CausalError {
  const ext = /\.[^./\\]+$/.exec(path)?.[0];
  return fail("unreadable-data-file", `${path}: ${ext ? `unsupported extension "${ext}"` : "no file extension"}; data files are .csv, .parquet or .jsonl (.ndjson, .json: one JSON object per line).`);
}

export const INTEGER_TYPES = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT)$/;
export const FLOAT_TYPES = /^(FLOAT|DOUBLE|DECIMAL(\(.*\))?)$/;
const CSV_DIALECT = `delim=',', quote='"', escape='"'`;

/**
 * One data file. `describe()` reads its column names and types (a CSV's header) without reading
 * its rows, and `reader` is then the SQL relation of its rows with columns c0, c1, ... (DataSource
 * queries it as a view, never loading it); `load()` copies it into the temporary table `raw`
 * (`rowid` is the file order), where the column checks below run.
 */
export class DataFile {
  names: string[] = [];
  types: string[] = [];
  rowCount = 0;
  reader = "";
  constructor(readonly db: Database, readonly path: string, readonly format: DataFormat) {}

  async describe(): Promise<void> {
    const size = await this.sizeOrFail();
    if (size === 0) throw this.error("invalid-data", `${this.path} is empty: ${this.format === "csv" ? "no header row and no data rows" : "no rows"}.`, 1);
    if (this.format === "csv") await this.describeCsv();
    else {
      const reader = this.format === "parquet" ? `read_parquet(${sqlString(this.path)})` : `read_json(${sqlString(this.path)}, format='newline_delimited')`;
      const described = await this.guard(() => this.db.rows(`DESCRIBE SELECT * FROM ${reader}`));
      this.names = described.map((r) => String(r[0]));
      this.types = described.map((r) => String(r[1]));
      this.reader = `(SELECT ${this.names.map((n, i) => `${sqlName(n)} AS c${i}`).join(", ")} FROM ${reader})`;
    }
  }

  /** Loads the file (only the columns `indices` when given) into `raw`; an empty file fails. */
  async load(indices?: readonly number[]): Promise<void> {
    await this.describe();
    const select = indices ? indices.map((i) => `c${i}`).join(", ") || "1 AS none" : "*";
    await this.guard(() => this.db.run(`CREATE OR REPLACE TEMP TABLE raw AS SELECT ${select} FROM ${this.reader}`));
    this.rowCount = Number((await this.db.rows("SELECT count(*) FROM raw"))[0][0]);
    this.requireRows(this.rowCount);
  }

  requireRows(rowCount: number): void {
    if (rowCount === 0) throw this.error("invalid-data", `${this.path} has ${this.format === "csv" ? "a header but " : ""}no data rows.`, this.format === "csv" ? 2 : 1);
  }

  /** The file's size in bytes; DuckDB's own "no files found" becomes "does not exist". */
  async sizeOrFail(): Promise<number> {
    try {
      const rows = await this.db.rows(`SELECT size FROM read_blob(${sqlString(this.path)})`);
      if (rows.length === 0) throw fail("unreadable-data-file", `${this.path} does not exist.`);
      return Number(rows[0][0]);
    } catch (e) {
      if (e instanceof CausalError) throw e;
      const text = String((e as Error).message ?? e);
      if (/No files found/i.test(text)) throw fail("unreadable-data-file", `${this.path} does not exist.`);
      throw fail("unreadable-data-file", `${this.path} could not be read: ${firstLine(text)}`);
    }
  }

  async describeCsv(): Promise<void> {
    const file = sqlString(this.path);
    // The widest row DuckDB's sniffer saw gives an upper bound; the header row read as text gives the names.
    const sniffed = await this.guard(() => this.db.rows(`SELECT len(Columns) FROM sniff_csv(${file}, ${CSV_DIALECT}, header=false, all_varchar=true, strict_mode=false, null_padding=true)`), () => this.unclosedQuoteError());
    const width = Math.max(1, Number(sniffed[0]?.[0] ?? 1));
    const text = Array.from({ length: width }, (_, i) => `'c${i}': 'VARCHAR'`).join(", ");
    const first = await this.guard(() => this.db.rows(`SELECT * FROM read_csv(${file}, ${CSV_DIALECT}, header=false, auto_detect=false, columns={${text}}, strict_mode=false, null_padding=true, parallel=false) LIMIT 1`));
    const header = (first[0] ?? []).map((v) => (v === null ? null : String(v)));
    while (header.length > 0 && header[header.length - 1] === null) header.pop();
    if (header.length === 0) throw this.error("invalid-data", `${this.path}: the header row (row 1) is empty; a CSV's first row names its columns.`, 1);
    const blank = header.findIndex((h) => h === null || h.trim() === "");
    if (blank >= 0) throw this.error("invalid-data", `${this.path}, row 1: column ${blank + 1} of the header has no name.`, 1);
    this.names = header as string[];
    const twice = this.names.find((n, i) => this.names.indexOf(n) !== i);
    if (twice !== undefined) throw this.error("invalid-data", `${this.path}, row 1: the header names column "${twice}" twice.`, 1);
    this.types = this.names.map(() => "VARCHAR");
    const columns = this.names.map((_, i) => `'c${i}': 'VARCHAR'`).join(", ");
    this.reader = `read_csv(${file}, ${CSV_DIALECT}, header=true, auto_detect=false, columns={${columns}}, strict_mode=true, null_padding=false)`;
  }

  /** The variables the options ask for, each with its column's index in the file (missing ones fail). */
  variables(options: ReadTableOptions): { variable: string; index: number }[] {
    const map = options.map ?? {};
    const mappedColumns = new Set(Object.values(map));
    const variables = options.columns
      ? [...options.columns]
      : [...Object.keys(map), ...this.names.filter((n) => !mappedColumns.has(n) && !(n in map))];
    const out: { variable: string; index: number }[] = [];
    for (const variable of variables) {
      if (out.some((o) => o.variable === variable)) throw fail("invalid-data", `${this.path}: variable "${variable}" is asked for twice.`);
      const name = map[variable] ?? variable;
      const index = this.names.indexOf(name);
      if (index < 0) throw this.missing(variable, name);
      out.push({ variable, index });
    }
    for (const variable of Object.keys(options.levels ?? {})) if (!out.some((o) => o.variable === variable)) throw this.missing(variable, map[variable] ?? variable);
    return out;
  }

  async toTable(options: ReadTableOptions): Promise<Table> {
    const columns = new Map<string, Column>();
    const variables = this.variables(options);
    for (const { variable, index } of variables) columns.set(variable, await this.column(index, variable, options.levels?.[variable]));
    return { source: this.path, rowCount: this.rowCount, names: variables.map((v) => v.variable), columns };
  }

  missing(variable: string, name: string): CausalError {
    const forVariable = name === variable ? "" : ` (mapped from variable "${variable}")`;
    return this.error("missing-column", `${this.path}: no column "${name}"${forVariable}; the file has ${this.names.map((n) => `"${n}"`).join(", ")}.${didYouMean(name, this.names)}`, 1);
  }

  async column(index: number, variable: string, levels: readonly string[] | undefined): Promise<Column> {
    const type = this.types[index];
    const c = `c${index}`;
    const label = this.label(index, variable);
    if (type === "VARCHAR") {
      if (levels) return this.categorical(`${c}`, label, levels);
      const numbers = await this.db.rows(`SELECT count(*) FROM raw WHERE ${isNumberLiteral(c)}`);
      if (Number(numbers[0][0]) === 0) return this.categorical(c, label, undefined);
      return this.numericText(c, label);
    }
    if (levels) return this.categorical(`CAST(${c} AS VARCHAR)`, label, levels);
    if (type === "BOOLEAN") return this.numeric(`CAST(${c} AS DOUBLE)`, label, "integer");
    if (INTEGER_TYPES.test(type)) return this.numeric(`CAST(${c} AS DOUBLE)`, label, "integer");
    if (FLOAT_TYPES.test(type)) return this.numeric(`CAST(${c} AS DOUBLE)`, label, "numeric");
    if (type === "JSON") {
      const first = await this.db.rows(`SELECT json_type(${c}) FROM raw WHERE ${c} IS NOT NULL ORDER BY rowid LIMIT 1`);
      const other = await this.db.rows(`SELECT rowid, json_type(${c}) FROM raw WHERE ${c} IS NOT NULL AND json_type(${c}) <> ${sqlString(String(first[0]?.[0]))} ORDER BY rowid LIMIT 1`);
      if (other.length) throw await this.cellError(Number(other[0][0]), label, `${jsonKind(other[0][1])} where earlier rows hold ${jsonKind(first[0][0])}; a column holds one kind of value`);
    }
    throw this.error("invalid-data", `${this.path}: ${label} has type ${type}; a column must hold numbers, booleans or text categories.`, this.format === "csv" ? 1 : undefined);
  }

  /** A text column with numbers in it: every cell must be a finite number literal. */
  async numericText(c: string, label: string): Promise<NumericColumn> {
    const bad = await this.db.rows(`SELECT rowid, ${c} FROM raw WHERE ${badNumericText(c)} ORDER BY rowid LIMIT 1`);
    if (bad.length) {
      const cell = bad[0][1] === null ? null : String(bad[0][1]);
      const what =
        cell === null || cell.trim() === "" ? "empty cell"
        : /^[+-]?nan$/i.test(cell.trim()) ? `"${cell}" (NaN, not a number)`
        : /^[+-]?inf(inity)?$/i.test(cell.trim()) || /^[+-]?[0-9.]/.test(cell.trim()) ? `"${cell}" is not a finite number`
        : `text "${cell}"`;
      throw await this.cellError(Number(bad[0][0]), label, `${what} in a numeric column; every row needs a number (declare the column's levels to read it as categories)`);
    }
    const integer = await this.db.rows(`SELECT bool_and(${isIntegerLiteral(c)}) FROM raw`);
    return { kind: integer[0][0] ? "integer" : "numeric", values: await this.db.doubles(`SELECT ${numericTextValue(c)} FROM raw ORDER BY rowid`, this.rowCount) };
  }

  /** A typed numeric column: no NULL, NaN or infinity. */
  async numeric(expr: string, label: string, kind: "numeric" | "integer"): Promise<NumericColumn> {
    const bad = await this.db.rows(`SELECT rowid, ${expr} FROM raw WHERE ${badNumeric(expr)} ORDER BY rowid LIMIT 1`);
    if (bad.length) {
      const v = bad[0][1];
      const what = v === null ? "empty cell (null)" : typeof v === "number" && Number.isNaN(v) ? "NaN (not a number)" : `${String(v)} (not finite)`;
      throw await this.cellError(Number(bad[0][0]), label, `${what} in a numeric column; every row needs a number`);
    }
    return { kind, values: await this.db.doubles(`SELECT ${expr} FROM raw ORDER BY rowid`, this.rowCount) };
  }

  async categorical(expr: string, label: string, declared: readonly string[] | undefined): Promise<CategoricalColumn> {
    const empty = await this.db.rows(`SELECT rowid FROM raw WHERE ${emptyCategory(expr)} ORDER BY rowid LIMIT 1`);
    if (empty.length) throw await this.cellError(Number(empty[0][0]), label, "empty cell in a categorical column; every row needs a category");
    let levels: string[];
    if (declared) {
      levels = [...declared];
      const twice = levels.find((l, i) => levels.indexOf(l) !== i);
      if (twice !== undefined) throw fail("invalid-data", `${this.path}: the declared levels of ${label} name "${twice}" twice.`);
    } else {
      levels = (await this.db.rows(`SELECT ${expr} FROM raw GROUP BY ${expr} ORDER BY min(rowid)`)).map((r) => String(r[0]));
    }
    const outside = await this.db.rows(`SELECT rowid, ${expr} FROM raw WHERE ${outsideLevels(expr, levels)} ORDER BY rowid LIMIT 1`);
    if (outside.length) {
      throw await this.cellError(Number(outside[0][0]), label, `category "${String(outside[0][1])}" is not one of the declared levels (${levels.map((l) => `"${l}"`).join(", ")})`);
    }
    return { kind: "categorical", levels, values: await this.db.doubles(`SELECT ${levelIndex(expr, levels)} FROM raw ORDER BY rowid`, this.rowCount) };
  }

  label(index: number, variable: string): string {
    const name = this.names[index];
    return name === variable ? `column "${name}"` : `column "${name}" (variable "${variable}")`;
  }

  /** The error for the cell in data row `rowid` (0-based file order) of a column. */
  async cellError(rowid: number, label: string, what: string): Promise<CausalError> {
    const { row, line } = this.format === "csv" ? await this.csvPosition(rowid) : { row: rowid + 1, line: this.format === "json" ? rowid + 1 : undefined };
    const at = line !== undefined && line !== row ? `row ${row} (line ${line})` : `row ${row}`;
    return this.error("invalid-data", `${this.path}, ${at}, ${label}: ${what}.`, line);
  }

  /** Data row `rowid`'s spreadsheet row and line, from the file's text (read only on this error path). */
  async csvPosition(rowid: number): Promise<{ row: number; line: number }> {
    try {
      const text = String((await this.db.rows(`SELECT content FROM read_text(${sqlString(this.path)})`))[0][0]);
      return csvPosition(text, rowid + 1);
    } catch {
      return { row: rowid + 2, line: rowid + 2 }; // not UTF-8 text: count as if no blank lines or quoted newlines
    }
  }

  /** Runs a DuckDB step, turning its parse errors into our message (row, fields, the header's width). */
  async guard<T>(step: () => Promise<T>, explain?: () => Promise<CausalError | undefined>): Promise<T> {
    try {
      return await step();
    } catch (e) {
      if (e instanceof CausalError) throw e;
      throw (await explain?.()) ?? this.duckdbError(String((e as Error).message ?? e));
    }
  }

  /** DuckDB's sniffer gives up on a quote that never closes without saying where: find it (error path only). */
  async unclosedQuoteError(): Promise<CausalError | undefined> {
    try {
      const text = String((await this.db.rows(`SELECT content FROM read_text(${sqlString(this.path)})`))[0][0]);
      const at = unclosedQuote(text);
      if (!at) return undefined;
      const where = at.line !== at.row ? `row ${at.row} (line ${at.line})` : `row ${at.row}`;
      return this.error("invalid-data", `${this.path}, ${where}: a quoted field opens here and is never closed (a '"' inside a field is written '""').`, at.line);
    } catch {
      return undefined;
    }
  }

  duckdbError(text: string): CausalError {
    const line = /CSV Error on Line: (\d+)/.exec(text);
    const fields = /Expected Number of Columns: (\d+) Found: (\d+)/.exec(text);
    if (line && fields) {
      const row = Number(line[1]), expected = Number(fields[1]), found = Number(fields[2]);
      const which = found < expected
        ? `no value for ${this.names.slice(found).map((n) => `column "${n}"`).join(", ")}`
        : `${found - expected} field${found - expected === 1 ? "" : "s"} beyond the last column "${this.names[expected - 1]}"`;
      return this.error("invalid-data", `${this.path}, row ${row}: ragged row with ${found} field${found === 1 ? "" : "s"}, but the header has ${expected} columns (${which}).`, row);
    }
    if (line) {
      const detail = text.slice(line.index + line[0].length).trim().split("\n")[0].trim();
      return this.error("invalid-data", `${this.path}, row ${line[1]}: ${detail || "not a valid CSV row"}.`, Number(line[1]));
    }
    return fail("unreadable-data-file", `${this.path} could not be read as ${this.format === "json" ? "JSON-lines" : this.format.toUpperCase()}: ${firstLine(text.replace(/^.*?Error:\s*/, ""))}`);
  }

  error(code: DiagnosticCode, message: string, line?: number): CausalError {
    const range: SourceRange | undefined = line !== undefined && this.format !== "parquet"
      ? { file: this.path, start: { line, column: 0, offset: 0 }, end: { line, column: 0, offset: 0 } }
      : undefined;
    return new CausalError(error(code, message, range));
  }
}

function fail(code: DiagnosticCode, message: string): CausalError {
  return new CausalError(error(code, message));
}

function firstLine(text: string): string {
  return text.split("\n")[0].trim();
}

/** A JSON value's kind, as a user would say it, from DuckDB's json_type. */
function jsonKind(type: unknown): string {
  const t = String(type);
  return /INT|DOUBLE/.test(t) ? "a number" : t === "VARCHAR" ? "text" : t === "BOOLEAN" ? "a boolean" : t === "OBJECT" ? "an object" : t === "ARRAY" ? "an array" : t.toLowerCase();
}
