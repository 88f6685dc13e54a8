/**
 * The identification verdict under a query's answer, as a badge and a sentence:
 * - identified: green, with the formula over observed variables (and the adjustment set);
 * - not identified: amber, not red (the answer is valid; it rests on the model, not on data alone),
 *   saying in words which unobserved variables make it so (the host's `explanation`, e.g. "ability is
 *   unobserved and affects both education and wage"); the formal hedge F, F' sits in a details
 *   element and the badge's tooltip, and its nodes carry an amber halo on the graph;
 * - counterfactual: amber, saying the answer depends on the mechanisms' functional form (it does:
 *   counterfactuals are not identified from observational data in general);
 * - not applicable: neutral.
 * Red stays for real errors (renderFailure).
 */
import type { QueryResult } from "../../src/protocol/messages";

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.append(...children);
  return e;
}

/** The formal statement of a hedge, for the details and the tooltip. */
function hedgeText(h: { f: string[]; fPrime: string[] }): string {
  return `Hedge: F = {${h.f.join(", ")}} and F' = {${h.fPrime.join(", ")}} (Shpitser & Pearl): two models that agree on every observational probability yet disagree on the effect. F's nodes have an amber halo on the graph.`;
}

export function identificationBadge(r: QueryResult): HTMLElement {
  const id = r.identification;
  switch (id.status) {
    case "identified":
      return el("div", { class: "identification identified" }, el("span", { class: "badge ok" }, "identified"), " ",
        el("code", { class: "formula" }, id.formula),
        ...(id.adjustmentSet ? [el("div", { class: "adjustment" }, `adjustment set: {${id.adjustmentSet.join(", ")}}`)] : []),
        ...(id.note ? [el("div", { class: "note" }, id.note)] : []));
    case "not-applicable":
      return el("div", { class: "identification not-applicable" }, el("span", { class: "badge neutral" }, "identification: not applicable"), " ", id.reason);
    case "counterfactual":
      return el("div", { class: "identification counterfactual" },
        el("span", { class: "badge model", title: id.reason }, "answered by your model: counterfactuals depend on the mechanisms' functional form"),
        el("div", { class: "explanation" }, id.reason));
    case "not-identified": {
      const formal = [id.reason, ...(id.hedge ? [hedgeText(id.hedge)] : [])];
      const words = id.explanation ?? "From observational data alone this effect is not identified. The answer shown comes from your model's mechanisms.";
      return el("div", { class: "identification not-identified", ...(id.latents?.length ? { "data-latents": id.latents.join(",") } : {}) },
        el("span", { class: "badge model", title: formal.join("\n") }, "answered by your model, not identified from data"),
        el("div", { class: "explanation" }, words),
        el("details", { class: "hedge" }, el("summary", {}, "Why, formally"), ...formal.map((t) => el("div", {}, t))));
    }
  }
}
