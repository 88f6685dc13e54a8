/**
 * The one text rendering of a query, over its plain data (the shape of core's QuerySpec):
 * the panel heading and the query bar, the CLI's answer lines and the estimand beside an
 * identification formula all come from here.
 *
 *     queryText({ kind: "single", counterfactual: false, do: { x: 1 }, given: { z: 0 }, target: "y" })  // "P(y | do(x = 1), z = 0)"
 *     queryText(spec, "compact")                                                                       // "P(y | do(x=1), z=0)"
 *
 * Why it lives in protocol: the webview renders the query as it is being built and must never
 * import core (test/architecture.test.ts), and core must not import protocol; protocol is the one
 * layer both the host and the webview bundle include (core's QuerySpec is assignable to
 * QueryTextSpec structurally). It imports nothing, so it adds no weight to either bundle.
 * Notation: `do(x = 1)` for an intervention, `y_{x = 0}` for y in the world where x had been 0
 * (Pearl's potential-outcome subscript), `w.y` for y in the named world w of a joint query.
 */

type Values = Readonly<Record<string, number>>;

export interface SingleQueryText {
  kind: "single";
  counterfactual: boolean;
  do: Values;
  given: Values;
  /** undefined while the panel's query has no target yet (rendered "?"). */
  target: string | undefined;
  value?: number;
  /** A threshold event on the target, P(target > c) (rendered `wage > 30`, compact `wage>30`). */
  threshold?: { op: ">" | ">=" | "<" | "<="; value: number };
}

export interface JointQueryText {
  kind: "joint";
  worlds: Readonly<Record<string, Values>>;
  given: Values;
  event?: readonly { world: string; variable: string; value: number }[];
  mean?: { world: string; variable: string } | { difference: readonly [string, string]; variable: string };
  shortcut?: "pns" | "harm" | "ett";
}

export type QueryTextSpec = SingleQueryText | JointQueryText;

/** "spaced": `x = 1` (the panel); "compact": `x=1` (the CLI and identification, like its command-line arguments). */
export type QueryNotation = "spaced" | "compact";

/** Each variable's state names (a BIF network's): value k is printed as the k-th name. */
export type ValueNames = Readonly<Record<string, readonly string[]>>;

/** A variable's value as text: its state's name when it has names, else the number. */
export function valueName(variable: string, value: number, names?: ValueNames): string {
  const n = names?.[variable];
  return n && Number.isInteger(value) && value >= 0 && value < n.length ? n[value] : String(value);
}

/** `x = 1, z = 0` (or `x=1, z=0`). */
export function assignmentText(a: Values, notation: QueryNotation = "spaced", names?: ValueNames): string {
  const eq = notation === "spaced" ? " = " : "=";
  return Object.entries(a).map(([k, v]) => `${k}${eq}${valueName(k, v, names)}`).join(", ");
}

/**
 * What is asked about, without the outer P(...): `y | do(x = 1), z = 0`, `y_{x = 0} | x = 1`; for a joint query
 * the whole expression, `P(t.y=1, c.y=0 | x=1)` or `E[t.y - c.y | x=1]`.
 */
export function querySubject(spec: QueryTextSpec, notation: QueryNotation = "spaced", names?: ValueNames): string {
  const a = (v: Values) => assignmentText(v, notation, names);
  const given = Object.keys(spec.given).length ? ` | ${a(spec.given)}` : "";
  if (spec.kind === "joint") {
    const eq = notation === "spaced" ? " = " : "=";
    if (spec.event) return `P(${spec.event.map((c) => `${c.world}.${c.variable}${eq}${valueName(c.variable, c.value, names)}`).join(", ")}${given})`;
    const m = spec.mean;
    if (!m) return `P(?${given})`;
    return "difference" in m ? `E[${m.difference[0]}.${m.variable} - ${m.difference[1]}.${m.variable}${given}]` : `E[${m.world}.${m.variable}${given}]`;
  }
  const t = spec.threshold;
  const target = `${spec.target ?? "?"}${t ? (notation === "spaced" ? ` ${t.op} ${t.value}` : `${t.op}${t.value}`) : ""}`;
  if (spec.counterfactual) return `${target}_{${a(spec.do) || "?"}}${given}`;
  const cond = [Object.keys(spec.do).length ? `do(${a(spec.do)})` : "", a(spec.given)].filter(Boolean);
  return `${target}${cond.length ? ` | ${cond.join(", ")}` : ""}`;
}

/** The query as one expression: `P(y | do(x = 1), z = 0)`, `P(y_{x = 0} | x = 1, y = 1)`, `E[t.y - c.y | x = 1]`. */
export function queryText(spec: QueryTextSpec, notation: QueryNotation = "spaced", names?: ValueNames): string {
  const subject = querySubject(spec, notation, names);
  return spec.kind === "joint" ? subject : `P(${subject})`;
}

const SHORTCUT_NAMES = { pns: "probability of necessity and sufficiency", harm: "probability of harm", ett: "effect of treatment on the treated" } as const;

/** A joint query's worlds, named: `probability of harm; worlds t: do(x=1); c: do(x=0)` (undefined for a single-world query). */
export function worldsText(spec: QueryTextSpec, notation: QueryNotation = "compact", names?: ValueNames): string | undefined {
  if (spec.kind !== "joint") return undefined;
  const worlds = Object.entries(spec.worlds).map(([n, w]) => `${n}: do(${assignmentText(w, notation, names)})`).join("; ");
  return `${spec.shortcut ? `${SHORTCUT_NAMES[spec.shortcut]}; ` : ""}worlds ${worlds}`;
}
