import { describe, expect, it } from "vitest";
import { FromWebview, parseFromWebview, parseToWebview, PROTOCOL_VERSION, ToWebview } from "./messages";

const graph = {
  type: "graph", title: "m", source: "model", direction: "DOWN", editable: true, errors: [],
  nodes: [{ id: "X", latent: true, mechanism: "bernoulli(0.5)", range: { line: 3, column: 12, endLine: 3, endColumn: 15 } }, { id: "Y" }],
  edges: [{ from: "X", to: "Y", kind: "directed" }],
};

describe("protocol messages", () => {
  it("accepts every host-to-webview message shape", () => {
    const messages = [
      graph,
      { type: "highlightNode", id: "X" },
      { type: "highlightNode", id: null },
      { type: "adjustmentSet", exposures: ["X"], outcomes: ["Y"], set: [], caption: "none needed" },
      { type: "theme", kind: "high-contrast" },
      { type: "exportRequest", requestId: 1, format: "png" },
      { type: "notice", level: "error", message: "cycle" },
      { type: "paramsStatus", text: "trained on wages.csv, 4,000 rows, 2026-12-01 23:40" },
      { type: "paramsStatus", text: "trained on wages.csv, 4,000 rows, 2026-12-01 23:40", stale: "the model's params changed since training" },
      { type: "paramsStatus", text: null },
    ];
    for (const m of messages) expect(parseToWebview(m)).toEqual({ ok: true, message: m });
    expect(parseToWebview({ type: "paramsStatus" }).ok).toBe(false); // text is required (null = declared values)
  });

  it("accepts every webview-to-host message shape", () => {
    const messages = [
      { type: "ready", version: PROTOCOL_VERSION },
      { type: "nodeClicked", id: "X" },
      { type: "edgeRequest", op: "remove", from: "X", to: "Y", kind: "bidirected" },
      { type: "exportResult", requestId: 2, format: "svg", data: "<svg/>" },
      { type: "exportResult", requestId: 3, format: "png", error: "no canvas" },
      { type: "webviewError", message: "boom" },
    ];
    for (const m of messages) expect(parseFromWebview(m)).toEqual({ ok: true, message: m });
  });

  it("rejects wrong shapes with a message naming the type and the field", () => {
    const bad = parseToWebview({ ...graph, nodes: [{ id: "" }] });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toMatch(/invalid host-to-webview message of type "graph": nodes\.0\.id/);
    const unknown = parseFromWebview({ type: "deleteEverything" });
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) expect(unknown.error).toContain('"deleteEverything"');
    for (const junk of [null, 42, "graph", [], { type: "nodeClicked" }, { type: "edgeRequest", op: "toggle", from: "a", to: "b", kind: "directed" }]) {
      expect(parseFromWebview(junk).ok).toBe(false);
    }
    expect(parseToWebview(undefined)).toMatchObject({ ok: false, error: expect.stringContaining("(no type)") });
  });

  it("query messages: RunQuery and CancelQuery from the webview, progress, result, failure, summaries and mode from the host", () => {
    const run = { type: "runQuery", id: 3, modelIndex: 0, do: { smoking: 0 }, given: { tar: 1 }, target: "cancer", counterfactual: false };
    expect(parseFromWebview(run)).toEqual({ ok: true, message: run });
    expect(parseFromWebview({ type: "cancelQuery", id: 3 }).ok).toBe(true);
    for (const bad of [{ ...run, target: "" }, { ...run, do: { smoking: Number.NaN } }, { ...run, do: { smoking: "0" } }, { ...run, modelIndex: -1 }, { ...run, counterfactual: undefined }]) {
      expect(parseFromWebview(bad).ok).toBe(false);
    }
    const estimate = { value: 0.4, standardError: 0.01, method: "exact" };
    const answer = { type: "distribution", variable: "cancer", rows: [{ value: 1, estimate }] };
    const host = [
      { type: "queryProgress", id: 3, label: "do(smoking = 0)", samples: 1000, done: 0.125, answer },
      { type: "queryResult", id: 3, text: "P(cancer | do(smoking = 0))", counterfactual: false, main: { label: "do", answer }, comparison: { label: "observed", answer: { type: "mean", variable: "cancer", estimate } },
        ate: { treatment: "smoking", outcome: "cancer", treated: 1, control: 0, value: 0.1, standardError: 0.02, low: 0.06, high: 0.14 },
        identification: { status: "not-identified", reason: "hedge", hedge: { f: ["a"], fPrime: ["b"] } }, code: { typescript: "m", cli: "c" }, elapsedMs: 5 },
      { type: "queryResult", id: 4, text: "t", counterfactual: true, main: { label: "cf", answer: { type: "probability", estimate } }, identification: { status: "counterfactual", reason: "r" }, code: { typescript: "m", cli: "c" }, elapsedMs: 5 },
      { type: "queryFailed", id: 3, reason: "timeout", message: "stopped", range: { line: 1, column: 0, endLine: 1, endColumn: 4 } },
      { type: "nodeSummaries", id: 3, nodes: [{ id: "tar", observed: { kind: "discrete", values: [0, 1], probabilities: [0.5, 0.5] }, intervened: { kind: "mean", mean: 1, standardError: 0 } }] },
      { type: "queryMode", mode: "counterfactual" },
    ];
    for (const m of host) expect(parseToWebview(m)).toEqual({ ok: true, message: m });
    expect(parseToWebview({ ...host[0], done: 1.5 }).ok).toBe(false);
    expect(parseToWebview({ ...host[3], message: "" }).ok).toBe(false);
    expect(parseToWebview({ type: "nodeSummaries", id: 1, nodes: [{ id: "x", observed: { kind: "discrete", values: [0], probabilities: [2] }, intervened: { kind: "mean", mean: 0, standardError: 0 } }] }).ok).toBe(false);
  });

  it("evidence from a diagnosis (and null to clear) to the webview, openDiagnostics back", () => {
    const evidence = {
      type: "evidence",
      evidence: {
        model: "wages", modelIndex: 0, data: "wages.csv",
        nodes: [{ id: "wage", verdict: "fail", sentence: "curved residuals" }, { id: "educ", verdict: "untested", sentence: "no parents" }],
        edges: [{ from: "educ", to: "wage", verdict: "warn", sentence: "drifts" }],
        violated: [{ x: "a", y: "b", given: ["c"], verdict: "fail", sentence: "a and b are dependent given c" }],
      },
    };
    expect(parseToWebview(evidence)).toEqual({ ok: true, message: evidence });
    expect(parseToWebview({ type: "evidence", evidence: null }).ok).toBe(true);
    expect(parseToWebview({ type: "evidence" }).ok).toBe(false);
    expect(parseToWebview({ type: "evidence", evidence: { ...evidence.evidence, data: "" } }).ok).toBe(false);
    expect(parseToWebview({ type: "evidence", evidence: { ...evidence.evidence, nodes: [{ id: "wage", verdict: "bad", sentence: "" }] } }).ok).toBe(false);
    expect(parseToWebview({ type: "evidence", evidence: { ...evidence.evidence, violated: [{ ...evidence.evidence.violated[0], verdict: "untested" }] } }).ok).toBe(false);
    expect(parseFromWebview({ type: "openDiagnostics", variable: "wage" })).toEqual({ ok: true, message: { type: "openDiagnostics", variable: "wage" } });
    expect(parseFromWebview({ type: "openDiagnostics", variable: "" }).ok).toBe(false);
    expect(ToWebview.safeParse({ type: "openDiagnostics", variable: "wage" }).success).toBe(false);
  });

  it("the two directions do not accept each other's messages", () => {
    expect(ToWebview.safeParse({ type: "nodeClicked", id: "X" }).success).toBe(false);
    expect(FromWebview.safeParse({ type: "highlightNode", id: "X" }).success).toBe(false);
  });
});
