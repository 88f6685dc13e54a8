/**
 * The query being built in the panel: interventions do(X = x), evidence (given), one target, and
 * whether it is a counterfactual. Pure data plus the checks that keep a bad query from reaching the
 * host: a value outside a variable's support, a latent variable as target or evidence, a variable
 * both intervened on and observed (in an interventional query), an intervened target.
 */
import type { GraphNodeDto, RunQuery } from "../../src/protocol/messages";
import { queryText } from "../../src/protocol/query-text";
import { outsideSupport, pickerFor } from "./picker";

export interface QueryDraft {
  mode: "intervene" | "counterfactual";
  do: Record<string, number>;
  given: Record<string, number>;
  target: string | undefined;
}

export const emptyDraft = (mode: QueryDraft["mode"] = "intervene"): QueryDraft => ({ mode, do: {}, given: {}, target: undefined });

export type Role = "do" | "given" | "target";

/** Sets `id`'s role (a variable has at most one: setting do removes it from given and vice versa). */
export function setRole(d: QueryDraft, id: string, role: Role, value?: number): QueryDraft {
  const next: QueryDraft = { ...d, do: { ...d.do }, given: { ...d.given } };
  if (role === "target") {
    next.target = id;
    // In an interventional query the target cannot also be set or observed; a counterfactual may observe it (factual evidence).
    delete next.do[id];
    if (d.mode === "intervene") delete next.given[id];
    return next;
  }
  if (value === undefined) throw new Error(`setRole(${role}) needs a value`);
  if (role === "do") {
    next.do[id] = value;
    if (d.mode === "intervene") delete next.given[id];
  } else {
    next.given[id] = value;
    if (d.mode === "intervene") delete next.do[id];
  }
  if (next.target === id && (role === "do" || d.mode === "intervene")) next.target = undefined;
  return next;
}

export function clearRole(d: QueryDraft, id: string, role: Role): QueryDraft {
  const next: QueryDraft = { ...d, do: { ...d.do }, given: { ...d.given } };
  if (role === "target") next.target = next.target === id ? undefined : next.target;
  else delete next[role][id];
  return next;
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
    }
  }
  if (d.target === undefined) problems.push("choose a target: click a node and press \"target\"");
  else {
    const node = byId.get(d.target);
    if (!node) problems.push(`the target ${d.target} is no longer in the model`);
    else if (node.latent) problems.push(`${d.target} is latent: a query asks about observed variables; choose an observed target`);
    if (d.target in d.do) problems.push(`${d.target} is both intervened on and the target; its answer would be the value you set`);
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
