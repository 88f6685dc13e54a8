/**
 * The SQL that decides what a column holds and which cells are bad, shared by readTable (over a
 * table loaded into DuckDB) and DataSource (over a view of the file, never loaded): the same
 * predicates, so both readers accept and reject the same cells. Each function takes a column
 * expression and returns a SQL boolean (or value) expression; nothing here runs SQL.
 */
import { sqlString } from "./duckdb";

export const NUMBER_LITERAL = "[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?";

/** A text cell that is a number literal (the rule that makes a text column numeric). */
export function isNumberLiteral(c: string): string {
  return `regexp_full_match(trim(${c}), '${NUMBER_LITERAL}')`;
}

/** A text cell that is a whole-number literal (an `integer` column has only these). */
export function isIntegerLiteral(c: string): string {
  return `regexp_full_match(trim(${c}), '[+-]?[0-9]+')`;
}

/** A bad cell of a numeric text column: empty, not a number literal, or not finite (1e999). */
export function badNumericText(c: string): string {
  return `(${c} IS NULL OR NOT ${isNumberLiteral(c)} OR isinf(TRY_CAST(trim(${c}) AS DOUBLE)))`;
}

/** The value of a numeric text cell. */
export function numericTextValue(c: string): string {
  return `CAST(trim(${c}) AS DOUBLE)`;
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
