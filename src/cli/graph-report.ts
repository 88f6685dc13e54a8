/** The `graph` command's result as data (printed as JSON with --json) and as readable text. */

export interface GraphReport {
  name: string;
  nodes: { id: string; latent: boolean; parents: string[]; mechanism?: string; line?: number }[];
  edges: { from: string; to: string; kind: "directed" | "bidirected" }[];
  /** The statements x ⊥ y | given (y a set: the basis; one name: pairwise, minimal), the first `implications.shown`. */
  impliedIndependencies: { x: string; y: string[]; given: string[] }[];
  /** Which list, how many statements in all (null: not counted), how many are listed, and whether that is all. */
  implications: { kind: "basis" | "pairwise" | "minimal" | "none"; total: number | null; shown: number; complete: boolean; selection?: string[] };
  exposures: string[];
  outcomes: string[];
  adjustmentSets?: string[][];
  /** With adjustmentSets: the nodes forced into every set ([adjusted], [selected]), how many are listed, the total (null: more than were counted, at least atLeast). */
  adjustment?: { kind: "minimal" | "all"; forced: string[]; shown: number; total: number | null; atLeast: number; complete: boolean };
  /** With adjustmentSets: An(X ∪ Y) minus X, Y and the forbidden nodes, an adjustment set whenever any is (null: none is). */
  canonicalAdjustmentSet?: string[] | null;
  /** --direct-effect: minimal single-door sets for the edge X -> Y (complete: all listed), or the reason there is none to estimate. */
  directEffect?: { sets: string[][]; complete: boolean; reason?: string };
  instruments?: { instrument: string; conditionalOn: string[] }[];
  /** --markov-blanket: per variable, the smallest observed set that separates it from every other observed variable. */
  markovBlankets?: Record<string, string[]>;
  /** --equivalence: the Markov equivalence class (CPDAG) and how many DAGs it holds (null: more than atLeast - 1), or why it is not drawn. */
  equivalence?: { compelled: [string, string][]; reversible: [string, string][]; dags: number | null; atLeast: number; listed: [string, string][][] } | { unavailable: string };
  identification?:
    | { identifiable: true; formula: { text: string; latex: string }; adjustmentSet?: string[]; note?: string }
    | { identifiable: false; hedge: { f: string[]; fPrime: string[] }; reason: string }
    | { identifiable: false; selection: string[]; reason: string };
}

const KIND_NAMES = { basis: "local Markov basis", pairwise: "one per non-adjacent pair", minimal: "every minimal set of every non-adjacent pair" };
const set = (xs: string[]) => (xs.length ? `{ ${xs.join(", ")} }` : "{ } (no adjustment needed)");

export function formatGraphReport(r: GraphReport): string {
  const latent = r.nodes.filter((n) => n.latent).length;
  const out = [`${r.name}: ${r.nodes.length} variables${latent ? ` (${latent} latent)` : ""}, ${r.edges.length} edges`];
  const width = Math.max(...r.nodes.map((n) => n.id.length + (n.latent ? 9 : 0)), 1);
  for (const n of r.nodes) {
    const label = `${n.id}${n.latent ? " (latent)" : ""}`.padEnd(width);
    const parents = n.parents.length ? ` <- ${n.parents.join(", ")}` : "";
    out.push(`  ${label}${parents}${n.mechanism ? `   ~ ${n.mechanism}` : ""}`.trimEnd());
  }
  for (const e of r.edges.filter((e) => e.kind === "bidirected")) out.push(`  ${e.from} <-> ${e.to} (hidden common cause)`);

  if (r.implications.kind !== "none") out.push(...implicationLines(r));

  if (r.adjustmentSets) {
    const effect = `${r.exposures.join(", ")} -> ${r.outcomes.join(", ")}`;
    const a = r.adjustment;
    const forced = a?.forced.length ? `, each holding ${a.forced.join(", ")} ([adjusted]/[selected])` : "";
    const count = !a || a.complete ? "" : a.total !== null ? ` (${a.shown} of ${a.total} shown; --max-sets N lists more)` : ` (${a.shown} of at least ${a.atLeast} shown; --max-sets N lists more)`;
    out.push(`${a?.kind === "all" ? "Adjustment sets (all, not only minimal)" : "Minimal adjustment sets"} for ${effect}${forced}${count}:`);
    if (!r.adjustmentSets.length) out.push(a?.forced.length ? `  none: no valid adjustment set contains ${a.forced.join(", ")}` : "  none: the effect is not identifiable by covariate adjustment");
    for (const s of r.adjustmentSets) out.push(`  ${set(s)}`);
    if (r.canonicalAdjustmentSet) out.push(`Canonical adjustment set: ${set(r.canonicalAdjustmentSet)}`);
  }
  if (r.directEffect) {
    const d = r.directEffect;
    out.push(`Adjustment sets for the direct effect ${r.exposures[0]} -> ${r.outcomes[0]} (single-door criterion${d.complete ? "" : "; --max-sets N lists more"}):`);
    if (d.reason) out.push(`  none: ${d.reason}`);
    else if (!d.sets.length) out.push("  none: no set of observed non-descendants of the outcome blocks every other path");
    for (const s of d.sets) out.push(`  ${set(s)}`);
  }
  if (r.instruments) {
    out.push(`Instruments for ${r.exposures[0]} -> ${r.outcomes[0]}:`);
    if (!r.instruments.length) out.push("  none");
    for (const i of r.instruments) out.push(`  ${i.instrument}${i.conditionalOn.length ? ` (conditional on ${i.conditionalOn.join(", ")})` : ""}`);
  }
  for (const [v, b] of Object.entries(r.markovBlankets ?? {})) out.push(`Markov blanket of ${v}: { ${b.join(", ")} }`);
  if (r.equivalence) out.push(...equivalenceLines(r.equivalence));
  if (r.identification) {
    const id = r.identification;
    if (id.identifiable) out.push(`Identification: ${id.formula.text}`, ...(id.note ? [`  (${id.note})`] : []));
    else if ("hedge" in id) out.push(`Identification: not identifiable: ${id.reason}`, `  hedge: F = { ${id.hedge.f.join(", ")} }, F' = { ${id.hedge.fPrime.join(", ")} }`);
    else out.push(`Identification: ${id.reason}`);
  }
  return out.join("\n") + "\n";
}

function equivalenceLines(e: NonNullable<GraphReport["equivalence"]>): string[] {
  if ("unavailable" in e) return [`Markov equivalence class: not drawn: ${e.unavailable}`];
  const count = e.dags === null ? `more than ${e.atLeast - 1} DAGs` : `${e.dags} DAG${e.dags === 1 ? "" : "s"}`;
  return [
    `Markov equivalence class (${count} imply the same independencies):`,
    `  arrows learnable from observational data: ${e.compelled.length ? e.compelled.map(([a, b]) => `${a} -> ${b}`).join(", ") : "none"}`,
    `  reversible (these arrows cannot be learned from observational data): ${e.reversible.length ? e.reversible.map(([a, b]) => `${a} - ${b}`).join(", ") : "none"}`,
    `  ${e.listed.length < (e.dags ?? Infinity) ? `the first ${e.listed.length} DAGs` : "each DAG"}, by the graph's arrows it reverses:`,
    ...e.listed.map((turned) => `    ${turned.length ? `reverses ${turned.map(([a, b]) => `${a} -> ${b}`).join(", ")}` : "the graph itself"}`),
  ];
}

function implicationLines(r: GraphReport): string[] {
  const { kind, total, shown, complete } = r.implications;
  const name = KIND_NAMES[kind as keyof typeof KIND_NAMES];
  const more = kind === "basis" ? "--json lists all" : "--max-implications N lists more";
  const count = complete ? `${shown}` : total === null ? `${shown} shown, more not counted; ${more}` : `${shown} of ${total} shown; ${more}`;
  const selected = r.implications.selection ? `, in the population selected on ${r.implications.selection.join(", ")}` : "";
  const out = [`Implied conditional independencies (${name}${selected}, ${count}):`];
  if (complete && !shown) out.push("  none");
  for (const i of r.impliedIndependencies) out.push(`  ${i.x} _||_ ${i.y.join(", ")}${i.given.length ? ` | ${i.given.join(", ")}` : ""}`);
  return out;
}

/** The implied moments as three aligned tables (4 significant digits; --json has every digit). */
export function formatMoments(m: { variables: string[]; mean: number[]; covariance: number[][]; totalEffect: number[][] }): string {
  const num = (x: number) => (Math.abs(x) < 5e-13 ? "0" : Number(x.toPrecision(4)).toString());
  const table = (rows: number[][]) => {
    const cells = rows.map((r) => r.map(num));
    const width = Math.max(...m.variables.map((v) => v.length), ...cells.flat().map((c) => c.length));
    const name = Math.max(...m.variables.map((v) => v.length));
    return [`  ${"".padEnd(name)}  ${m.variables.map((v) => v.padStart(width)).join("  ")}`, ...cells.map((r, i) => `  ${m.variables[i].padEnd(name)}  ${r.map((c) => c.padStart(width)).join("  ")}`)];
  };
  return [
    "Implied moments (linear-Gaussian, closed form):",
    `  mean: ${m.variables.map((v, i) => `${v} ${num(m.mean[i])}`).join(", ")}`,
    "Covariance:",
    ...table(m.covariance),
    "Total effects (row: effect on it of a unit do() of the column; sums over directed paths of the coefficients):",
    ...table(m.totalEffect),
  ].join("\n") + "\n";
}
