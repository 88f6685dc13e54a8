/**
 * Renders a query's answer in the panel's query section: the target's distribution in the two worlds
 * side by side (answer-plot.ts: histograms with the mean marked for a continuous target, bars for a
 * discrete one), a table of the numbers (for a continuous target also its sd and 90% interval), a
 * "P(target > c)" control that asks a threshold event, the ATE with its 95% interval, the
 * identification verdict, and the query as TypeScript and as a CLI line with copy buttons. Also the
 * streaming progress and failures. Numbers are written by protocol/estimate-text.ts (digits tied to
 * the standard error, "exact" for an exact answer), the same in the plot and the table.
 */
import type { AnswerDto, QueryFailed, QueryProgress, QueryResult, ThresholdDto, WorldAnswerDto } from "../../src/protocol/messages";
import { estimateText, valueText } from "../../src/protocol/estimate-text";
import { answerPlot, answerRows, levelLabel } from "./answer-plot";
import { identificationBadge } from "./identification";

export { answerPlot, answerRows } from "./answer-plot";

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.append(...children);
  return e;
}

function legend(worlds: WorldAnswerDto[]): HTMLElement {
  return el("div", { class: "plot-legend" }, ...worlds.map((w, i) => el("span", { class: `legend-item ${worlds.length === 1 || i === 1 ? "main" : "comparison"}` }, el("span", { class: "swatch-box" }), w.label)));
}

/** The numbers: one row per value (numeric order), one column per world, "p ± se" or "p exact"; a continuous target adds sd and the 90% interval. */
export function answerTable(worlds: WorldAnswerDto[], target: string, levels?: readonly string[]): HTMLTableElement {
  const rows = worlds.map(answerRows);
  const discrete = worlds.some((w) => w.answer.type === "distribution");
  const values = [...new Set(rows.flat().map((r) => r.value))].sort((a, b) => (Number(a) - Number(b)) || a.localeCompare(b));
  const head = el("tr", {}, el("th", {}, discrete ? target : ""), ...worlds.map((w) => el("th", {}, w.label)));
  const body = values.map((v) => el("tr", {}, el("th", {}, discrete ? levelLabel(v, levels) : v), ...rows.map((rs, i) => {
    const r = rs.find((x) => x.value === v);
    return el("td", r ? { "data-world": worlds[i].label, "data-value": v, "data-estimate": String(r.p), "data-standard-error": String(r.se) } : {}, r ? estimateText(r.p, r.se) : "—");
  })));
  const spread = worlds.map((w) => (w.answer.type === "mean" ? w.answer : undefined));
  if (spread.some((a) => a?.spread)) {
    const line = (name: string, key: string, f: (a: Extract<AnswerDto, { type: "mean" }>) => string | undefined) =>
      el("tr", {}, el("th", {}, name), ...spread.map((a, i) => {
        const t = a?.spread ? f(a) : undefined;
        return el("td", t ? { "data-world": worlds[i].label, "data-row": key } : {}, t ?? "—");
      }));
    const num = (a: Extract<AnswerDto, { type: "mean" }>, x: number) => (a.estimate.standardError === 0 ? estimateText(x, 0).replace(/ exact$/, "") : valueText(x, a.estimate.standardError));
    body.push(line(`sd of ${target}`, "sd", (a) => num(a, a.spread!.sd)));
    body.push(line("90% interval", "interval", (a) => (a.spread!.interval ? `[${num(a, a.spread!.interval.low)}, ${num(a, a.spread!.interval.high)}]` : undefined)));
  }
  return el("table", { class: "answer-table" }, el("thead", {}, head), el("tbody", {}, ...body));
}

/**
 * "P(target [>] [c]) Ask": asks the same query for a threshold event; the results area dispatches
 * `ask-threshold` (detail: ThresholdDto) and the query panel runs it. c starts at the mean (or the last c).
 */
export const ASK_THRESHOLD = "ask-threshold";

function thresholdControl(target: string, start: number, current?: ThresholdDto): HTMLElement {
  const op = el("select", { class: "threshold-op", "aria-label": "comparison" });
  for (const o of [">", ">=", "<", "<="]) op.append(new Option(o, o, false, o === (current?.op ?? ">")));
  const value = el("input", { class: "threshold-value", type: "number", step: "any", "aria-label": `threshold for ${target}`, value: String(current?.value ?? start) });
  const ask = el("button", { class: "threshold-ask", title: `Ask the probability that ${target} passes the threshold, in each world` }, "Ask");
  const error = el("span", { class: "threshold-error", role: "alert" });
  const box = el("div", { class: "threshold" }, `P(${target} `, op, " ", value, ") ", ask, error);
  ask.addEventListener("click", () => {
    const c = value.value.trim() === "" ? NaN : Number(value.value);
    if (!Number.isFinite(c)) {
      error.textContent = " enter a number";
      return;
    }
    error.textContent = "";
    box.dispatchEvent(new CustomEvent<ThresholdDto>(ASK_THRESHOLD, { bubbles: true, detail: { op: op.value as ThresholdDto["op"], value: c } }));
  });
  return box;
}

/** A round start for c: the mean (or probability) to 3 significant digits. */
function roundStart(a: AnswerDto): number {
  const x = a.type === "distribution" ? 0 : a.estimate.value;
  return Number(x.toPrecision(3));
}

function codeBlock(label: string, text: string, cls: string): HTMLElement {
  const copy = el("button", { class: "copy", title: `Copy the ${label}` }, "Copy");
  copy.addEventListener("click", () => {
    void navigator.clipboard?.writeText(text).then(() => { copy.textContent = "Copied"; }, () => { copy.textContent = "Select and copy"; });
  });
  return el("div", { class: `code ${cls}` }, el("div", { class: "code-head" }, el("span", {}, label), copy), el("pre", {}, el("code", {}, text)));
}

/** `levels` names a categorical target's values (GraphNodeDto.levels); `threshold` is the event this result asked, if any. */
export function renderResult(host: HTMLElement, r: QueryResult, target: string, levels?: readonly string[], threshold?: ThresholdDto): void {
  const worlds = r.comparison ? [r.comparison, r.main] : [r.main];
  const width = Math.max(260, Math.min(720, host.clientWidth - 24));
  const parts: Node[] = [
    el("div", { class: "result-title" }, r.text, el("span", { class: "elapsed" }, ` (${Math.round(r.elapsedMs)} ms)`)),
    legend(worlds),
    answerPlot(worlds, target, width, levels),
  ];
  if (worlds.every((w) => w.answer.type === "mean" && w.answer.spread?.histogram?.length)) {
    parts.push(el("div", { class: "plot-caption" }, `The distribution of ${target} in each world (bars: density), its mean (vertical rule) and the interval holding its middle 90% (the line above), from the same samples as the mean.`));
  }
  parts.push(answerTable(worlds, target, levels));
  const main = r.main.answer;
  if (main.type === "mean" || (main.type === "probability" && main.event)) parts.push(thresholdControl(target, threshold?.value ?? roundStart(main), threshold));
  if (r.ate) {
    const a = r.ate;
    const n = (x: number) => valueText(x, a.standardError);
    parts.push(el("div", { class: "ate", "data-ate": String(a.value) },
      `ATE of ${a.treatment} (${a.treated} vs ${a.control}) on ${a.outcome}: ${estimateText(a.value, a.standardError)}, 95% interval [${n(a.low)}, ${n(a.high)}]`));
    if (a.sensitivity) {
      const s = a.sensitivity;
      parts.push(el("div", { class: "sensitivity", "data-e-value": String(s.eValue) },
        el("strong", {}, `Hidden confounding: E-value ${s.eValue.toFixed(2)}. `), `${s.sentence} ${s.intervalSentence}`.trim(),
        el("span", { class: "sensitivity-source" }, ` (risk ratio ${s.riskRatio.toFixed(3)} [${s.lower.toFixed(3)}, ${s.upper.toFixed(3)}]; VanderWeele & Ding 2017)`)));
    }
  }
  parts.push(identificationBadge(r));
  for (const n of r.notes ?? []) parts.push(el("div", { class: "note" }, n));
  parts.push(codeBlock("TypeScript", r.code.typescript, "ts"), codeBlock("CLI", r.code.cli, "cli"));
  host.replaceChildren(...parts);
  host.dataset.state = "done";
}

export function renderProgress(host: HTMLElement, p: QueryProgress, target: string, levels?: readonly string[]): void {
  const width = Math.max(260, Math.min(720, host.clientWidth - 24));
  const first = p.answer;
  const summary = summaryOf(first, target, levels);
  host.replaceChildren(
    el("div", { class: "progress-line" }, el("progress", { max: "1", value: String(p.done) }),
      ` ${p.samples.toLocaleString("en-US")} samples so far · running estimate ${summary}`),
    answerPlot([{ label: p.label, answer: p.answer }], target, width, levels),
  );
  host.dataset.state = "running";
}

function summaryOf(a: AnswerDto, target: string, levels?: readonly string[]): string {
  if (a.type === "distribution") {
    const r = a.rows.find((x) => x.value === 1) ?? a.rows[0];
    return r ? `P(${target} = ${levelLabel(String(r.value), levels)}) = ${estimateText(r.estimate.value, r.estimate.standardError)}` : "(no rows yet)";
  }
  return `${a.type === "mean" ? `E[${a.variable}]` : a.event ? `P(${a.event})` : "P"} = ${estimateText(a.estimate.value, a.estimate.standardError)}`;
}

export function renderFailure(host: HTMLElement, f: QueryFailed): void {
  // The runner's message usually names the place already; add it only when it does not.
  const place = f.range ? `${f.range.line}:${f.range.column + 1}` : "";
  const where = f.range && !f.message.includes(`:${place}`) ? ` (${f.file ? `${f.file}:` : "line "}${place})` : "";
  host.replaceChildren(el("div", { class: `query-error ${f.reason}`, role: "alert" }, `${f.message}${where}`));
  host.dataset.state = "failed";
}

export function renderProblems(host: HTMLElement, problems: string[]): void {
  host.replaceChildren(el("div", { class: "query-error invalid", role: "alert" }, ...problems.map((p) => el("div", {}, p))));
  host.dataset.state = "invalid";
}
