/**
 * The query section of the DAG panel: the "Intervene" mode toggle, the popover on a node click
 * (popover.ts), the query bar listing the current query with Run and Cancel, and the results area.
 * It owns one draft query per model (GraphUpdate.modelKey: document and model index), restored when
 * the user comes back to that model and never shown under another; the graph shows the draft through
 * DagView's query decor (surgery, evidence, target, hedge, sparklines) only while Intervene is on.
 * Why a section of the DAG panel rather than a second webview: the answer is read against the graph
 * (surgery, the hedge, sparklines on the nodes), and one webview keeps one state and one message channel.
 */
import type { FromWebview, GraphNodeDto, GraphUpdate, NodeSummaries, QueryFailed, QueryProgress, QueryResult, ThresholdDto } from "../../src/protocol/messages";
import type { DagView, QueryDecor } from "../view";
import { Popover } from "./popover";
import { factualPrompt, nodePoint, note } from "./prompts";
import { checkDraft, clearRole, draftText, emptyDraft, readDraft, roleProblem, setRole, toRunQuery, withMode, type QueryDraft, type Role } from "./query-state";
import { ASK_THRESHOLD, renderFailure, renderProblems, renderProgress, renderResult } from "./results";
import { drawSparklines } from "./sparklines";

export interface QueryElements {
  section: HTMLElement; toggle: HTMLElement; bar: HTMLElement; text: HTMLElement; chips: HTMLElement; run: HTMLButtonElement; cancel: HTMLButtonElement;
  mode: HTMLSelectElement; results: HTMLElement; popover: HTMLElement; svg: SVGSVGElement;
}

/** What the panel keeps per model in the webview state (VS Code's getState/setState). */
export interface SavedQuery { draft: QueryDraft; active: boolean }
export interface QueryStore { get(): Record<string, unknown> | undefined; set(queries: Record<string, SavedQuery>): void }

const NO_DECOR: QueryDecor = { do: new Set(), given: new Set(), hedge: new Set() };

/** The key of the model a graph message shows (the host sends modelKey; older hosts and tests get one from title and index). */
export function modelKeyOf(g: Pick<GraphUpdate, "modelKey" | "title" | "source" | "modelIndex">): string {
  return g.modelKey ?? `${g.source}:${g.title}#${g.modelIndex ?? 0}`;
}

export class QueryPanel {
  draft: QueryDraft = emptyDraft();
  active = false;
  running: number | undefined;
  modelIndex = 0;
  /** The model the draft belongs to; undefined before the first graph. */
  key: string | undefined;
  /** Why this graph cannot be queried (a DAGitty graph), or undefined. */
  unavailable: string | undefined;
  private readonly saved: Record<string, SavedQuery> = {};
  private nextId = 1;
  private summaries: NodeSummaries | undefined;
  private hedge = new Set<string>();
  private lastTarget = "";
  private lastThreshold: ThresholdDto | undefined;
  /** The id of this model's last Run (summaries of any other are dropped). */
  private lastRun: number | undefined;
  private readonly popover: Popover;
  /** Set while the popover asks for the factual values of a counterfactual, one node after another. */
  private askingFactual = false;
  private askAfterDraw = false;
  private graph: GraphUpdate | undefined;

  constructor(private readonly view: DagView, private readonly el: QueryElements, private readonly post: (m: FromWebview) => void,
    private readonly store?: QueryStore, private readonly legend?: { showCut(on: boolean): void }) {
    for (const [k, v] of Object.entries(store?.get() ?? {})) {
      const draft = readDraft((v as { draft?: unknown } | undefined)?.draft);
      if (draft) this.saved[k] = { draft, active: (v as { active?: unknown }).active === true };
    }
    this.popover = new Popover(el.popover, {
      commit: (node, role, value) => this.commit(node, role, value),
      clear: (node) => {
        let d = this.draft;
        for (const r of ["do", "given", "target"] as const) d = clearRole(d, node.id, r);
        this.apply(d);
      },
      closed: (committed) => {
        if (committed && this.askingFactual) this.askFactual();
        else this.askingFactual = false;
      },
    });
    view.onQueryClick = (id, event) => this.onNodeClick(id, event);
    view.afterDraw = () => drawSparklines(view.overlayLayer, view.layout, this.active ? this.summaries : undefined);
    el.toggle.addEventListener("click", () => this.setActive(!this.active));
    el.run.addEventListener("click", () => this.run());
    el.results.addEventListener(ASK_THRESHOLD, (e) => this.run((e as CustomEvent<ThresholdDto>).detail)); // "P(target > c)" under an answer
    el.cancel.addEventListener("click", () => this.cancel());
    el.mode.addEventListener("change", () => (el.mode.value === "counterfactual" ? this.startCounterfactual() : this.setMode("intervene")));
    // Shift-click adds evidence: keep it from extending a text selection over the labels.
    el.svg.addEventListener("mousedown", (e) => { if (e.shiftKey) e.preventDefault(); });
    this.renderBar();
  }

  /**
   * A graph message arrived (before it is drawn): another model brings its own draft (or a fresh one),
   * an empty answer area and no marks of the previous model's query; a DAGitty graph has no query.
   */
  graphArrived(g: GraphUpdate): void {
    if (g.modelIndex !== undefined) this.modelIndex = g.modelIndex;
    if (g.nodes.length > 0) this.graph = g;
    const key = modelKeyOf(g);
    if (key === this.key) return;
    if (this.key !== undefined) this.saved[this.key] = { draft: this.draft, active: this.active };
    if (this.running !== undefined) this.post({ type: "cancelQuery", id: this.running });
    this.running = undefined;
    this.lastRun = undefined;
    this.askingFactual = false;
    this.popover.close();
    this.key = key;
    this.unavailable = g.source === "dagitty" ? "A DAGitty graph has no mechanisms, so it cannot answer queries: open a *.causal.ts model or a .bif network to ask do(…), given and counterfactual questions." : undefined;
    const saved = this.saved[key];
    this.draft = saved?.draft ?? emptyDraft();
    this.el.mode.value = this.draft.mode;
    this.summaries = undefined;
    this.hedge = new Set();
    this.resetResults();
    this.save();
    this.setActive(saved ? saved.active : this.active, true);
  }

  /** After the graph was drawn: the legend's cut-edge row follows the new edges. */
  graphDrawn(): void {
    this.showLegend(this.view.query);
    if (this.askAfterDraw && this.view.graph === this.graph) {
      this.askAfterDraw = false;
      if (this.askingFactual) this.askFactual();
    }
  }

  /** `arriving`: called for a graph not drawn yet (no refit, no redraw: its update draws with these marks). */
  setActive(on: boolean, arriving = false): void {
    this.active = on;
    document.body.classList.toggle("query-open", on);
    this.el.section.hidden = !on;
    this.el.section.classList.toggle("unavailable", this.unavailable !== undefined);
    this.el.bar.hidden = this.unavailable !== undefined;
    this.el.toggle.setAttribute("aria-pressed", String(on));
    this.el.toggle.title = this.unavailable ?? "Build a query by clicking nodes: do(…), given, target (shift-click adds evidence)";
    if (!on) {
      this.popover.close();
      this.askingFactual = false;
    }
    if (this.unavailable) this.resetResults();
    this.save();
    this.renderBar(!arriving);
    if (!arriving) this.view.fit();
  }

  setMode(mode: QueryDraft["mode"]): void {
    const { draft, dropped } = withMode(this.draft, mode);
    const changed = mode !== this.draft.mode;
    this.draft = draft;
    this.el.mode.value = mode;
    if (changed) {
      // The last answer (its hedge and sparklines too) was of the other kind of query.
      this.hedge = new Set();
      this.summaries = undefined;
    }
    this.save();
    this.renderBar();
    this.resetResults();
    if (dropped.length) {
      this.el.results.replaceChildren(note("dropped-evidence",
        `Interventional query: dropped the factual evidence ${dropped.join(" and ")}, which an interventional query cannot hold. Switch back to counterfactual to restore it.`));
    }
  }

  /** Opens the query section in a mode (from the CodeLens or the palette). */
  open(mode: QueryDraft["mode"]): void {
    this.setActive(true);
    if (this.unavailable) return;
    if (mode === "counterfactual") this.startCounterfactual();
    else this.setMode("intervene");
  }

  /**
   * Turns the current query into a counterfactual: its do(…) becomes the action, the old answer goes,
   * and the popover asks for the factual values (of the action's variables, then of the target).
   */
  startCounterfactual(): void {
    this.setMode("counterfactual");
    this.askingFactual = true;
    this.askFactual();
  }

  /** The nodes whose factual value a counterfactual still lacks: the action's variables, then the target. */
  private factualMissing(): GraphNodeDto[] {
    const d = this.draft;
    const ids = [...Object.keys(d.do), ...(d.target ? [d.target] : [])].filter((id, i, all) => all.indexOf(id) === i && !(id in d.given));
    return ids.map((id) => this.nodes().find((n) => n.id === id)).filter((n): n is GraphNodeDto => n !== undefined && !n.latent);
  }

  private askFactual(): void {
    this.renderFactualPrompt();
    const next = this.factualMissing()[0];
    if (!next || this.draft.mode !== "counterfactual" || !this.active) {
      this.askingFactual = false;
      return;
    }
    // The lens may open another model: ask once its drawing is there (graphDrawn), beside the node.
    if (this.view.graph !== this.graph) {
      this.askAfterDraw = true;
      return;
    }
    this.openPopover(next, nodePoint(next.id), "given");
  }

  /** The nodes of the model the draft belongs to (the last graph message with nodes; the drawing may still be of the one before). */
  private nodes(): GraphNodeDto[] {
    return this.graph?.nodes ?? this.view.graph?.nodes ?? [];
  }

  private onNodeClick(id: string, event: MouseEvent): boolean {
    if (!this.active || this.unavailable) return false;
    const node = this.nodes().find((n) => n.id === id);
    if (!node) return true;
    this.askingFactual = false;
    const d = this.draft;
    const current: Role | undefined = id in d.do && !(d.mode === "counterfactual" && id in d.given) ? "do" : id in d.given ? "given" : d.target === id ? "target" : undefined;
    this.openPopover(node, event, event.shiftKey ? "given" : current);
    return true;
  }

  /** The popover beside a node, showing the value that a role button commits. */
  openPopover(node: GraphNodeDto, at: { clientX: number; clientY: number }, preselected?: Role): void {
    const d = this.draft;
    const cf = d.mode === "counterfactual";
    let value = preselected === "do" ? d.do[node.id] ?? d.given[node.id] : d.given[node.id] ?? (cf ? undefined : d.do[node.id]);
    // The factual value of the action's variable: for a switch, the other value (they smoked; what had they not?).
    if (value === undefined && cf && preselected === "given" && node.id in d.do && node.support?.kind === "binary") value = 1 - d.do[node.id];
    const prompt = cf && preselected === "given"
      ? `What was observed? ${node.id}'s factual value${node.id in d.do ? ` (the action sets it to ${d.do[node.id]})` : ""}. Press given (or Enter) to confirm.`
      : undefined;
    const typical = this.observedMean(node.id);
    this.popover.open({ node, at, ...(preselected ? { preselected } : {}), ...(value !== undefined ? { value } : {}), ...(prompt ? { prompt } : {}), ...(typical !== undefined ? { typical } : {}) });
  }

  private observedMean(id: string): number | undefined {
    const s = this.summaries?.nodes.find((n) => n.id === id)?.observed;
    return s?.kind === "mean" ? s.mean : undefined;
  }

  private commit(node: GraphNodeDto, role: Role, value: number | undefined): string | undefined {
    if (node.latent && role === "given") return `${node.id} is latent (never observed), so it cannot be evidence; condition on an observed variable instead`;
    if (node.latent && role === "target") return `${node.id} is latent: a query asks about observed variables; choose an observed target`;
    const problem = roleProblem(this.draft, node.id, role);
    if (problem) return problem;
    this.apply(setRole(this.draft, node.id, role, value));
    return undefined;
  }

  private apply(d: QueryDraft): void {
    this.draft = d;
    this.save();
    // An error box speaks of the query it was about: a changed query clears it.
    const state = this.el.results.dataset.state;
    if (state === "invalid" || state === "failed" || state === undefined || state === "idle") this.resetResults();
    this.renderBar();
  }

  private save(): void {
    if (this.key !== undefined) this.saved[this.key] = { draft: this.draft, active: this.active };
    this.store?.set({ ...this.saved });
  }

  /** The answer area with nothing answered: the hint (counterfactual: which factual values are missing). */
  private resetResults(): void {
    const r = this.el.results;
    r.dataset.state = "idle";
    if (this.unavailable) {
      r.replaceChildren(note("query-unavailable", this.unavailable));
      return;
    }
    if (this.draft.mode === "counterfactual") return this.renderFactualPrompt();
    r.replaceChildren(note("hint", "Click a node to set do(…) or make it the target; shift-click adds evidence. Then Run."));
  }

  private renderFactualPrompt(): void {
    const r = this.el.results;
    if (r.dataset.state !== "idle" || this.draft.mode !== "counterfactual" || this.unavailable) return;
    r.replaceChildren(factualPrompt(this.draft, this.factualMissing(), (n) => this.openPopover(n, nodePoint(n.id), "given")));
  }

  /** Redraws the bar (text + chips) and the graph's query marks (none while Intervene is off or the graph cannot be queried). */
  renderBar(draw = true): void {
    const d = this.draft;
    this.el.text.textContent = draftText(d);
    const chips: HTMLElement[] = [];
    const chip = (role: Role, id: string, label: string) => {
      const c = document.createElement("span");
      c.className = `chip ${role}`;
      c.dataset.role = role;
      c.dataset.nodeId = id;
      c.textContent = label;
      const x = document.createElement("button");
      x.textContent = "×";
      x.title = `Remove ${label}`;
      x.setAttribute("aria-label", `Remove ${label}`);
      x.addEventListener("click", () => this.apply(clearRole(this.draft, id, role)));
      c.append(x);
      chips.push(c);
    };
    for (const [id, v] of Object.entries(d.do)) chip("do", id, `do(${id} = ${v})`);
    for (const [id, v] of Object.entries(d.given)) chip("given", id, `${id} = ${v}`);
    if (d.target) chip("target", d.target, `target ${d.target}`);
    this.el.chips.replaceChildren(...chips);
    this.el.run.disabled = this.running !== undefined || this.unavailable !== undefined;
    this.el.cancel.disabled = this.running === undefined;
    const shown = this.active && !this.unavailable;
    const decor = shown ? { do: new Set(Object.keys(d.do)), given: new Set(Object.keys(d.given)), ...(d.target ? { target: d.target } : {}), hedge: this.hedge } : NO_DECOR;
    if (!draw) {
      this.view.query = decor;
      return;
    }
    this.showLegend(decor);
    this.view.setQuery(decor);
  }

  private showLegend(decor: QueryDecor): void {
    this.legend?.showCut(this.view.graph?.edges.some((e) => decor.do.has(e.to) || (e.kind === "bidirected" && decor.do.has(e.from))) ?? false);
  }

  /** Runs the draft; with `threshold`, asks P(target op c) instead of the target's distribution. */
  run(threshold?: ThresholdDto): void {
    if (this.running !== undefined || this.unavailable) return;
    const problems = checkDraft(this.draft, this.nodes());
    if (problems.length) {
      renderProblems(this.el.results, problems);
      return;
    }
    const id = this.nextId++;
    this.running = id;
    this.summaries = undefined;
    this.hedge = new Set();
    this.lastTarget = this.draft.target ?? "";
    this.lastRun = id;
    this.lastThreshold = threshold;
    const message = { ...toRunQuery(this.draft, id, this.modelIndex), ...(threshold ? { threshold } : {}) };
    mark("started");
    this.el.results.dataset.state = "started";
    this.el.results.replaceChildren(Object.assign(document.createElement("div"), { className: "progress-line", textContent: `Running ${draftText(this.draft)}…` }));
    this.post(message);
    this.renderBar();
  }

  cancel(): void {
    if (this.running === undefined) return;
    this.post({ type: "cancelQuery", id: this.running });
  }

  /** Clear Query (the palette): an empty draft in the same mode, no marks, no answer; a running query is stopped and its answer ignored. */
  clear(): void {
    this.cancel();
    this.running = undefined;
    this.lastRun = undefined;
    this.askingFactual = false;
    this.popover.close();
    this.hedge = new Set();
    this.summaries = undefined;
    this.draft = emptyDraft(this.draft.mode);
    this.save();
    this.resetResults();
    this.renderBar();
  }

  onProgress(p: QueryProgress): void {
    if (p.id !== this.running) return;
    renderProgress(this.el.results, p, this.lastTarget, this.nodes().find((n) => n.id === this.lastTarget)?.levels);
    mark("first");
  }

  onResult(r: QueryResult): void {
    if (r.id !== this.running) return;
    this.running = undefined;
    this.hedge = new Set(r.identification.status === "not-identified" && r.identification.hedge ? [...r.identification.hedge.f] : []);
    renderResult(this.el.results, r, this.lastTarget, this.nodes().find((n) => n.id === this.lastTarget)?.levels, this.lastThreshold);
    mark("final");
    this.renderBar();
  }

  onFailed(f: QueryFailed): void {
    if (f.id !== this.running) return;
    this.running = undefined;
    renderFailure(this.el.results, f);
    this.renderBar();
  }

  onSummaries(s: NodeSummaries): void {
    if (s.id !== this.lastRun) return; // a summary of a query of another model, or superseded
    this.summaries = s;
    drawSparklines(this.view.overlayLayer, this.view.layout, this.active ? s : undefined);
  }
}

/**
 * When a Run started and its first estimate / final answer was drawn: User Timing marks `query-started`,
 * `query-first`, `query-final` (DevTools' Performance panel; bench/query.ts measures between them), one
 * of each per Run, and <body data-query-state>.
 */
function mark(what: "started" | "first" | "final"): void {
  if (what === "started") for (const m of ["started", "first", "final"]) performance.clearMarks(`query-${m}`);
  if (what !== "first" || performance.getEntriesByName("query-first", "mark").length === 0) performance.mark(`query-${what}`);
  document.body.dataset.queryState = what;
}
