/**
 * BIF text (the Bayesian Interchange Format 0.15 of the bnlearn repository and pgmpy) -> a discrete
 * network: variables with named states and one conditional probability table per variable, with a
 * source range on each, plus diagnostics. Written from the format's description (Cozman's BIF 0.15
 * page, pgmpy's reader documentation); never throws.
 *
 *     network asia { }
 *     variable smoke { type discrete [ 2 ] { yes, no }; }
 *     probability ( smoke ) { table 0.5, 0.5; }
 *     probability ( lung | smoke ) { (yes) 0.1, 0.9; (no) 0.01, 0.99; }
 *
 * A table is given as rows, one per parent configuration (`(s1, s2) p...;`, states of the child in
 * declared order), with an optional `default p...;` for configurations not listed, or as one `table`
 * list with the child's state varying slowest and the last parent fastest (BIF 0.15's order, which
 * pgmpy's reader follows). `property` statements are kept on the network and variables as text.
 * A row summing to 1 within 1e-6 (published files have 0.3333333 × 3) is normalised and reported
 * once per file as info; a larger deviation, a negative or missing entry, an unknown state, a
 * missing or repeated table, or a directed cycle is an error. Bounded like the DAGitty reader:
 * MAX_VARIABLES variables and MAX_ENTRIES table entries in all, each cut reported.
 */
import { type Diagnostic, error, rangeFromOffsets, type SourceRange } from "../../errors/diagnostic";
import { DiagnosticCap } from "../../errors/diagnostic-cap";
import { CausalGraph, directedCycle } from "../causal-graph";
import type { GraphData } from "../types";

export const MAX_VARIABLES = 5000;
/** 2 × 10^7 entries: 160 MB of Float64 tables; the largest bnlearn network (munin, 1,041 nodes) has about 10^5. */
export const MAX_ENTRIES = 20_000_000;
/** How far a row may sum from 1 and still be normalised (the issue's and pgmpy's tolerance for published files). */
export const ROW_TOLERANCE = 1e-6;
/** Below this a row's deviation is binary rounding of exact decimals: normalised without a word. */
const SILENT_DEVIATION = 1e-12;

export interface BifVariable {
  name: string;
  states: string[];
  properties: string[];
  /** The name in `variable NAME {` and the whole block. */
  range: SourceRange;
  declarationRange: SourceRange;
}

export interface BifTable {
  child: string;
  parents: string[];
  /**
   * P(child | parents): one row of `states(child)` entries per parent configuration, rows in mixed
   * radix over the parents in order, the first parent most significant (the last varies fastest).
   */
  values: Float64Array;
  range: SourceRange;
  /** Each parent name's range in the `probability ( … )` header. */
  parentRanges: SourceRange[];
}

export interface BifNetwork {
  name: string;
  properties: string[];
  /** In file order of their `variable` blocks. */
  variables: BifVariable[];
  /** One per variable, in the variables' order. */
  tables: BifTable[];
}

export interface BifParse {
  /** Present when the file has no errors (warnings and info may remain). */
  network?: BifNetwork;
  /** The DAG as far as it could be read (also when there are errors), for the editor. */
  graph: GraphData;
  diagnostics: Diagnostic[];
}

type Tok = { kind: "word" | "punct"; value: string; start: number; end: number };

/** "=" is not among them: state names such as ">=7.5" (bnlearn's child) hold it; `type discrete [ N ] = {` reads it as a word. */
const PUNCT = new Set(["{", "}", "(", ")", "[", "]", ";", ",", "|"]);

function tokenize(text: string, problems: DiagnosticCap, range: (s: number, e: number) => SourceRange): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 0xfeff) { i++; continue; }
    if (c === 47 && text.charCodeAt(i + 1) === 47) { const e = text.indexOf("\n", i); i = e < 0 ? n : e; continue; }
    if (c === 47 && text.charCodeAt(i + 1) === 42) {
      const e = text.indexOf("*/", i + 2);
      if (e < 0) { problems.push(error("parse-error", "this comment is never closed (no */ after it)", range(i, i + 2))); i = n; } else i = e + 2;
      continue;
    }
    const ch = text[i];
    if (PUNCT.has(ch)) { out.push({ kind: "punct", value: ch, start: i, end: i + 1 }); i++; continue; }
    if (ch === '"') {
      const e = text.indexOf('"', i + 1);
      const nl = text.indexOf("\n", i + 1);
      if (e < 0 || (nl >= 0 && nl < e)) { problems.push(error("parse-error", "this quoted name is never closed", range(i, i + 1))); i = nl < 0 ? n : nl; continue; }
      out.push({ kind: "word", value: text.slice(i + 1, e), start: i, end: e + 1 });
      i = e + 1;
      continue;
    }
    const s = i;
    while (i < n) {
      const d = text.charCodeAt(i);
      if (d === 32 || d === 9 || d === 10 || d === 13 || d === 34 || PUNCT.has(text[i])) break;
      if (d === 47 && (text.charCodeAt(i + 1) === 47 || text.charCodeAt(i + 1) === 42)) break;
      i++;
    }
    out.push({ kind: "word", value: text.slice(s, i), start: s, end: i });
  }
  return out;
}

interface RawTable {
  child: Tok;
  parents: Tok[];
  rows: { states: Tok[]; values: Tok[]; start: number; end: number }[];
  defaults?: { values: Tok[]; start: number; end: number };
  table?: { values: Tok[]; start: number; end: number };
  start: number;
  end: number;
}

class ParseError extends Error {
  constructor(readonly at: Tok | undefined, message: string) {
    super(message);
  }
}

export function parseBif(text: string, file?: string): BifParse {
  const problems = new DiagnosticCap();
  const range = (s: number, e: number) => rangeFromOffsets(text, s, e, file);
  const toks = tokenize(text, problems, range);
  let p = 0;
  const eofTok = (): Tok => ({ kind: "punct", value: "end of file", start: text.length, end: text.length });
  const peek = (): Tok | undefined => toks[p];
  const next = (what: string): Tok => {
    const t = toks[p];
    if (!t) throw new ParseError(undefined, `the file ends where ${what} should be`);
    p++;
    return t;
  };
  const expect = (value: string, where: string): Tok => {
    const t = next(`"${value}" (${where})`);
    if (t.value !== value || (t.kind !== "punct" && PUNCT.has(value))) throw new ParseError(t, `expected "${value}" ${where}, found "${t.value}"`);
    return t;
  };
  const word = (what: string): Tok => {
    const t = next(what);
    if (t.kind !== "word") throw new ParseError(t, `expected ${what}, found "${t.value}"`);
    return t;
  };
  /** The tokens up to the next ";" (not included; the ";" is consumed), stopping at "}" without consuming it. */
  const untilSemicolon = (where: string): Tok[] => {
    const out: Tok[] = [];
    for (;;) {
      const t = peek();
      if (!t) throw new ParseError(undefined, `the file ends inside ${where} (a ";" is missing)`);
      if (t.kind === "punct" && t.value === ";") { p++; return out; }
      if (t.kind === "punct" && t.value === "}") throw new ParseError(t, `expected ";" to end ${where}, found "}"`);
      out.push(t);
      p++;
    }
  };
  /** Skips to just past the "}" closing the block whose "{" was at depth 0 when the block began. */
  const skipBlock = (from: number): void => {
    let depth = 0;
    p = from;
    while (p < toks.length) {
      const t = toks[p++];
      if (t.kind !== "punct") continue;
      if (t.value === "{") depth++;
      else if (t.value === "}" && --depth <= 0) return;
    }
  };
  /** Words separated by commas up to `close` (left for the caller to expect). */
  const wordList = (close: string, what: string): Tok[] => {
    const out: Tok[] = [];
    while (peek() && peek()!.value !== close) {
      const t = next(what);
      if (t.kind === "punct" && t.value === ",") continue;
      if (t.kind !== "word") throw new ParseError(t, `expected ${what}, found "${t.value}"`);
      out.push(t);
    }
    return out;
  };
  /** A property as written (from its first token to its last), so printing it again keeps it. */
  const propertyText = (ts: Tok[]): string => (ts.length ? text.slice(ts[0].start, ts[ts.length - 1].end).replace(/\s+/g, " ") : "");
  const numbers = (ts: Tok[]): Tok[] => ts.filter((t) => !(t.kind === "punct" && t.value === ","));

  let networkName = file ? baseName(file) : "network";
  const networkProps: string[] = [];
  const vars = new Map<string, { tok: Tok; states: Tok[]; declared: number; start: number; end: number; props: string[] }>();
  const raws: RawTable[] = [];
  let cut = false;

  while (p < toks.length) {
    const head = toks[p];
    const blockStart = p;
    try {
      if (head.kind !== "word") throw new ParseError(head, `expected "network", "variable" or "probability", found "${head.value}"`);
      if (head.value === "network") {
        p++;
        const nameTok = peek()?.kind === "word" ? next("the network's name") : undefined;
        if (nameTok) networkName = nameTok.value;
        expect("{", "after the network's name");
        while (peek() && peek()!.value !== "}") {
          const kw = word("\"property\"");
          if (kw.value !== "property") throw new ParseError(kw, `a network block holds only "property" statements, found "${kw.value}"`);
          networkProps.push(propertyText(untilSemicolon("the property")));
        }
        expect("}", "to close the network block");
      } else if (head.value === "variable") {
        p++;
        const nameTok = word("a variable name");
        expect("{", `after "variable ${nameTok.value}"`);
        let states: Tok[] | undefined;
        let declared = -1;
        const props: string[] = [];
        while (peek() && peek()!.value !== "}") {
          const kw = word("\"type\" or \"property\"");
          if (kw.value === "property") { props.push(propertyText(untilSemicolon("the property"))); continue; }
          if (kw.value !== "type") throw new ParseError(kw, `expected "type discrete [ N ] { states }" or "property" in variable "${nameTok.value}", found "${kw.value}"`);
          const kind = word("\"discrete\"");
          if (kind.value !== "discrete") throw new ParseError(kind, `variable "${nameTok.value}" is of type "${kind.value}"; only discrete variables are supported (type discrete [ N ] { … })`);
          expect("[", "after \"discrete\"");
          const count = word("the number of states");
          declared = Number(count.value);
          if (!Number.isInteger(declared) || declared < 1) throw new ParseError(count, `the number of states must be a positive integer, found "${count.value}"`);
          expect("]", "after the number of states");
          if (peek()?.value === "=") p++;
          expect("{", "before the state names");
          states = wordList("}", "a state name");
          expect("}", "after the state names");
          expect(";", "after the type");
        }
        const close = expect("}", `to close variable "${nameTok.value}"`);
        if (!states) throw new ParseError(nameTok, `variable "${nameTok.value}" has no "type discrete [ N ] { states };"`);
        if (vars.has(nameTok.value)) {
          problems.push(error("duplicate-name", `variable "${nameTok.value}" is declared twice (first at line ${range(vars.get(nameTok.value)!.tok.start, vars.get(nameTok.value)!.tok.end).start.line})`, range(nameTok.start, nameTok.end)));
        } else if (vars.size >= MAX_VARIABLES) {
          if (!cut) problems.push(error("invalid-argument", `too many variables: more than ${MAX_VARIABLES} in this file; kept the first ${MAX_VARIABLES}`, range(nameTok.start, nameTok.end)));
          cut = true;
        } else vars.set(nameTok.value, { tok: nameTok, states, declared, start: head.start, end: close.end, props });
      } else if (head.value === "probability") {
        p++;
        expect("(", "after \"probability\"");
        const child = word("the variable the table is for");
        let parents: Tok[] = [];
        if (peek()?.value === "|") {
          p++;
          parents = wordList(")", "a parent name");
        }
        expect(")", "after the variables of the table");
        expect("{", "to open the table");
        const raw: RawTable = { child, parents, rows: [], start: head.start, end: head.end };
        while (peek() && peek()!.value !== "}") {
          const t = peek()!;
          if (t.kind === "punct" && t.value === "(") {
            p++;
            const states = wordList(")", "a parent state");
            expect(")", "after the parent states");
            const values = numbers(untilSemicolon("the row"));
            raw.rows.push({ states, values, start: t.start, end: (values.at(-1) ?? t).end });
          } else if (t.kind === "word" && (t.value === "table" || t.value === "default")) {
            p++;
            const values = numbers(untilSemicolon(`the ${t.value} entries`));
            const entry = { values, start: t.start, end: (values.at(-1) ?? t).end };
            if (raw[t.value === "table" ? "table" : "defaults"]) throw new ParseError(t, `"${t.value}" is given twice in the table of "${child.value}"`);
            if (t.value === "table") raw.table = entry; else raw.defaults = entry;
          } else if (t.kind === "word" && t.value === "property") {
            p++;
            untilSemicolon("the property");
          } else throw new ParseError(t, `expected "(states) p, …;", "table p, …;" or "default p, …;" in the table of "${child.value}", found "${t.value}"`);
        }
        raw.end = expect("}", `to close the table of "${child.value}"`).end;
        raws.push(raw);
      } else throw new ParseError(head, `expected "network", "variable" or "probability", found "${head.value}"`);
    } catch (e) {
      if (!(e instanceof ParseError)) throw e;
      const at = e.at ?? eofTok();
      problems.push(error("parse-error", e.message, range(at.start, at.end)));
      skipBlock(blockStart);
      if (p <= blockStart) p = blockStart + 1;
    }
  }

  return build(networkName, networkProps, vars, raws, problems, range);
}

function build(
  name: string, networkProps: string[],
  vars: Map<string, { tok: Tok; states: Tok[]; declared: number; start: number; end: number; props: string[] }>,
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

function baseName(file: string): string {
  const slash = Math.max(file.lastIndexOf("/"), file.lastIndexOf("\\"));
  const name = file.slice(slash + 1);
  return name.toLowerCase().endsWith(".bif") ? name.slice(0, -4) : name;
}
