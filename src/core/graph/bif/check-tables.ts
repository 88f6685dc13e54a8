/**
 * The blocks of a BIF file, as the parser read them, checked into a network: each table's rows placed
 * by their parents' states (or read in BIF's `table` order, child slowest), every entry a number ≥ 0,
 * each row summing to 1 (within ROW_TOLERANCE: normalised, one info line for the file), every variable
 * with exactly one table, no cycle; the DAG is returned even when the tables have errors.
 */
import { error, type SourceRange } from "../../errors/diagnostic";
import type { DiagnosticCap } from "../../errors/diagnostic-cap";
import { CausalGraph, directedCycle } from "../causal-graph";
import type { GraphData } from "../types";
import type { BifParse, BifTable, BifVariable } from "./network";
import type { Tok } from "./tokenize-bif";

/** 2 × 10^7 entries: 160 MB of Float64 tables; the largest bnlearn network (munin, 1,041 nodes) has about 10^5. */
export const MAX_ENTRIES = 20_000_000;
/** How far a row may sum from 1 and still be normalised (the issue's and pgmpy's tolerance for published files). */
export const ROW_TOLERANCE = 1e-6;
/** Below this a row's deviation is binary rounding of exact decimals: normalised without a word. */
const SILENT_DEVIATION = 1e-12;

export interface RawTable {
  child: Tok;
  parents: Tok[];
  rows: { states: Tok[]; values: Tok[]; start: number; end: number }[];
  defaults?: { values: Tok[]; start: number; end: number };
  table?: { values: Tok[]; start: number; end: number };
  start: number;
  end: number;
}

/** A `variable` block as written: its name, listed states, declared count and properties. */
export interface RawVariable { tok: Tok; states: Tok[]; declared: number; start: number; end: number; props: string[] }

export function checkTables(
  name: string, networkProps: string[],
  vars: Map<string, RawVariable>,
  raws: RawTable[], problems: DiagnosticCap, range: (s: number, e: number) => SourceRange,
): BifParse {
  const variables: BifVariable[] = [];
  for (const [vname, v] of vars) {
    const names = v.states.map((s) => s.value);
    if (names.length !== v.declared) problems.push(error("parse-error", `variable "${vname}" declares ${v.declared} states but lists ${names.length}`, range(v.tok.start, v.tok.end)));
    const dup = names.find((s, i) => names.indexOf(s) !== i);
    if (dup !== undefined) problems.push(error("duplicate-name", `variable "${vname}" lists state "${dup}" twice`, range(v.tok.start, v.tok.end)));
    variables.push({ name: vname, states: names, properties: v.props, range: range(v.tok.start, v.tok.end), declarationRange: range(v.start, v.end) });
  }
  const byName = new Map(variables.map((v) => [v.name, v]));
  const tables = new Map<string, BifTable>();
  const edges: GraphData["edges"] = [];
  let entries = 0;
  const normalised = { rows: 0, tables: new Set<string>(), worst: 0, at: undefined as SourceRange | undefined };

  for (const raw of raws) {
    const child = byName.get(raw.child.value);
    const where = range(raw.child.start, raw.child.end);
    if (!child) { problems.push(error("unknown-variable", `a table is given for "${raw.child.value}", which no "variable" block declares`, where)); continue; }
    if (tables.has(child.name)) { problems.push(error("duplicate-name", `"${child.name}" has two probability tables`, where)); continue; }
    const parents: BifVariable[] = [];
    let bad = false;
    for (const t of raw.parents) {
      const pv = byName.get(t.value);
      if (!pv) { problems.push(error("unknown-variable", `the table of "${child.name}" names parent "${t.value}", which no "variable" block declares`, range(t.start, t.end))); bad = true; continue; }
      if (parents.includes(pv) || pv === child) { problems.push(error("duplicate-name", `the table of "${child.name}" names "${t.value}" ${pv === child ? "as its own parent" : "twice"}`, range(t.start, t.end))); bad = true; continue; }
      parents.push(pv);
      edges.push({ from: pv.name, to: child.name, kind: "directed", range: range(t.start, t.end) });
    }
    if (bad) continue;
    const k = child.states.length;
    const configs = parents.reduce((a, pv) => a * pv.states.length, 1);
    if (entries + configs * k > MAX_ENTRIES) {
      problems.push(error("invalid-argument", `the table of "${child.name}" has ${configs * k} entries, past the limit of ${MAX_ENTRIES} table entries in one file`, where));
      continue;
    }
    const values = new Float64Array(configs * k).fill(NaN);
    const num = (t: Tok): number => {
      const x = Number(t.value);
      if (t.value === "" || !Number.isFinite(x) || x < 0) {
        problems.push(error("invalid-parameter", `"${t.value}" is not a probability (a number ≥ 0) in the table of "${child.name}"`, range(t.start, t.end)));
        return NaN;
      }
      return x;
    };
    if (raw.table) {
      if (raw.rows.length || raw.defaults) problems.push(error("parse-error", `the table of "${child.name}" mixes "table" with rows or "default"; give one or the other`, range(raw.table.start, raw.table.end)));
      else if (raw.table.values.length !== configs * k) problems.push(error("parse-error", `the table of "${child.name}" has ${raw.table.values.length} entries; ${k} states × ${configs} parent configurations need ${configs * k}`, range(raw.table.start, raw.table.end)));
      else raw.table.values.forEach((t, i) => {
        // BIF order: child slowest, parents in mixed radix (last fastest) -> our rows (configuration-major).
        const state = Math.floor(i / configs), config = i % configs;
        values[config * k + state] = num(t);
      });
    } else {
      const fill = (config: number, vs: Tok[], at: { start: number; end: number }): void => {
        if (vs.length !== k) { problems.push(error("parse-error", `this row of "${child.name}" has ${vs.length} entries; "${child.name}" has ${k} states`, range(at.start, at.end))); return; }
        vs.forEach((t, j) => (values[config * k + j] = num(t)));
      };
      if (raw.defaults) for (let c = 0; c < configs; c++) fill(c, raw.defaults.values, raw.defaults);
      const seen = new Set<number>();
      for (const row of raw.rows) {
        if (row.states.length !== parents.length) { problems.push(error("parse-error", `this row of "${child.name}" names ${row.states.length} parent states; the table has ${parents.length} parents (${parents.map((q) => q.name).join(", ") || "none"})`, range(row.start, row.end))); continue; }
        let config = 0;
        let ok = true;
        row.states.forEach((s, j) => {
          const idx = parents[j].states.indexOf(s.value);
          if (idx < 0) { problems.push(error("unknown-variable", `"${s.value}" is not a state of "${parents[j].name}" (its states: ${parents[j].states.join(", ")})`, range(s.start, s.end))); ok = false; }
          config = config * parents[j].states.length + idx;
        });
        if (!ok) continue;
        if (seen.has(config)) { problems.push(error("duplicate-name", `the row (${row.states.map((s) => s.value).join(", ")}) of "${child.name}" is given twice`, range(row.start, row.end))); continue; }
        seen.add(config);
        fill(config, row.values, row);
      }
      if (!raw.rows.length && !raw.defaults) problems.push(error("parse-error", `the table of "${child.name}" is empty`, where));
      else if (!raw.defaults && seen.size < configs) {
        const missing = [...Array(configs).keys()].find((c) => !seen.has(c))!;
        problems.push(error("parse-error", `the table of "${child.name}" has ${seen.size} of ${configs} rows; (${configState(parents, missing).join(", ")}) and ${configs - seen.size - 1} more are missing (or add a "default" row)`, where));
      }
    }
    // Rows must sum to 1; near-misses from rounded decimals are normalised.
    let rowsOk = true;
    for (let c = 0; c < configs && rowsOk; c++) {
      let s = 0;
      for (let j = 0; j < k; j++) s += values[c * k + j];
      if (Number.isNaN(s)) { rowsOk = false; break; }
      const dev = Math.abs(s - 1);
      if (dev > ROW_TOLERANCE) {
        const cfg = parents.length ? ` given (${configState(parents, c).join(", ")})` : "";
        problems.push(error("invalid-parameter", `the probabilities of "${child.name}"${cfg} sum to ${+s.toPrecision(12)}, not 1`, where, ["rows may miss 1 by up to 1e-6 (rounding) and are then normalised; fix the entries"]));
        rowsOk = false;
      } else if (dev > 0) {
        for (let j = 0; j < k; j++) values[c * k + j] /= s;
        // Decimals that sum to 1 on paper miss it by an ulp or two in binary (0.1 + 0.2); only real rounding is worth saying.
        if (dev > SILENT_DEVIATION) {
          normalised.rows++;
          normalised.tables.add(child.name);
          if (dev > normalised.worst) { normalised.worst = dev; normalised.at = where; }
        }
      }
    }
    if (!rowsOk) continue;
    entries += values.length;
    tables.set(child.name, { child: child.name, parents: parents.map((q) => q.name), values, range: range(raw.start, raw.end), parentRanges: raw.parents.map((t) => range(t.start, t.end)) });
  }
  for (const v of variables) if (!tables.has(v.name) && !raws.some((r) => r.child.value === v.name)) problems.push(error("parse-error", `variable "${v.name}" has no probability table (probability ( ${v.name} ) { … })`, v.range));
  if (normalised.rows) {
    problems.push({
      code: "invalid-parameter", severity: "info",
      message: `normalised ${normalised.rows} row${normalised.rows === 1 ? "" : "s"} in ${normalised.tables.size} table${normalised.tables.size === 1 ? "" : "s"} that summed to within 1e-6 of 1 (largest deviation ${normalised.worst.toExponential(1)})`,
      ...(normalised.at ? { range: normalised.at } : {}),
    });
  }
  const graph: GraphData = {
    nodes: variables.map((v) => ({ id: v.name, range: v.range, declarationRange: v.declarationRange, mechanism: describeTable(v, tables.get(v.name), byName) })),
    edges,
  };
  const cycle = directedCycle(CausalGraph.from(graph));
  if (cycle) problems.push(error("cycle", `the tables form a directed cycle: ${[...cycle, cycle[0]].join(" -> ")}`, byName.get(cycle[0])?.range));
  const diagnostics = problems.finish();
  if (diagnostics.some((d) => d.severity === "error")) return { graph, diagnostics };
  // Variables in causal order (parents first), ties in file order, so a model can be built from them.
  // (Not CausalGraph.topologicalOrder: its stack order puts a node's last child right after it, not the file's next variable.)
  const ordered = causalOrder(variables, tables);
  return { network: { name, properties: networkProps, variables: ordered, tables: ordered.map((v) => tables.get(v.name)!) }, graph, diagnostics };
}

function configState(parents: readonly BifVariable[], config: number): string[] {
  const out: string[] = [];
  for (let j = parents.length - 1; j >= 0; j--) {
    const m = parents[j].states.length;
    out.unshift(parents[j].states[config % m]);
    config = Math.floor(config / m);
  }
  return out;
}

function describeTable(v: BifVariable, t: BifTable | undefined, byName: Map<string, BifVariable>): string {
  const states = v.states.length <= 6 ? v.states.join(", ") : `${v.states.slice(0, 5).join(", ")}, … (${v.states.length} states)`;
  if (!t) return `{ ${states} }`;
  const rows = t.parents.reduce((a, q) => a * byName.get(q)!.states.length, 1);
  return `table { ${states} }${t.parents.length ? ` × ${rows} parent configurations` : ""}`;
}

/** Kahn's algorithm, taking the earliest variable in file order whose parents are all placed. */
function causalOrder(variables: BifVariable[], tables: Map<string, BifTable>): BifVariable[] {
  const index = new Map(variables.map((v, i) => [v.name, i]));
  const waiting = variables.map((v) => tables.get(v.name)!.parents.length);
  const children: number[][] = variables.map(() => []);
  variables.forEach((v, i) => { for (const q of tables.get(v.name)!.parents) children[index.get(q)!].push(i); });
  // A binary heap on file index keeps ties in file order.
  const heap: number[] = [];
  const push = (x: number) => { heap.push(x); let i = heap.length - 1; while (i > 0) { const u = (i - 1) >> 1; if (heap[u] <= heap[i]) break; [heap[u], heap[i]] = [heap[i], heap[u]]; i = u; } };
  const pop = (): number => {
    const top = heap[0], last = heap.pop()!;
    if (heap.length) {
      heap[0] = last;
      let i = 0;
      for (;;) { const l = 2 * i + 1, r = l + 1; let m = i; if (l < heap.length && heap[l] < heap[m]) m = l; if (r < heap.length && heap[r] < heap[m]) m = r; if (m === i) break; [heap[m], heap[i]] = [heap[i], heap[m]]; i = m; }
    }
    return top;
  };
  waiting.forEach((w, i) => { if (w === 0) push(i); });
  const out: BifVariable[] = [];
  while (heap.length) {
    const i = pop();
    out.push(variables[i]);
    for (const c of children[i]) if (--waiting[c] === 0) push(c);
  }
  return out;
}
