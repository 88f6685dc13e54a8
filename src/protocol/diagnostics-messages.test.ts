// The diagnostics panel's messages: the report's schema is DiagnosisReport's (checked at the type
// level both ways), survives VS Code's JSON transport (non-finite numbers arrive as null and are read
// back as NaN), and each message is checked on receipt; bad ones are named, never acted on.
import { describe, expect, it } from "vitest";
import type { DiagnosisReport } from "../core/criticism/diagnosis-report";
import {
  DIAGNOSTICS_PROTOCOL_VERSION, DiagnosisReportDto, parseFromDiagnosticsPanel, parseToDiagnosticsPanel,
} from "./diagnostics-messages";
import { FIXTURE, sampleReport } from "../../test/fixtures/diagnosis-report";

// ---- type level: z.infer of the schema and core's DiagnosisReport are mutually assignable ----
type Assignable<A, B> = [A] extends [B] ? true : false;
const reportToDto: Assignable<DiagnosisReport, DiagnosisReportDto> = true;
const dtoToReport: Assignable<DiagnosisReportDto, DiagnosisReport> = true;
// The plot union too, member by member (a plot kind missing on either side fails here).
const plotsBothWays: [Assignable<DiagnosisReport["plots"][number], DiagnosisReportDto["plots"][number]>, Assignable<DiagnosisReportDto["plots"][number], DiagnosisReport["plots"][number]>] = [true, true];
const kindsEqual: Assignable<DiagnosisReport["plots"][number]["kind"], DiagnosisReportDto["plots"][number]["kind"]> & Assignable<DiagnosisReportDto["plots"][number]["kind"], DiagnosisReport["plots"][number]["kind"]> = true;
void [reportToDto, dtoToReport, plotsBothWays, kindsEqual];

const done = (report: unknown) => ({ type: "diagnosisDone", runId: 4, report });
const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>';
const png = "data:image/png;base64,iVBORw0KGgo=";

describe("diagnostics panel messages", () => {
  it("a report crosses JSON (as VS Code sends it): non-finite numbers come back as NaN, everything else unchanged", () => {
    const report = sampleReport();
    const overJson = JSON.parse(JSON.stringify(done(report)));
    expect(overJson.report.plots[0].rows[3].estimate).toBeNull(); // what JSON made of NaN
    const r = parseToDiagnosticsPanel(overJson);
    expect(r.ok).toBe(true);
    if (!r.ok || r.message.type !== "diagnosisDone") throw new Error("not a diagnosisDone");
    const back = r.message.report;
    const residuals = back.plots.find((p) => p.kind === "residuals")!;
    if (residuals.kind !== "residuals") throw new Error("no residuals plot");
    expect(Number.isNaN(residuals.fitted[5])).toBe(true);
    expect(Number.isNaN(residuals.standardized[17])).toBe(true); // +Infinity -> null -> NaN (still not finite)
    expect(residuals.fitted.filter((v) => !Number.isFinite(v)).length).toBe(1);
    expect(residuals.fitted.length).toBe(FIXTURE.residualRows);
    // p-values null in core (loeo has none) stay null, not NaN.
    expect(back.checks[6].p).toBeNull();
    // Apart from the non-finite values, the parsed report is the report.
    expect(JSON.parse(JSON.stringify(back))).toEqual(JSON.parse(JSON.stringify(report)));
  });

  it("accepts a report sent by structured clone too (NaN and Infinity as numbers)", () => {
    const r = parseToDiagnosticsPanel(done(sampleReport()));
    expect(r.ok).toBe(true);
    if (r.ok && r.message.type === "diagnosisDone") {
      const p = r.message.report.plots[1];
      expect(p.kind === "residuals" && p.standardized[17]).toBe(Number.POSITIVE_INFINITY);
    }
  });

  it.each([
    ["a start", { type: "diagnosisStarted", runId: 1, model: "wages", data: "data.csv" }, true],
    ["progress", { type: "diagnosisProgress", runId: 1, check: "local tests", done: 2, total: 7 }, true],
    ["progress with a negative count", { type: "diagnosisProgress", runId: 1, check: "local tests", done: -1, total: 7 }, false],
    ["a failure", { type: "diagnosisFailed", runId: 1, message: 'data.csv: no column "y"' }, true],
    ["a failure without a message", { type: "diagnosisFailed", runId: 1, message: "" }, false],
    ["focus on a variable", { type: "focusVariable", variable: "y" }, true],
    ["focus on nothing", { type: "focusVariable", variable: "" }, false],
    ["a report with an unknown plot kind", done({ ...sampleReport(), plots: [{ kind: "pie", id: "p", title: "t" }] }), false],
    ["a report with a forged verdict", done({ ...sampleReport(), verdict: "maybe" }), false],
    ["a report whose residuals are strings", done({ ...sampleReport(), plots: [{ ...sampleReport().plots[1], fitted: ["1"] }] }), false],
    ["an unknown type", { type: "diagnosisSomething", runId: 1 }, false],
  ])("host -> panel: %s", (_, raw, ok) => expect(parseToDiagnosticsPanel(raw).ok).toBe(ok));

  it.each([
    ["ready", { type: "diagnosticsReady", version: DIAGNOSTICS_PROTOCOL_VERSION }, true],
    ["open a variable's source", { type: "openSource", variable: "y" }, true],
    ["cancel", { type: "cancelDiagnosis", runId: 3 }, true],
    ["cancel without a run", { type: "cancelDiagnosis" }, false],
    ["an SVG export", { type: "exportPlot", id: "residuals-y", format: "svg", fileName: "residuals-y.svg", data: svg }, true],
    ["a PNG export", { type: "exportPlot", id: "residuals-y", format: "png", fileName: "residuals-y.png", data: png }, true],
    ["an SVG export with an XML prolog and no file name", { type: "exportPlot", id: "residuals-y", format: "svg", data: `<?xml version="1.0"?>\n${svg}` }, true],
    ["a PNG export carrying SVG text", { type: "exportPlot", id: "residuals-y", format: "png", fileName: "residuals-y.png", data: svg }, false],
    ["an SVG export carrying a data URL", { type: "exportPlot", id: "residuals-y", format: "svg", fileName: "residuals-y.svg", data: png }, false],
    ["an export to a path", { type: "exportPlot", id: "residuals-y", format: "svg", fileName: "../../etc/x.svg", data: svg }, false],
    ["an export in another format", { type: "exportPlot", id: "residuals-y", format: "pdf", fileName: "residuals-y.pdf", data: svg }, false],
  ])("panel -> host: %s", (_, raw, ok) => expect(parseFromDiagnosticsPanel(raw).ok).toBe(ok));

  it("a rejected message says its direction, its type and what is wrong", () => {
    const r = parseToDiagnosticsPanel({ type: "diagnosisProgress", runId: 1, check: "x", done: "two", total: 3 });
    expect(!r.ok && r.error).toMatch(/invalid host-to-webview diagnostics message of type "diagnosisProgress": done:/);
    const e = parseFromDiagnosticsPanel({ type: "exportPlot", id: "a", format: "png", fileName: "a.png", data: svg });
    expect(!e.ok && e.error).toMatch(/webview-to-host diagnostics message of type "exportPlot": data: data does not match the format/);
  });

  it("the schema rejects a report missing a field core always sets", () => {
    const { cannotSee: _, ...rest } = sampleReport();
    expect(DiagnosisReportDto.safeParse(rest).success).toBe(false);
  });
});
