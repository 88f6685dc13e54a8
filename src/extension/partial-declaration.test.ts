// Issue 12, item 10: while the user types `.variable("` the declaration has no name yet. That is a valid,
// partial state: extraction draws no node for it and reports nothing, and the host's graph message stays a
// valid protocol message (GraphNodeDto ids are non-empty), so the webview never logs "Ignored an invalid
// host-to-webview message" mid-keystroke.
import { describe, expect, it } from "vitest";
import { extractModels } from "../core/extract/extract-models";
import { GraphNodeDto, parseToWebview } from "../protocol/messages";
import { readGraphSource, toGraphUpdate } from "./graph-source";

const model = (tail: string) => `import { scm, normal } from "causal-studio";
export default scm("m")
  .variable("X", () => normal(0, 1))
  .variable("Y", ({ X }) => normal(X, 1))
  ${tail}
`;
const PARTIAL = ['.variable("', '.variable("")', '.variable("", () => normal(0, 1))', ".variable(`", '.variable("  ", ({ X }) => normal(X, 1))'];

describe("a declaration typed as far as its opening quote", () => {
  it.each(PARTIAL)("extraction: %s adds no node, no edge and no diagnostic", (tail) => {
    const { models, diagnostics } = extractModels(model(tail), "m.causal.ts");
    expect(models[0].graph.nodes.map((n) => n.id)).toEqual(["X", "Y"]);
    expect(models[0].graph.edges.map((e) => `${e.from}->${e.to}`)).toEqual(["X->Y"]);
    expect(diagnostics.filter((d) => d.message.includes('""'))).toEqual([]);
  });

  it.each(PARTIAL)("host: the graph message for %s is a valid host-to-webview message", (tail) => {
    const update = toGraphUpdate(readGraphSource(model(tail), "/ws/m.causal.ts"), 0, { direction: "DOWN", editable: true }, "m.causal.ts");
    expect(update.nodes.map((n) => n.id)).toEqual(["X", "Y"]);
    expect(parseToWebview(update).ok).toBe(true);
  });

  it("once the name has a first letter it is a node again", () => {
    const { models } = extractModels(model('.variable("Z'), "m.causal.ts");
    expect(models[0].graph.nodes.map((n) => n.id)).toEqual(["X", "Y", "Z"]);
  });

  it("protocol: a node id stays non-empty (the host drops nameless declarations; it never sends them)", () => {
    expect(GraphNodeDto.safeParse({ id: "" }).success).toBe(false);
    expect(GraphNodeDto.safeParse({ id: "X" }).success).toBe(true);
  });
});
