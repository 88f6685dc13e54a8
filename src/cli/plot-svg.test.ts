// `diagnose --plots`: every plot kind rendered to standalone SVG in Node (linkedom + Observable Plot),
// parsed back and read as a user would: the marks drawn are the finite data points (counted), they
// sit where the axis ticks say their values are (positions read back through the tick labels, an
// independent inverse of Plot's scales), and non-finite values are left out and said in the caption.
import { parseHTML } from "linkedom";
import { describe, expect, it } from "vitest";
import type { DiagnosisReport } from "../core/criticism/diagnosis-report";
import { FIXTURE, sampleReport } from "../../test/fixtures/diagnosis-report";
import { DEFAULT_PLOT_WIDTH, renderPlotSvgs } from "./plot-svg";

const report = sampleReport() as DiagnosisReport;
const files = renderPlotSvgs(report);
const byName = new Map(files.map((f) => [f.name, f.svg]));

function parse(svg: string): Element {
  const { DOMParser } = parseHTML("<html></html>");
  const doc = new DOMParser().parseFromString(svg.replace(/^<\?xml[^>]*>\s*/, ""), "image/svg+xml");
  const root = doc.documentElement as unknown as Element;
  expect(root.tagName.toLowerCase()).toBe("svg");
  return root;
}
const svgOf = (name: string) => parse(byName.get(name)!);
const panels = (svg: Element) => [...svg.querySelectorAll("g[data-plot-area]")];
const marks = (scope: Element, label: string, tag: string) => [...scope.querySelectorAll(`g[aria-label="${label}"] > ${tag}`)];
const num = (el: Element, a: string) => Number(el.getAttribute(a));
const translate = (el: Element | null): [number, number] => {
  const m = /translate\(([-\d.e]+)\s*,\s*([-\d.e]+)\)/.exec(el?.getAttribute("transform") ?? "");
  return m ? [Number(m[1]), Number(m[2])] : [0, 0];
};
const texts = (svg: Element) => [...svg.querySelectorAll("text")].map((t) => t.textContent ?? "");

/** value -> pixel along an axis, fitted to the axis's tick labels (Plot writes − for minus). */
function axisScale(panel: Element, axis: "x" | "y"): (v: number) => number {
  const group = panel.querySelector(`g[aria-label="${axis}-axis tick label"]`)!;
  const [gx, gy] = translate(group);
  const ticks = [...group.querySelectorAll("text")].map((t) => {
    const [x, y] = translate(t);
    return { v: Number((t.textContent ?? "").replace("−", "-").replace(/,/g, "")), px: axis === "x" ? x + gx : y + gy };
  });
  expect(ticks.length).toBeGreaterThanOrEqual(2);
  const [a, b] = [ticks[0], ticks.at(-1)!];
  const k = (b.px - a.px) / (b.v - a.v);
  return (v) => a.px + k * (v - a.v);
}

describe("renderPlotSvgs", () => {
  it("writes one safe-named SVG per plot, each a parseable standalone document with a white background and no non-finite coordinates", () => {
    expect(files.map((f) => f.name)).toEqual(["local-tests.svg", "residuals-y.svg", "reweighting-sweep-y-x.svg", "environment-coefficients-y.svg", "loeo-y.svg", "interventional-fidelity-z.svg", "posterior-predictive-z.svg"]);
    for (const f of files) {
      expect(f.svg.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg')).toBe(true);
      const svg = parse(f.svg);
      expect(svg.getAttribute("xmlns")).toBe("http://www.w3.org/2000/svg");
      expect(num(svg, "width")).toBe(DEFAULT_PLOT_WIDTH);
      expect(svg.getAttribute("viewBox")).toBe(`0 0 ${DEFAULT_PLOT_WIDTH} ${svg.getAttribute("height")}`);
      const bg = svg.querySelector("rect.background")!;
      expect(bg.getAttribute("fill")).toBe("#ffffff");
      expect(svg.firstElementChild!.tagName.toLowerCase()).toBe("title");
      // No coordinate or attribute carries NaN, Infinity or undefined.
      expect(f.svg).not.toMatch(/="[^"]*(NaN|Infinity|undefined)[^"]*"/);
      expect(panels(svg).length).toBeGreaterThan(0);
    }
  });

  it("local tests: one dot and one interval per finite implication, at its estimate, coloured by verdict, with a zero line", () => {
    const svg = svgOf("local-tests.svg");
    const [panel] = panels(svg);
    const dots = marks(panel, "dot", "circle");
    expect(dots.length).toBe(FIXTURE.localTests - FIXTURE.localTestsNonFinite);
    const x = axisScale(panel, "x");
    const rows = (report.plots[0] as Extract<DiagnosisReport["plots"][number], { kind: "local-tests" }>).rows.filter((r) => Number.isFinite(r.estimate));
    dots.forEach((d, i) => expect(num(d, "cx")).toBeCloseTo(x(rows[i].estimate), 0));
    expect(dots.map((d) => d.getAttribute("fill"))).toEqual(["#e51400", "#388a34", "#bf8803"]); // fail, pass, warn
    const rules = marks(panel, "rule", "line");
    expect(rules.length).toBe(1 + dots.length); // the zero line and one interval per implication
    const zero = rules.find((l) => l.getAttribute("x1") === l.getAttribute("x2"))!;
    expect(num(zero, "x1")).toBeCloseTo(x(0), 0);
    const intervals = rules.filter((l) => l !== zero);
    intervals.forEach((l, i) => (expect(num(l, "x1")).toBeCloseTo(x(rows[i].lower), 0), expect(num(l, "x2")).toBeCloseTo(x(rows[i].upper), 0)));
    expect(texts(svg)).toContain("x ⊥ z");
    expect(texts(svg).join(" ")).toMatch(/partial correlation \(estimate with interval\)/);
    expect(texts(svg)).toContain("1 implication not finite (effect or interval), not drawn");
  });

  it("residuals: small multiples against the fitted value and each input, finite points only, ±2 lines and a binned mean", () => {
    const svg = svgOf("residuals-y.svg");
    const ps = panels(svg);
    expect(ps.length).toBe(3);
    const n = FIXTURE.residualRows, drop = FIXTURE.residualNonFinite;
    expect(ps.map((p) => marks(p, "dot", "circle").length)).toEqual([n - drop.fitted, n - drop.x, n - drop.w]);
    for (const p of ps) {
      const y = axisScale(p, "y");
      const ys = marks(p, "rule", "line").map((l) => num(l, "y1")).sort((a, b) => a - b);
      expect(ys.length).toBe(3);
      [2, 0, -2].forEach((v, i) => expect(ys[i]).toBeCloseTo(y(v), 0));
      expect(marks(p, "line", "path").length).toBe(1);
      expect(marks(p, "line", "path")[0].getAttribute("d")).toMatch(/^M[\d.]/);
    }
    const all = texts(svg);
    expect(all).toEqual(expect.arrayContaining(["fitted y →", "x →", "w →", "↑ standardized residual of y"]));
    expect(all.join(" ")).toMatch(/standardized residual of y/);
    expect(all).toContain("2 points not finite against fitted y, not drawn");
    expect(all).toContain("1 point not finite against x, not drawn");
    expect(all.join(" ")).toMatch(/a sample of 60 rows of the 2,500 the checks used/);
  });

  it("reweighting sweep: one line per tilt, t = 0 drawn on top, a dot per grid point", () => {
    const svg = svgOf("reweighting-sweep-y-x.svg");
    const [panel] = panels(svg);
    expect(marks(panel, "dot", "circle").length).toBe(FIXTURE.tilts.length * FIXTURE.grid);
    const lines = [...panel.querySelectorAll('g[aria-label="line"]')];
    expect(lines.flatMap((g) => [...g.querySelectorAll("path")]).length).toBe(FIXTURE.tilts.length + 1);
    const strokes = new Set([...lines[0].querySelectorAll("path")].map((p) => p.getAttribute("stroke")));
    expect(strokes.size).toBe(FIXTURE.tilts.length); // a distinct colour per tilt
    expect(texts(svg)).toEqual(expect.arrayContaining(["t = -1", "t = 0 (unweighted)", "t = 1", "↑ predicted y", "x →", "verdict: warn"]));
  });

  it("environment coefficients: a panel per coefficient, an estimate per environment", () => {
    const svg = svgOf("environment-coefficients-y.svg");
    const ps = panels(svg);
    expect(ps.length).toBe(FIXTURE.coefficients.length);
    for (const [i, p] of ps.entries()) {
      const dots = marks(p, "dot", "circle");
      expect(dots.length).toBe(FIXTURE.environments.length);
      const x = axisScale(p, "x");
      const rows = (report.plots[3] as Extract<DiagnosisReport["plots"][number], { kind: "environment-coefficients" }>).rows.filter((r) => r.coefficient === FIXTURE.coefficients[i]);
      dots.forEach((d, j) => expect(num(d, "cx")).toBeCloseTo(x(rows[j].estimate), 0));
    }
    expect(texts(svg)).toEqual(expect.arrayContaining(["(intercept) of y →", "x of y →", "U(0,1)", "N(0,1)"]));
  });

  it("leave-one-environment-out: in-distribution and held-out RMSE per environment, the held-out dot red over the 2× tick", () => {
    const svg = svgOf("loeo-y.svg");
    const [panel] = panels(svg);
    const dotGroups = [...panel.querySelectorAll('g[aria-label="dot"]')];
    expect(dotGroups.length).toBe(2);
    const held = [...dotGroups[1].querySelectorAll("circle")];
    expect(held.map((c) => c.getAttribute("fill"))).toEqual(["#e51400", "#388a34", "#e51400"]); // ratios 10.5, 1.5, 3.33 against 2
    const x = axisScale(panel, "x");
    const ticks = marks(panel, "tick", "line");
    expect(ticks.length).toBe(3);
    [0.24, 0.4, 0.3].forEach((v, i) => expect(num(ticks[i], "x1")).toBeCloseTo(x(v), 0));
    expect(marks(panel, "link", "path").length).toBe(3);
    expect(texts(svg)).toContain("2 of 3 environments predicted more than 2× worse when left out");
  });

  it("interventional fidelity: the observed mean and the do-prediction of each intervention, each with its interval", () => {
    const svg = svgOf("interventional-fidelity-z.svg");
    const [panel] = panels(svg);
    expect(marks(panel, "dot", "circle").length).toBe(FIXTURE.interventions);
    expect(marks(panel, "dot", "path").length).toBe(FIXTURE.interventions); // the diamonds
    expect(marks(panel, "rule", "line").length).toBe(2 * FIXTURE.interventions);
    expect(texts(svg)).toEqual(expect.arrayContaining(["do(x := 1)", "mean of z →", "warn: do-prediction"]));
  });

  it("posterior predictive: a histogram of the replicated values (heights ∝ counts) and the observed value as a rule; p in the title", () => {
    const svg = svgOf("posterior-predictive-z.svg");
    const [panel] = panels(svg);
    const plot = report.plots[6] as Extract<DiagnosisReport["plots"][number], { kind: "posterior-predictive" }>;
    const x = axisScale(panel, "x");
    const inv = (px: number) => { const a = x(0), b = x(1); return (px - a) / (b - a); };
    const bars = marks(panel, "rect", "rect").map((r) => ({ lo: inv(num(r, "x") - 0.5), hi: inv(num(r, "x") + num(r, "width") + 0.5), h: num(r, "height") }));
    const counts = bars.map((b) => plot.replicated.filter((v) => v >= b.lo - 1e-9 && v < b.hi - 1e-9).length);
    expect(counts.reduce((s, c) => s + c, 0)).toBe(FIXTURE.replicated);
    const perCount = bars[0].h / counts[0];
    bars.forEach((b, i) => expect(b.h).toBeCloseTo(counts[i] * perCount, 1));
    const observed = marks(panel, "rule", "line").find((l) => l.getAttribute("x1") === l.getAttribute("x2"))!;
    expect(num(observed, "x1")).toBeCloseTo(x(plot.observed), 0);
    expect(svg.querySelector("title")!.textContent).toBe("z: variance of replicated data sets against the data's — p = 0.31");
  });

  it("a plot with no finite value says so instead of drawing empty axes; duplicate ids get distinct file names", () => {
    const r = sampleReport() as DiagnosisReport;
    const ppc = r.plots[6] as Extract<DiagnosisReport["plots"][number], { kind: "posterior-predictive" }>;
    r.plots = [{ ...ppc, replicated: [Number.NaN, Number.NaN], observed: Number.NaN }, { ...ppc, id: "posterior predictive/z" }, { ...ppc, id: "posterior-predictive-z" }];
    const out = renderPlotSvgs(r, 400);
    expect(out.map((f) => f.name)).toEqual(["posterior-predictive-z.svg", "posterior-predictive-z-2.svg", "posterior-predictive-z-3.svg"]);
    const svg = parse(out[0].svg);
    expect(svg.querySelector("g[data-empty]")!.textContent).toBe("No finite replicated value");
    expect(texts(svg)).toEqual(expect.arrayContaining(["2 replicated values not finite, not drawn", "the observed value is not finite, not drawn"]));
    expect(num(svg, "width")).toBe(400);
  });
});
