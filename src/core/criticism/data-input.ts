/**
 * The data the criticism checks read: a Table (core/data's, typed here by its shape so this folder
 * does not import the data layer) or plain in-memory columns. Each variable a check needs is looked
 * up by name and given a type — continuous or discrete — that decides which test applies:
 * categorical columns are discrete, real-valued ones continuous, and integer columns discrete when
 * they take at most `maxDiscreteLevels` distinct values (a 0/1 column from a bernoulli), unless the
 * caller says otherwise. A missing column, a non-finite cell or a constant column is a CausalError
 * naming the column (and the row), with the variable's source range when it has one.
 */
import { CausalError, error, type SourceRange } from "../errors/diagnostic";

export interface CriticismColumn {
  readonly kind?: "numeric" | "integer" | "categorical";
  readonly values: Float64Array;
  readonly levels?: readonly string[];
}

/** core/data's Table, by shape. */
export interface CriticismTable {
  readonly source?: string;
  readonly rowCount: number;
  readonly names: readonly string[];
  readonly columns: ReadonlyMap<string, CriticismColumn>;
}

/** In-memory columns by name: numbers, or strings for categories. */
export type CriticismRecord = Readonly<Record<string, Float64Array | readonly number[] | readonly string[]>>;

export type CriticismData = CriticismTable | CriticismRecord;

export type VariableType = "continuous" | "discrete";

export interface DataColumn {
  readonly name: string;
  readonly type: VariableType;
  /** The values; for a discrete column, codes 0..levels-1. */
  readonly values: Float64Array;
  /** Discrete: the number of codes (some may not occur). Continuous: 0. */
  readonly levels: number;
}

export interface ColumnTypeOptions {
  /** Declared types by variable (they win over the column's own kind). */
  types?: Readonly<Record<string, VariableType>>;
  /** An integer column with at most this many distinct values is discrete (default 10). */
  maxDiscreteLevels?: number;
}

export interface DataView {
  readonly source?: string;
  readonly rowCount: number;
  readonly names: readonly string[];
  has(name: string): boolean;
  /** The column as a check reads it; throws a CausalError naming it when missing, non-finite or constant. */
  column(name: string, range?: SourceRange): DataColumn;
  /** The raw values (no type decided, no constancy check). */
  values(name: string, range?: SourceRange): Float64Array;
}

function isTable(x: CriticismData): x is CriticismTable {
  return typeof x === "object" && x !== null && (x as CriticismTable).columns instanceof Map && typeof (x as CriticismTable).rowCount === "number";
}

export function dataView(data: CriticismData, options: ColumnTypeOptions = {}): DataView {
  const raw = new Map<string, CriticismColumn>();
  let rowCount: number, source: string | undefined, names: readonly string[];
  if (isTable(data)) {
    for (const [k, c] of data.columns) raw.set(k, c);
    rowCount = data.rowCount;
    source = data.source;
    names = data.names;
  } else {
    names = Object.keys(data);
    rowCount = -1;
    for (const name of names) {
      const c = recordColumn(name, data[name]);
      if (rowCount >= 0 && c.values.length !== rowCount) {
        throw new CausalError(error("invalid-data", `column "${name}" has ${c.values.length} rows, but column "${names[0]}" has ${rowCount}; every column needs the same number of rows.`));
      }
      rowCount = c.values.length;
      raw.set(name, c);
    }
    rowCount = Math.max(rowCount, 0);
  }
  const maxLevels = options.maxDiscreteLevels ?? 10;
  const cache = new Map<string, DataColumn>();
  const where = source ? ` in ${source}` : "";
  const get = (name: string, range?: SourceRange): CriticismColumn => {
    const c = raw.get(name);
    if (!c) throw new CausalError(error("missing-column", `no column "${name}"${where} (the data has: ${names.join(", ") || "no columns"}).`, range));
    return c;
  };
  return {
    ...(source ? { source } : {}),
    rowCount,
    names,
    has: (name) => raw.has(name),
    values: (name, range) => get(name, range).values,
    column(name, range) {
      const hit = cache.get(name);
      if (hit) return hit;
      const c = get(name, range);
      const col = typedColumn(name, c, options.types?.[name], maxLevels, where, range);
      cache.set(name, col);
      return col;
    },
  };
}

function recordColumn(name: string, input: Float64Array | readonly number[] | readonly string[]): CriticismColumn {
  if (input.length > 0 && typeof input[0] === "string") {
    const levels: string[] = [], index = new Map<string, number>(), values = new Float64Array(input.length);
    (input as readonly string[]).forEach((s, i) => {
      if (typeof s !== "string" || s === "") throw new CausalError(error("invalid-data", `column "${name}", row ${i + 1}: ${JSON.stringify(s)} is not a category name.`));
      let k = index.get(s);
      if (k === undefined) { k = levels.length; levels.push(s); index.set(s, k); }
      values[i] = k;
    });
    return { kind: "categorical", values, levels };
  }
  const values = input instanceof Float64Array ? input : Float64Array.from(input as readonly number[]);
  let integer = true;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) throw new CausalError(error("invalid-data", `column "${name}", row ${i + 1}: ${Number.isNaN(v) ? "NaN (not a number)" : String(v)} is not a finite number.`));
    if (!Number.isInteger(v)) integer = false;
  }
  return { kind: integer ? "integer" : "numeric", values };
}

function typedColumn(name: string, c: CriticismColumn, declared: VariableType | undefined, maxLevels: number, where: string, range?: SourceRange): DataColumn {
  const v = c.values;
  for (let i = 0; i < v.length; i++) {
    if (!Number.isFinite(v[i])) throw new CausalError(error("invalid-data", `column "${name}"${where}, row ${i + 1}: ${v[i]} is not a finite number.`, range));
  }
  let constant = v.length > 0;
  for (let i = 1; i < v.length && constant; i++) if (v[i] !== v[0]) constant = false;
  if (constant) {
    throw new CausalError(error("constant-column", `column "${name}"${where} is constant (every one of its ${v.length} rows is ${c.levels ? c.levels[v[0]] : v[0]}), so no test can use it; drop it or give data in which it varies.`, range));
  }
  if (c.kind === "categorical" && declared !== "continuous") return { name, type: "discrete", values: v, levels: c.levels?.length ?? distinctCodes(v).levels };
  const integer = c.kind === "integer" || (c.kind === undefined && v.every(Number.isInteger));
  const discrete = declared === "discrete" || (declared === undefined && c.kind !== "categorical" && integer && distinctCount(v, maxLevels + 1) <= maxLevels);
  if (!discrete) return { name, type: "continuous", values: v, levels: 0 };
  const { codes, levels } = distinctCodes(v);
  return { name, type: "discrete", values: codes, levels };
}

function distinctCount(v: Float64Array, stopAt: number): number {
  const seen = new Set<number>();
  for (let i = 0; i < v.length && seen.size < stopAt; i++) seen.add(v[i]);
  return seen.size;
}

/** Codes 0..k-1 for the distinct values, in increasing order of value. */
function distinctCodes(v: Float64Array): { codes: Float64Array; levels: number } {
  const sorted = [...new Set(v)].sort((a, b) => a - b);
  const index = new Map(sorted.map((x, i) => [x, i]));
  const codes = new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) codes[i] = index.get(v[i])!;
  return { codes, levels: sorted.length };
}
