/**
 * The query section of the DAG panel: the "Intervene" mode toggle, the popover that opens on a node
 * click (do / given / target, with a value picker suited to the node's distribution), shift-click for
 * evidence, the query bar listing the current query with Run and Cancel, and the results area.
 * It owns the draft query; the graph shows it through DagView.setQuery (surgery, evidence, target).
 * Why a section of the DAG panel rather than a second webview: the answer is read against the graph
 * (surgery, the hedge, sparklines on the nodes), and one webview keeps one state and one message channel.
 */
import type { FromWebview, GraphNodeDto, NodeSummaries, QueryFailed, QueryProgress, QueryResult } from "../../src/protocol/messages";
import type { DagView } from "../view";
import { defaultValue, outsideSupport, pickerFor, type Picker } from "./picker";
import { checkDraft, clearRole, draftText, emptyDraft, setRole, toRunQuery, type QueryDraft, type Role } from "./query-state";
import { renderFailure, renderProblems, renderProgress, renderResult } from "./results";
import { drawSparklines } from "./sparklines";

export interface QueryElements { section: HTMLElement; toggle: HTMLElement; text: HTMLElement; chips: HTMLElement; run: HTMLButtonElement; cancel: HTMLButtonElement; mode: HTMLSelectElement; results: HTMLElement; popover: HTMLElement }

export class QueryPanel {
  draft: QueryDraft = emptyDraft();
  active = false;
  running: number | undefined;
  modelIndex = 0;
  private nextId = 1;
  private summaries: NodeSummaries | undefined;
  private hedge = new Set<string>();
  private lastTarget = "";

  constructor(private readonly view: DagView, private readonly el: QueryElements, private readonly post: (m: FromWebview) => void) {
    view.onQueryClick = (id, event) => this.onNodeClick(id, event);
    view.afterDraw = () => drawSparklines(view.overlayLayer, view.layout, this.summaries);
    el.toggle.addEventListener("click", () => this.setActive(!this.active));
    el.run.addEventListener("click", () => this.run());
    el.cancel.addEventListener("click", () => this.cancel());
    el.mode.addEventListener("change", () => this.setMode(el.mode.value === "counterfactual" ? "counterfactual" : "intervene"));
    document.addEventListener("keydown", (e) => { if (e.key === "Escape") this.closePopover(); });
    this.renderBar();
  }

  setActive(on: boolean): void {
    this.active = on;
    document.body.classList.toggle("query-open", on);
    this.el.section.hidden = !on;
    this.el.toggle.setAttribute("aria-pressed", String(on));
    if (!on) this.closePopover();
    this.view.fit();
  }

  setMode(mode: QueryDraft["mode"]): void {
    this.draft = { ...this.draft, mode };
    this.el.mode.value = mode;
    this.renderBar();
  }

  /** Opens the query section in a mode (from the CodeLens). */
  open(mode: QueryDraft["mode"]): void {
    this.setActive(true);
    this.setMode(mode);
  }

  private nodes(): GraphNodeDto[] {
    return this.view.graph?.nodes ?? [];
  }

  private onNodeClick(id: string, event: MouseEvent): boolean {
    if (!this.active) return false;
    const node = this.nodes().find((n) => n.id === id);
    if (!node) return true;
    if (event.shiftKey) {
      const current = this.draft.given[id];
      this.apply(setRole(this.draft, id, "given", current ?? defaultValue(pickerFor(node))));
      this.openPopover(node, event, "given");
    } else this.openPopover(node, event);
    return true;
  }

  /** The popover beside a node: its value picker and the three role buttons. */
  openPopover(node: GraphNodeDto, at: { clientX: number; clientY: number }, preselected?: Role): void {
    const picker = pickerFor(node);
    const current = this.draft.do[node.id] ?? this.draft.given[node.id];
    const input = valueInput(picker, current ?? defaultValue(picker), node.id);
    const error = document.createElement("div");
    error.className = "popover-error";
    error.setAttribute("role", "alert");
    const button = (role: Role, label: string, title: string) => {
      const b = document.createElement("button");
      b.dataset.role = role;
      b.textContent = label;
      b.title = title;
      if (role === preselected) b.classList.add("chosen");
      b.addEventListener("click", () => {
        if (role === "target") {
          this.apply(setRole(this.draft, node.id, "target"));
          this.closePopover();
          return;
        }
        const value = input.read();
        const why = outsideSupport(node.id, picker, value);
        if (why) {
          error.textContent = why;
          return;
        }
        this.apply(setRole(this.draft, node.id, role, value));
        this.closePopover();
      });
      return b;
    };
    const clear = document.createElement("button");
    clear.dataset.role = "clear";
    clear.textContent = "clear";
    clear.addEventListener("click", () => {
      let d = this.draft;
      for (const r of ["do", "given", "target"] as const) d = clearRole(d, node.id, r);
      this.apply(d);
      this.closePopover();
    });
    const title = document.createElement("div");
    title.className = "popover-title";
    title.textContent = `${node.id}${node.distribution ? ` (${node.distribution})` : ""}${node.latent ? ", latent" : ""}`;
    const buttons = document.createElement("div");
    buttons.className = "popover-buttons";
    buttons.append(button("do", "do", `Intervene: set ${node.id} to this value, cutting its incoming edges`),
      button("given", "given", `Evidence: condition on ${node.id} = this value`),
      button("target", "target", `Ask for ${node.id}'s distribution`), clear);
    const pop = this.el.popover;
    pop.replaceChildren(title, input.element, buttons, error);
    pop.dataset.nodeId = node.id;
    pop.hidden = false;
    const { width, height } = pop.getBoundingClientRect();
    pop.style.left = `${Math.max(4, Math.min(at.clientX + 8, window.innerWidth - width - 4))}px`;
    pop.style.top = `${Math.max(4, Math.min(at.clientY + 8, window.innerHeight - height - 4))}px`;
    input.focus();
  }

  closePopover(): void {
    this.el.popover.hidden = true;
    this.el.popover.replaceChildren();
  }

  private apply(d: QueryDraft): void {
    this.draft = d;
    this.renderBar();
  }

  /** Redraws the bar (text + chips) and the graph's query marks. */
  renderBar(): void {
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
    this.el.run.disabled = this.running !== undefined;
    this.el.cancel.disabled = this.running === undefined;
    this.view.setQuery({ do: new Set(Object.keys(d.do)), given: new Set(Object.keys(d.given)), target: d.target, hedge: this.hedge });
  }

  run(): void {
    if (this.running !== undefined) return;
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
    const message = toRunQuery(this.draft, id, this.modelIndex);
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

  onProgress(p: QueryProgress): void {
    if (p.id !== this.running) return;
    renderProgress(this.el.results, p, this.lastTarget);
    mark("first");
  }

  onResult(r: QueryResult): void {
    if (r.id !== this.running) return;
    this.running = undefined;
    this.hedge = new Set(r.identification.status === "not-identified" && r.identification.hedge ? [...r.identification.hedge.f] : []);
    renderResult(this.el.results, r, this.lastTarget);
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
    this.summaries = s;
    drawSparklines(this.view.overlayLayer, this.view.layout, s);
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

interface ValueInput { element: HTMLElement; read(): number; focus(): void }

/** A switch (bernoulli), a list (categorical) or a number field with a slider (continuous). */
function valueInput(picker: Picker, value: number, name: string): ValueInput {
  const wrap = document.createElement("div");
  wrap.className = `picker ${picker.kind}`;
  if (picker.kind === "switch") {
    const label = document.createElement("label");
    const box = document.createElement("input");
    box.type = "checkbox";
    box.setAttribute("role", "switch");
    box.className = "value-switch";
    box.checked = value === 1;
    const text = document.createElement("span");
    const show = () => { text.textContent = `${name} = ${box.checked ? 1 : 0}`; };
    box.addEventListener("change", show);
    show();
    label.append(box, text);
    wrap.append(label);
    return { element: wrap, read: () => (box.checked ? 1 : 0), focus: () => box.focus() };
  }
  if (picker.kind === "list") {
    const select = document.createElement("select");
    select.className = "value-list";
    for (const v of picker.values) select.append(new Option(String(v), String(v), false, v === value));
    wrap.append(select);
    return { element: wrap, read: () => Number(select.value), focus: () => select.focus() };
  }
  const number = document.createElement("input");
  number.type = "number";
  number.className = "value-number";
  number.step = picker.integer ? "1" : "any";
  number.value = String(value);
  wrap.append(number);
  if (picker.min !== undefined && picker.max !== undefined) {
    const slider = document.createElement("input");
    slider.type = "range";
    slider.className = "value-slider";
    slider.min = String(picker.min);
    slider.max = String(picker.max);
    slider.step = picker.integer ? "1" : String((picker.max - picker.min) / 100);
    slider.value = String(value);
    slider.addEventListener("input", () => { number.value = slider.value; });
    number.addEventListener("input", () => { slider.value = number.value; });
    wrap.append(slider);
  }
  return { element: wrap, read: () => (number.value.trim() === "" ? NaN : Number(number.value)), focus: () => number.focus() };
}
