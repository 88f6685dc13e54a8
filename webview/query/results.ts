/**
 * Renders a query's answer in the panel's query section: the target's distribution in the two worlds
 * side by side (Observable Plot, coloured from VS Code's chart variables), a table of the numbers with
 * standard errors, the ATE with its 95% interval, the identification verdict, and the query as
 * TypeScript and as a CLI line with copy buttons. Also the streaming progress and failures.
 * Plot's own <style> elements are dropped before insertion (the webview's CSP allows no inline
 * styles); dag.css styles the figure instead.
 */
import * as Plot from "@observablehq/plot";
import type { AnswerDto, QueryFailed, QueryProgress, QueryResult, WorldAnswerDto } from "../../src/protocol/messages";

export interface Row { world: string; value: string; p: number; se: number }

/** One row per (world, value) for a distribution, or per world for a mean / probability. */
export function answerRows(w: WorldAnswerDto): Row[] {
  const a = w.answer;
  if (a.type === "distribution") return a.rows.map((r) => ({ world: w.label, value: String(r.value), p: r.estimate.value, se: r.estimate.standardError }));
  return [{ world: w.label, value: a.type === "mean" ? `E[${a.variable}]` : "P(event)", p: a.estimate.value, se: a.estimate.standardError }];
}

export const fmt = (x: number): string => (x === 0 ? "0" : Math.abs(x) >= 1000 || Math.abs(x) < 1e-3 ? x.toExponential(3) : x.toFixed(4));

function cssColour(name: string, fallback: string): string {
  const v = getComputedStyle(document.body).getPropertyValue(name).trim();
  return v || fallback;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.append(...children);
  return e;
}

/** The side-by-side plot of one or two worlds' answers for `target`. */
export function answerPlot(worlds: WorldAnswerDto[], target: string, width: number): Element {
  const data = worlds.flatMap(answerRows);
  const labels = worlds.map((w) => w.label);
  const probability = worlds.every((w) => w.answer.type !== "mean");
  const colours = [cssColour("--vscode-charts-foreground", "#888888"), cssColour("--vscode-charts-blue", "#1a85ff")];
  const colourOf = (world: string) => (labels.length === 1 ? colours[1] : colours[labels.indexOf(world)] ?? colours[1]);
  const fg = cssColour("--vscode-editor-foreground", "#1f1f1f");
  const lo = (d: Row) => (probability ? Math.max(0, d.p - 1.96 * d.se) : d.p - 1.96 * d.se);
  const hi = (d: Row) => (probability ? Math.min(1, d.p + 1.96 * d.se) : d.p + 1.96 * d.se);
  const title = (d: Row) => `${d.world}: ${probability ? `P(${target} = ${d.value})` : d.value} = ${fmt(d.p)} ± ${fmt(d.se)}`;
  const chart = Plot.plot({
    width, height: 190, marginLeft: 46, marginTop: 18, marginBottom: 32,
    style: { background: "transparent", color: fg, fontSize: "11px" },
    fx: { label: probability ? target : null, padding: 0.15 },
    x: { axis: null, domain: labels, padding: 0.08 },
    y: probability ? { label: "probability", domain: [0, 1], grid: true } : { label: `mean of ${target}`, grid: true, nice: true, zero: true },
    marks: [
      Plot.barY(data, { fx: "value", x: "world", y: "p", fill: (d: Row) => colourOf(d.world), title, ariaLabel: "answer" }),
      Plot.ruleX(data, { fx: "value", x: "world", y1: lo, y2: hi, stroke: fg, strokeWidth: 1.5 }),
      Plot.text(data, { fx: "value", x: "world", y: "p", text: (d: Row) => d.p.toFixed(3), dy: -7, fill: fg }),
      Plot.ruleY([0], { stroke: fg }),
    ],
  });
  for (const s of chart.querySelectorAll("style")) s.remove();
  chart.classList.add("answer-plot");
  // Each bar carries its numbers, so tests and screen readers read exactly what is drawn.
  // Plot draws facets in its own order, so match each bar to its row by the (unique) title text.
  const byTitle = new Map(data.map((d) => [title(d), d]));
  for (const bar of chart.querySelectorAll("rect")) {
    const d = byTitle.get(bar.querySelector("title")?.textContent ?? "");
    if (!d) continue;
    bar.setAttribute("data-world", d.world);
    bar.setAttribute("data-value", d.value);
    bar.setAttribute("data-estimate", String(d.p));
    bar.setAttribute("data-standard-error", String(d.se));
  }
  return chart;
}

function legend(worlds: WorldAnswerDto[]): HTMLElement {
  return el("div", { class: "plot-legend" }, ...worlds.map((w, i) => el("span", { class: `legend-item ${worlds.length === 1 || i === 1 ? "main" : "comparison"}` }, el("span", { class: "swatch-box" }), w.label)));
}

/** The numbers: one row per value, one column per world, "p ± se". */
export function answerTable(worlds: WorldAnswerDto[], target: string): HTMLTableElement {
  const rows = worlds.map(answerRows);
  const values = [...new Set(rows.flat().map((r) => r.value))];
  const head = el("tr", {}, el("th", {}, rows.flat()[0]?.value.startsWith("E[") || rows.flat()[0]?.value === "P(event)" ? "" : target), ...worlds.map((w) => el("th", {}, w.label)));
  const body = values.map((v) => el("tr", {}, el("th", {}, v), ...rows.map((rs, i) => {
    const r = rs.find((x) => x.value === v);
    return el("td", r ? { "data-world": worlds[i].label, "data-value": v, "data-estimate": String(r.p), "data-standard-error": String(r.se) } : {}, r ? `${fmt(r.p)} ± ${fmt(r.se)}` : "—");
  })));
  return el("table", { class: "answer-table" }, el("thead", {}, head), el("tbody", {}, ...body));
}

function codeBlock(label: string, text: string, cls: string): HTMLElement {
  const copy = el("button", { class: "copy", title: `Copy the ${label}` }, "Copy");
  copy.addEventListener("click", () => {
    void navigator.clipboard?.writeText(text).then(() => { copy.textContent = "Copied"; }, () => { copy.textContent = "Select and copy"; });
  });
  return el("div", { class: `code ${cls}` }, el("div", { class: "code-head" }, el("span", {}, label), copy), el("pre", {}, el("code", {}, text)));
}

function identificationBadge(r: QueryResult): HTMLElement {
  const id = r.identification;
  if (id.status === "identified") {
    return el("div", { class: "identification identified" }, el("span", { class: "badge ok" }, "identified"), " ",
      el("code", { class: "formula" }, id.formula),
      ...(id.adjustmentSet ? [el("div", { class: "adjustment" }, `adjustment set: {${id.adjustmentSet.join(", ")}}`)] : []),
      ...(id.note ? [el("div", { class: "note" }, id.note)] : []));
  }
  if (id.status === "not-applicable") return el("div", { class: "identification not-applicable" }, el("span", { class: "badge" }, "identification: not applicable"), " ", id.reason);
  const hedge = id.status === "not-identified" && id.hedge ? [el("div", { class: "hedge" }, `hedge: F = {${id.hedge.f.join(", ")}}, F' = {${id.hedge.fPrime.join(", ")}} (highlighted on the graph)`)] : [];
  return el("div", { class: "identification not-identified" },
    el("span", { class: "badge warn" }, "not identified: depends on the mechanisms' functional form"), el("div", {}, id.reason), ...hedge);
}

export function renderResult(host: HTMLElement, r: QueryResult, target: string): void {
  const worlds = r.comparison ? [r.comparison, r.main] : [r.main];
  const width = Math.max(260, Math.min(720, host.clientWidth - 24));
  const parts: Node[] = [
    el("div", { class: "result-title" }, r.text, el("span", { class: "elapsed" }, ` (${Math.round(r.elapsedMs)} ms)`)),
    legend(worlds),
    answerPlot(worlds, target, width),
    answerTable(worlds, target),
  ];
  if (r.ate) {
    const a = r.ate;
    parts.push(el("div", { class: "ate", "data-ate": String(a.value) },
      `ATE of ${a.treatment} (${a.treated} vs ${a.control}) on ${a.outcome}: ${fmt(a.value)} ± ${fmt(a.standardError)}, 95% interval [${fmt(a.low)}, ${fmt(a.high)}]`));
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

export function renderProgress(host: HTMLElement, p: QueryProgress, target: string): void {
  const width = Math.max(260, Math.min(720, host.clientWidth - 24));
  const first = p.answer;
  const summary = summaryOf(first, target);
  host.replaceChildren(
    el("div", { class: "progress-line" }, el("progress", { max: "1", value: String(p.done) }),
      ` ${p.samples.toLocaleString("en-US")} samples so far · running estimate ${summary}`),
    answerPlot([{ label: p.label, answer: p.answer }], target, width),
  );
  host.dataset.state = "running";
}

function summaryOf(a: AnswerDto, target: string): string {
  if (a.type === "distribution") {
    const r = a.rows.find((x) => x.value === 1) ?? a.rows[0];
    return r ? `P(${target} = ${r.value}) = ${fmt(r.estimate.value)} ± ${fmt(r.estimate.standardError)}` : "(no rows yet)";
  }
  return `${a.type === "mean" ? `E[${a.variable}]` : "P"} = ${fmt(a.estimate.value)} ± ${fmt(a.estimate.standardError)}`;
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
