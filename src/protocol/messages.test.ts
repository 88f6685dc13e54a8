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
    ];
    for (const m of messages) expect(parseToWebview(m)).toEqual({ ok: true, message: m });
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

  it("the two directions do not accept each other's messages", () => {
    expect(ToWebview.safeParse({ type: "nodeClicked", id: "X" }).success).toBe(false);
    expect(FromWebview.safeParse({ type: "highlightNode", id: "X" }).success).toBe(false);
  });
});
