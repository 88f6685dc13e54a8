/**
 * The query being built in the panel: interventions do(X = x), evidence (given), one target, and
 * whether it is a counterfactual. Pure data plus the checks that keep a bad query from reaching the
 * host: a value outside a variable's support, a latent variable as target or evidence, and the
 * contradictions of an interventional query (a variable both set and observed, an observed or an
 * intervened target), which are refused when the role is chosen (roleProblem) and again at Run.
 */
import type { GraphNodeDto, RunQuery } from "../../src/protocol/messages";
import { queryText } from "../../src/protocol/query-text";
import { outsideSupport, pickerFor } from "./picker";

export interface QueryDraft {
  mode: "intervene" | "counterfactual";
  do: Record<string, number>;
  given: Record<string, number>;
  target: string | undefined;
  /** Factual evidence an interventional query cannot hold (dropped on leaving counterfactual mode), restored on going back. */
  stash?: Record<string, number>;
}

export const emptyDraft = (mode: QueryDraft["mode"] = "intervene"): QueryDraft => ({ mode, do: {}, given: {}, target: undefined });

export type Role = "do" | "given" | "target";

const fmtValue = (v: number) => String(v);

/**
 * Why `id` cannot take `role` in this query (a sentence saying what to do instead), or undefined.
 * In an interventional query a variable is either set or observed, and the target is neither: P(wage |
 * do(education = 16), education = 12) asks about a world that cannot exist. A counterfactual may observe
 * the action's variable and the target (the factual world); its target still cannot be its action.
 */
export function roleProblem(d: QueryDraft, id: string, role: Role): string | undefined {
  const cf = d.mode === "counterfactual";
  if (role === "given" && !cf && id in d.do) {
    return `${id} is intervened on (do(${id} = ${fmtValue(d.do[id])})): an interventional query cannot also observe it. Remove the do chip first, or switch to counterfactual to say what was observed.`;
  }
  if (role === "given" && !cf && d.target === id) {
    return `${id} is the target: observing it would leave nothing to ask. Choose another target first, or switch to counterfactual to give its factual value.`;
  }
  if (role === "do" && !cf && id in d.given) {
    return `${id} is evidence (${id} = ${fmtValue(d.given[id])}): an interventional query cannot also set it. Remove the given chip first, or switch to counterfactual to make do(${id} = …) the action.`;
  }
  if (role === "do" && d.target === id) return `${id} is the target: setting it would make the answer the value you set. Choose another target first.`;
  if (role === "target" && id in d.do) return `${id} is intervened on: its distribution would be the value you set. Remove the do chip first, or ask about another variable.`;
  if (role === "target" && !cf && id in d.given) return `${id} is evidence (${id} = ${fmtValue(d.given[id])}): an interventional query cannot ask about what it observes. Remove the given chip first.`;
  return undefined;
}

/** Sets `id`'s role; the caller has checked roleProblem (this never silently moves a variable from one role to another). */
export function setRole(d: QueryDraft, id: string, role: Role, value?: number): QueryDraft {
  const next: QueryDraft = { ...d, do: { ...d.do }, given: { ...d.given } };
  if (role === "target") {
    next.target = id;
    return next;
  }
  if (value === undefined) throw new Error(`setRole(${role}) needs a value`);
  next[role][id] = value;
  return next;
}

export function clearRole(d: QueryDraft, id: string, role: Role): QueryDraft {
  const next: QueryDraft = { ...d, do: { ...d.do }, given: { ...d.given } };
  if (role === "target") next.target = next.target === id ? undefined : next.target;
  else delete next[role][id];
  return next;
}

/**
 * The draft in another mode. Into interventional: the evidence on an intervened variable or on the
 * target is dropped (kept in `stash`) and named in `dropped`, so the query stays one that can be
 * asked and the user sees what changed. Back into counterfactual: the stash is restored.
 */
export function withMode(d: QueryDraft, mode: QueryDraft["mode"]): { draft: QueryDraft; dropped: string[] } {
  if (mode === d.mode) return { draft: d, dropped: [] };
  if (mode === "counterfactual") {
    const given = { ...(d.stash ?? {}), ...d.given };
    return { draft: { mode, do: { ...d.do }, given, target: d.target }, dropped: [] };
  }
  const given: Record<string, number> = {};
  const stash: Record<string, number> = {};
  const dropped: string[] = [];
  for (const [id, v] of Object.entries(d.given)) {
    if (id in d.do) {
      stash[id] = v;
      dropped.push(`${id} = ${v} (${id} is intervened on)`);
    } else if (id === d.target) {
      stash[id] = v;
      dropped.push(`${id} = ${v} (${id} is the target)`);
    } else given[id] = v;
  }
  return { draft: { mode, do: { ...d.do }, given, target: d.target, ...(dropped.length ? { stash } : {}) }, dropped };
}

/** The problems that stop Run, each a sentence the user can act on (empty: the query can run). */
export function checkDraft(d: QueryDraft, nodes: GraphNodeDto[]): string[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const problems: string[] = [];
  for (const [role, values] of [["do", d.do], ["given", d.given]] as const) {
    for (const [id, value] of Object.entries(values)) {
      const node = byId.get(id);
      if (!node) {
        problems.push(`${id} is no longer in the model; remove it from ${role}`);
        continue;
      }
      if (role === "given" && node.latent) problems.push(`${id} is latent (never observed), so it cannot be evidence; condition on an observed variable instead`);
      const why = outsideSupport(id, pickerFor(node), value);
      if (why) problems.push(why);
      if (role === "given" && d.mode === "intervene" && id in d.do) problems.push(`${id} is both intervened on and observed; remove one of its chips`);
    }
  }
  if (d.target === undefined) problems.push("choose a target: click a node and press \"target\"");
  else {
    const node = byId.get(d.target);
    if (!node) problems.push(`the target ${d.target} is no longer in the model`);
    else if (node.latent) problems.push(`${d.target} is latent: a query asks about observed variables; choose an observed target`);
    if (d.target in d.do) problems.push(`${d.target} is both intervened on and the target; its answer would be the value you set`);
    if (d.mode === "intervene" && d.target in d.given) problems.push(`${d.target} is both observed and the target; remove its given chip`);
  }
  if (d.mode === "counterfactual") {
    if (Object.keys(d.do).length === 0) problems.push("a counterfactual needs an action: set do(X = x) on some variable");
    if (Object.keys(d.given).length === 0) problems.push("a counterfactual needs factual evidence: shift-click a node to add what was observed");
  }
  return problems;
}

export function toRunQuery(d: QueryDraft, id: number, modelIndex: number): RunQuery {
  return { type: "runQuery", id, modelIndex, do: { ...d.do }, given: { ...d.given }, target: d.target ?? "", counterfactual: d.mode === "counterfactual" };
}

/** The query in the notation of the panel, e.g. "P(cancer | do(smoking = 0), tar = 1)" (the one renderer, src/protocol/query-text.ts). */
export function draftText(d: QueryDraft): string {
  return queryText({ kind: "single", counterfactual: d.mode === "counterfactual", do: d.do, given: d.given, target: d.target });
}

/** A draft read back from the webview state (anything malformed is dropped). */
export function readDraft(raw: unknown): QueryDraft | undefined {
  if (typeof raw !== "object" || raw === null) return undefined;
  const r = raw as Partial<QueryDraft>;
  const values = (v: unknown): Record<string, number> | undefined =>
    typeof v === "object" && v !== null && Object.values(v).every((x) => typeof x === "number" && Number.isFinite(x)) ? { ...(v as Record<string, number>) } : undefined;
  const doV = values(r.do);
  const given = values(r.given);
  if ((r.mode !== "intervene" && r.mode !== "counterfactual") || !doV || !given) return undefined;
  const stash = values(r.stash);
  return { mode: r.mode, do: doV, given, target: typeof r.target === "string" ? r.target : undefined, ...(stash ? { stash } : {}) };
}
