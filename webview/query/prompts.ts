/**
 * The query section's short texts around the answer area: the counterfactual's prompt for the factual
 * values still missing (a button per variable, which opens the popover on it), notes, and where a
 * node is on screen for a popover opened without a click.
 */
import type { GraphNodeDto } from "../../src/protocol/messages";
import type { QueryDraft } from "./query-state";

export function note(cls: string, ...children: (Node | string)[]): HTMLElement {
  const e = document.createElement("div");
  e.className = cls;
  e.append(...children);
  return e;
}

/** "Counterfactual: in the world where do(smoking = 0), what would cancer have been …? Factual values still to give: [smoking = ?] [cancer = ?]". */
export function factualPrompt(d: QueryDraft, missing: GraphNodeDto[], ask: (node: GraphNodeDto) => void): HTMLElement {
  const actions = Object.entries(d.do).map(([k, v]) => `do(${k} = ${v})`).join(", ");
  const head = actions
    ? `Counterfactual: in the world where ${actions}, what would ${d.target ?? "the target"} have been, given what was observed?`
    : "Counterfactual: click a node and press do to choose the action (what would have been otherwise).";
  const buttons = missing.map((n) => {
    const b = document.createElement("button");
    b.className = "ask-factual";
    b.dataset.nodeId = n.id;
    b.textContent = `${n.id} = ?`;
    b.title = `Give ${n.id}'s factual (observed) value`;
    b.addEventListener("click", () => ask(n));
    return b;
  });
  const parts: (Node | string)[] = [head];
  if (buttons.length) parts.push(" Factual values still to give: ", ...buttons);
  else if (actions) parts.push(" Shift-click a node to add more of what was observed, then Run.");
  return note("hint factual-prompt", ...parts);
}

/** Where a node is on screen (its right edge), for a popover opened without a click. */
export function nodePoint(id: string): { clientX: number; clientY: number } {
  const g = document.querySelector(`g.node[data-node-id="${CSS.escape(id)}"]`);
  const r = g?.getBoundingClientRect();
  return r ? { clientX: r.right - 8, clientY: r.top + r.height / 2 } : { clientX: 40, clientY: 40 };
}
