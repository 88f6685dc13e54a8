/**
 * The SQL that decides what a column holds and which cells are bad, shared by readTable (over a
 * table loaded into DuckDB) and DataSource (over a view of the file, never loaded): the same
 * predicates, so both readers accept and reject the same cells. Each function takes a column
 * expression and returns a SQL boolean (or value) expression; nothing here runs SQL.
 */
import { sqlString } from "./duckdb";

export const NUMBER_LITERAL = "[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?";
/** Blanks a number may have around it: spaces, tabs, line ends, no-break spaces. */
const BLANKS = "[ \\t\\r\\n\\x{00A0}]*";

/**
 * A text cell that is a number literal (the rule that makes a text column numeric). The blanks
 * are in the pattern, not trimmed first: DuckDB's trim costs more than the match itself.
 */
export function isNumberLiteral(c: string): string {
  return `regexp_full_match(${c}, '${BLANKS}${NUMBER_LITERAL}${BLANKS}')`;
}

/** A text cell that is a whole-number literal (an `integer` column has only these): a number literal with no '.' or exponent. */
export function isIntegerLiteral(c: string, literal = isNumberLiteral(c)): string {
  return `(${literal} AND NOT (contains(${c}, '.') OR contains(${c}, 'e') OR contains(${c}, 'E')))`;
}

/**
 * A bad cell of a numeric text column: empty, not a number literal, or not finite (1e999).
 * `literal` and `value` may name columns holding isNumberLiteral and numericTextValue of the cell.
 */
export function badNumericText(c: string, literal = isNumberLiteral(c), value = numericTextValue(c)): string {
  return `(${c} IS NULL OR NOT ${literal} OR isinf(${value}))`;
}

/**
 * The value of a number-literal text cell: DuckDB's cast skips spaces, tabs and line ends; a
 * no-break space needs the (slower) trim, tried only when the cast fails.
 */
export function numericTextValue(c: string): string {
  return `coalesce(TRY_CAST(${c} AS DOUBLE), TRY_CAST(trim(${c}) AS DOUBLE))`;
}

/** A bad cell of a typed numeric column (the expression is already DOUBLE). */
export function badNumeric(expr: string): string {
  return `(${expr} IS NULL OR isnan(${expr}) OR isinf(${expr}))`;
}

/** An empty cell of a categorical column. */
export function emptyCategory(expr: string): string {
  return `(${expr} IS NULL OR ${expr} = '')`;
}

/** The level index (0-based) of a category, NULL when it is not one of `levels`. */
export function levelIndex(expr: string, levels: readonly string[]): string {
  return `(list_position(${levelList(levels)}, ${expr}) - 1)`;
}

/** A category that is not one of `levels`. */
export function outsideLevels(expr: string, levels: readonly string[]): string {
  return `(NOT list_contains(${levelList(levels)}, ${expr}))`;
}

function levelList(levels: readonly string[]): string {
  return `[${levels.map(sqlString).join(", ")}]::VARCHAR[]`;
}
