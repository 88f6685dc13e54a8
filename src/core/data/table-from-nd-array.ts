/**
 * `tableFromNdArray(array, columnNames)`: a 1-D array (one column) or a 2-D array (rows × columns,
 * one name per column) as a Table, e.g. dSprites' `latents_values` (737280 × 6) with the names
 * color, shape, scale, orientation, posX, posY. The columns are copied out of the row-major data
 * and checked by tableFromColumns (NaN and infinities are rejected naming the column and row).
 */
import { CausalError, error } from "../errors/diagnostic";
import type { NdArray } from "./parse-npy";
import { tableFromColumns, type Table } from "./table";

export function tableFromNdArray(array: NdArray, columnNames: readonly string[]): Table {
  const where = array.source ? `${array.source}: ` : "";
  const { shape } = array;
  if (shape.length !== 1 && shape.length !== 2) {
    throw invalid(`${where}a table needs a 1-D or 2-D array, this one has shape (${shape.join(", ")}); reshape it or pick a slice first`);
  }
  const rows = shape[0];
  const width = shape.length === 2 ? shape[1] : 1;
  if (columnNames.length !== width) {
    throw invalid(`${where}the array has ${width} column${width === 1 ? "" : "s"} (shape (${shape.join(", ")})), but ${columnNames.length} column name${columnNames.length === 1 ? " was" : "s were"} given (${columnNames.join(", ") || "none"})`);
  }
  const seen = new Set<string>();
  for (const n of columnNames) {
    if (seen.has(n)) throw invalid(`${where}the column name "${n}" is given twice`);
    seen.add(n);
  }
  const record: Record<string, Float64Array> = {};
  columnNames.forEach((n, j) => {
    const column = new Float64Array(rows);
    for (let i = 0; i < rows; i++) column[i] = array.data[i * width + j];
    record[n] = column;
  });
  const table = tableFromColumns(record);
  return array.source ? { ...table, source: array.source } : table;
}

function invalid(message: string): CausalError {
  return new CausalError(error("invalid-data", `${message}.`));
}
