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
import { error, rangeFromOffsets } from "../../errors/diagnostic";
import { DiagnosticCap } from "../../errors/diagnostic-cap";
import { checkTables, type RawTable, type RawVariable } from "./check-tables";
import type { BifParse } from "./network";
import { PUNCT, type Tok, tokenize } from "./tokenize-bif";

export type { BifNetwork, BifParse, BifTable, BifVariable } from "./network";
export { MAX_ENTRIES, ROW_TOLERANCE } from "./check-tables";

export const MAX_VARIABLES = 5000;

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
  const vars = new Map<string, RawVariable>();
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

  return checkTables(networkName, networkProps, vars, raws, problems, range);
}

function baseName(file: string): string {
  const slash = Math.max(file.lastIndexOf("/"), file.lastIndexOf("\\"));
  const name = file.slice(slash + 1);
  return name.toLowerCase().endsWith(".bif") ? name.slice(0, -4) : name;
}
