/**
 * DataSource: data that fitting reads by aggregates and by chunks, never as one array — a file
 * opened in DuckDB as a view (`openDataSource`: CSV, Parquet, JSON-lines; its rows stay in the
 * file, every pass re-reads it, so a 10^7-row file fits in flat memory) or columns already in
 * memory (`memoryDataSource`: a Table or plain columns), so the same fitting code serves both.
 *
 * A file is checked when it is opened, with readTable's rules and readTable's messages: one SQL
 * pass counts the bad cells of every asked-for column with the predicates of column-sql.ts; when a
 * column has one, the failing columns are read the readTable way (DataFile) and its CausalError —
 * file, column, 1-based row — is thrown. Categorical text becomes level indices in SQL (declared
 * order, else first-seen order). The view `data` then holds one DOUBLE column per variable.
 *
 *     const source = await openDataSource("wages.csv", { columns: ["educ", "wage"], map: { wage: "hourly_wage" } });
 *     try { ... await source.scan(["educ"], (cols, n) => ...) } finally { source.close(); }
 */
import { CausalError, error } from "../errors/diagnostic";
import { badNumeric, badNumericText, emptyCategory, isIntegerLiteral, isNumberLiteral, levelIndex, numericTextValue, outsideLevels } from "./column-sql";
import { openDatabase, sqlName, type Database } from "./duckdb";
import { DataFile, dataFormatOf, FLOAT_TYPES, INTEGER_TYPES, type ReadTableOptions, unsupportedFormat } from "./read-table";
import { constantColumnError } from "./require-variation";
import type { ColumnKind } from "./table";

export interface SourceColumn {
  kind: ColumnKind;
  /** Categorical: the level names, index order. */
  levels?: readonly string[];
}

export interface DataSource {
  /** The file read, for messages; absent for in-memory columns. */
  readonly source?: string;
  readonly rowCount: number;
  /** The variables it holds. */
  readonly names: readonly string[];
  /** A variable's kind and levels; a missing one is a `missing-column` CausalError. */
  column(name: string): SourceColumn;
  /**
   * File sources: runs SQL over the view `data` (one DOUBLE column per variable, quoted with
   * sqlName; categorical = level index) and returns its rows. Absent for in-memory sources.
   */
  readonly sql?: (query: string) => Promise<unknown[][]>;
  /**
   * How `sql` quotes an identifier (its engine's dialect: table-source.ts over a SqlConnection,
   * backticks for Spark SQL); absent: DuckDB's double quotes (duckdb.ts sqlName).
   */
  readonly sqlName?: (name: string) => string;
  /** How this source's SQL numbers rows in their order (sample-table.ts); absent: ROW_NUMBER() OVER (). */
  readonly rowNumberSql?: string;
  /**
   * File sources: runs SQL over the view `data` and hands its rows to `onChunk` a chunk at a time,
   * every column as doubles (a result of any size in flat memory; sample-table.ts reads its sample so).
   */
  readonly stream?: (query: string, onChunk: (columns: readonly Float64Array[], rows: number) => void) => Promise<void>;
  /** Hands the named columns to `onChunk` a chunk of rows at a time, in row order. */
  scan(names: readonly string[], onChunk: (columns: readonly Float64Array[], rows: number) => void): Promise<void>;
  /**
   * A value near the middle of a numeric column, known without a pass (a file's opening pass saw
   * its minimum and maximum: their midpoint); undefined when not known. Fitting centres features by it.
   */
  centre?(name: string): number | undefined;
  /** A numeric column's minimum and maximum, known without a pass (a file's opening pass saw them); undefined when not known. */
  range?(name: string): { min: number; max: number } | undefined;
  /** Rejects (constant-column) the first of `names` that holds one value in every row. */
  requireVariation(names: readonly string[], why?: (name: string) => string): Promise<void>;
  /**
   * Rejects (invalid-data, naming the row) the first row whose value of `name` fails `valid`;
   * `sqlInvalid` is the same test as SQL over the column `v` (file sources count with it first).
   */
  requireValues(name: string, check: { valid: (v: number) => boolean; sqlInvalid: string; what: (v: number) => string }): Promise<void>;
  close(): void;
}

const CHUNK = 1 << 16;

/** Opens a data file as a DataSource; `options` as readTable's (columns, map, levels). */
export async function openDataSource(path: string, options: ReadTableOptions = {}): Promise<DataSource> {
  const format = dataFormatOf(path);
  if (!format) throw unsupportedFormat(path);
  const db = await openDatabase();
  try {
    return await openView(db, path, format, options);
  } catch (e) {
    db.close();
    throw e;
  }
}

/**
 * The CSV reader with a 2 MiB buffer (DuckDB's default is 16 x max_line_size = 32 MiB per buffer,
 * several in flight per thread): every pass over the view re-reads the file, and with the default
 * a 10^7-row CSV's passes peaked at ~215 MiB where a 10^5-row file's took ~100 MiB; with 2 MiB they
 * stay near 105-135 MiB at 10^7 rows, with no measurable loss of speed (notes/readme-sql.md). 2 MiB
 * is DuckDB's max_line_size, the least buffer it accepts. Other readers are returned unchanged.
 */
export const CSV_BUFFER_BYTES = 2 * 1024 * 1024;

export function streamingReader(reader: string): string {
  return /^read_csv\(.*\)$/s.test(reader) && !/\bbuffer_size\s*=/.test(reader) ? `${reader.slice(0, -1)}, buffer_size=${CSV_BUFFER_BYTES})` : reader;
}

interface Plan {
  variable: string;
  index: number;
  /** What the first pass counts for it (SQL aggregates), and how to read its counts. */
  aggregates: string[];
  /** A text column's number-literal test and value, computed once per cell for its aggregates. */
  literal?: string;
  value?: string;
}

async function openView(db: Database, path: string, format: NonNullable<ReturnType<typeof dataFormatOf>>, options: ReadTableOptions): Promise<DataSource> {
  const file = new DataFile(db, path, format);
  await file.describe();
  const vars = file.variables(options);
  await file.guard(() => db.run(`CREATE VIEW src AS SELECT * FROM ${streamingReader(file.reader)}`));
  const plans: Plan[] = vars.map(({ variable, index }) => {
    const c = `c${index}`, type = file.types[index], declared = options.levels?.[variable];
    const text = type === "VARCHAR" ? c : `CAST(${c} AS VARCHAR)`;
    // Each plan's last two aggregates are its minimum and maximum (as numbers or as text), so
    // requireVariation never needs another pass.
    const range = (e: string) => [`min(${e})`, `max(${e})`];
    if (declared) return { variable, index, aggregates: [`count(*) FILTER (WHERE ${emptyCategory(text)} OR ${outsideLevels(text, declared)})`, ...range(text)] };
    if (type === "VARCHAR") {
      // The number-literal test once per cell (a column l<index> of the scan below), read by three aggregates.
      // A column of text categories (no number in it) is constant when its levels, read next, are one.
      const l = `l${index}`, v = `v${index}`;
      const aggregates = [
        `count(*) FILTER (WHERE ${l})`, `count(*) FILTER (WHERE ${badNumericText(c, l, v)})`,
        `coalesce(bool_and(${isIntegerLiteral(c, l)}), false)`, `count(*) FILTER (WHERE ${emptyCategory(c)})`, ...range(v),
      ];
      return { variable, index, literal: isNumberLiteral(c), value: numericTextValue(c), aggregates };
    }
    if (type === "BOOLEAN" || INTEGER_TYPES.test(type) || FLOAT_TYPES.test(type)) return { variable, index, aggregates: [`count(*) FILTER (WHERE ${badNumeric(`CAST(${c} AS DOUBLE)`)})`, ...range(`CAST(${c} AS DOUBLE)`)] };
    return { variable, index, aggregates: [] }; // a type readTable rejects: let it say why
  });
  const literals = plans.filter((p) => p.literal).map((p) => `, ${p.literal} AS l${p.index}, ${p.value} AS v${p.index}`).join("");
  const first = (await file.guard(() => db.rows(`SELECT count(*)${plans.flatMap((p) => p.aggregates).map((a) => `, ${a}`).join("")} FROM (SELECT *${literals} FROM src)`)))[0];
  const rowCount = Number(first[0]);
  file.requireRows(rowCount);
  let at = 1;
  const bad: Plan[] = [];
  const columns = new Map<string, SourceColumn & { sql: string }>();
  /** Per variable: the one value every row holds, worded for a message, or undefined when it varies. */
  const constant = new Map<string, string | undefined>();
  const middle = new Map<string, number>();
  const extent = new Map<string, { min: number; max: number }>();
  const same = (lo: unknown, hi: unknown, text: boolean) => (lo !== null && lo === hi ? (text ? `"${String(lo)}"` : `${Number(lo)}`) : undefined);
  const undeclared: Plan[] = [];
  for (const p of plans) {
    const got = first.slice(at, at + p.aggregates.length);
    at += p.aggregates.length;
    const c = `c${p.index}`, type = file.types[p.index], declared = options.levels?.[p.variable];
    if (!got.length) bad.push(p);
    else if (declared) {
      if (Number(got[0]) > 0 || new Set(declared).size !== declared.length) bad.push(p);
      else columns.set(p.variable, { kind: "categorical", levels: [...declared], sql: levelIndex(type === "VARCHAR" ? c : `CAST(${c} AS VARCHAR)`, declared) });
      constant.set(p.variable, same(got[1], got[2], true));
    } else if (type === "VARCHAR") {
      const [numbers, badNumbers, integer, empty] = got.slice(0, 4).map(Number);
      if (numbers > 0) {
        if (badNumbers > 0) bad.push(p);
        else columns.set(p.variable, { kind: integer ? "integer" : "numeric", sql: numericTextValue(c) });
        constant.set(p.variable, same(got[4], got[5], false));
        middle.set(p.variable, (Number(got[4]) + Number(got[5])) / 2);
        extent.set(p.variable, { min: Number(got[4]), max: Number(got[5]) });
      } else if (empty > 0) bad.push(p);
      else undeclared.push(p);
    } else {
      if (Number(got[0]) > 0) bad.push(p);
      else columns.set(p.variable, { kind: FLOAT_TYPES.test(type) ? "numeric" : "integer", sql: `CAST(${c} AS DOUBLE)` });
      constant.set(p.variable, same(got[1], got[2], false));
      middle.set(p.variable, (Number(got[1]) + Number(got[2])) / 2);
      extent.set(p.variable, { min: Number(got[1]), max: Number(got[2]) });
    }
  }
  if (bad.length) await failAsReadTable(db, path, file, bad, options);
  // Categories without declared levels: first-seen order, found in one streamed pass.
  if (undeclared.length) {
    const seen = undeclared.map(() => new Map<string, number>());
    await db.streamText(`SELECT ${undeclared.map((p) => `c${p.index}`).join(", ")} FROM src`, (cols, n) => {
      cols.forEach((col, k) => { for (let i = 0; i < n; i++) if (!seen[k].has(col[i])) seen[k].set(col[i], seen[k].size); });
    });
    undeclared.forEach((p, k) => {
      const levels = [...seen[k].keys()];
      columns.set(p.variable, { kind: "categorical", levels, sql: levelIndex(`c${p.index}`, levels) });
      constant.set(p.variable, levels.length === 1 ? `"${levels[0]}"` : undefined);
    });
  }
  const names = vars.map((v) => v.variable);
  await db.run(`CREATE VIEW data AS SELECT ${names.map((n) => `CAST(${columns.get(n)!.sql} AS DOUBLE) AS ${sqlName(n)}`).join(", ")} FROM src`);
  const query = (sql: string) => file.guard(() => db.rows(sql));
  const scan: DataSource["scan"] = (want, onChunk) => {
    for (const n of want) lookup(path, names, columns, n);
    return file.guard(() => db.stream(`SELECT ${want.map(sqlName).join(", ") || "1"} FROM data`, onChunk));
  };
  return {
    source: path, rowCount, names,
    column: (name) => {
      const { kind, levels } = lookup(path, names, columns, name);
      return levels ? { kind, levels } : { kind };
    },
    sql: query,
    stream: (sql, onChunk) => file.guard(() => db.stream(sql, onChunk)),
    scan,
    centre: (name) => {
      const m = middle.get(name);
      return m !== undefined && Number.isFinite(m) ? m : undefined;
    },
    range: (name) => {
      const r = extent.get(name);
      return r && Number.isFinite(r.min) && Number.isFinite(r.max) ? { ...r } : undefined;
    },
    async requireVariation(want, why) {
      for (const n of want) {
        lookup(path, names, columns, n);
        const value = constant.get(n);
        if (value !== undefined) throw constantColumnError(path, n, rowCount, value, why?.(n));
      }
    },
    async requireValues(name, check) {
      lookup(path, names, columns, name);
      const count = Number((await query(`SELECT count(*) FROM (SELECT ${sqlName(name)} AS v FROM data) WHERE ${check.sqlInvalid}`))[0][0]);
      if (count === 0) return;
      let row = -1, value = NaN, offset = 0;
      await scan([name], ([col], n) => {
        if (row < 0) for (let i = 0; i < n; i++) if (!check.valid(col[i])) { row = offset + i; value = col[i]; break; }
        offset += n;
      });
      const { index } = vars.find((v) => v.variable === name)!;
      throw await file.cellError(Math.max(0, row), file.label(index, name), check.what(value));
    },
    close: () => db.close(),
  };
}

/** Reads the failing columns as readTable does and throws readTable's error for the first. */
async function failAsReadTable(db: Database, path: string, file: DataFile, bad: readonly Plan[], options: ReadTableOptions): Promise<never> {
  const reader = new DataFile(db, path, file.format);
  await reader.load(bad.map((p) => p.index));
  const levels = Object.fromEntries(Object.entries(options.levels ?? {}).filter(([k]) => bad.some((p) => p.variable === k)));
  await reader.toTable({ columns: bad.map((p) => p.variable), ...(options.map ? { map: options.map } : {}), levels });
  throw new CausalError(error("internal", `${path}: the SQL checks found a bad cell in ${bad.map((p) => `"${p.variable}"`).join(", ")} that the reader did not; please report this`));
}

function lookup<C>(source: string | undefined, names: readonly string[], columns: ReadonlyMap<string, C>, name: string): C {
  const c = columns.get(name);
  if (c) return c;
  const where = source ? `${source}: ` : "";
  throw new CausalError(error("missing-column", `${where}no column "${name}" (the data have: ${names.join(", ") || "no columns"}).`));
}

/** In-memory data: a Table (typed columns) or plain columns keyed by name. */
export type MemoryData =
  | { readonly source?: string; readonly rowCount: number; readonly names: readonly string[]; readonly columns: ReadonlyMap<string, { readonly values: Float64Array; readonly kind?: ColumnKind; readonly levels?: readonly string[] }> }
  | Readonly<Record<string, Float64Array | readonly number[]>>;

/** A DataSource over columns in memory (no SQL: fitting accumulates its sums in JS from `scan`). */
export function memoryDataSource(data: MemoryData): DataSource {
  const table = isTable(data) ? data : undefined;
  const names = table ? [...table.names] : Object.keys(data);
  const columns = new Map<string, SourceColumn & { values: Float64Array }>();
  let rowCount = table ? table.rowCount : -1;
  for (const name of names) {
    const c = table ? table.columns.get(name) : undefined;
    const raw = c ? c.values : (data as Record<string, Float64Array | readonly number[]>)[name];
    const values = raw instanceof Float64Array ? raw : Float64Array.from(raw);
    if (rowCount < 0) rowCount = values.length;
    if (values.length !== rowCount) throw invalid(`column "${name}" has ${values.length} rows, but column "${names[0]}" has ${rowCount}; every column needs the same number of rows`);
    let integer = true;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (!Number.isFinite(v)) throw invalid(`${table?.source ? `${table.source}: ` : ""}column "${name}", row ${i + 1}: ${Number.isNaN(v) ? "NaN (not a number)" : `${v} (not finite)`}`);
      if (integer && !Number.isInteger(v)) integer = false;
    }
    const kind: ColumnKind = c?.kind ?? (integer ? "integer" : "numeric");
    columns.set(name, { kind, ...(c?.levels ? { levels: c.levels } : {}), values });
  }
  const source = table?.source;
  const get = (name: string) => lookup(source, names, columns, name);
  return {
    ...(source ? { source } : {}),
    rowCount: Math.max(0, rowCount), names,
    column: (name) => {
      const { kind, levels } = get(name);
      return levels ? { kind, levels } : { kind };
    },
    async scan(want, onChunk) {
      const cols = want.map((n) => get(n).values);
      for (let start = 0; start < rowCount; start += CHUNK) {
        const end = Math.min(rowCount, start + CHUNK);
        onChunk(cols.map((c) => c.subarray(start, end)), end - start);
      }
    },
    async requireVariation(want, why) {
      for (const n of want) {
        const { values: v, levels } = get(n);
        let constant = true;
        for (let i = 1; i < v.length && constant; i++) if (v[i] !== v[0]) constant = false;
        if (constant) throw constantColumnError(source, n, v.length, v.length ? (levels ? `"${levels[v[0]]}"` : `${v[0]}`) : undefined, why?.(n));
      }
    },
    async requireValues(name, check) {
      const v = get(name).values;
      for (let i = 0; i < v.length; i++) {
        if (!check.valid(v[i])) throw invalid(`${source ? `${source}: ` : ""}column "${name}", row ${i + 1}: ${check.what(v[i])}`);
      }
    },
    close() {},
  };
}

function isTable(x: MemoryData): x is Extract<MemoryData, { columns: unknown }> {
  return (x as { columns?: unknown }).columns instanceof Map && typeof (x as { rowCount?: unknown }).rowCount === "number";
}

function invalid(message: string): CausalError {
  return new CausalError(error("invalid-data", `${message}.`));
}
