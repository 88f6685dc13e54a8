// Issue 13, item 10 (editor side): the DAG panel's graph message for a file that does not parse carries the
// parser's error (the webview's banner shows it, "line 4:54: the file does not parse: ...") and stays a valid
// protocol message; the Problems panel leaves the syntax error to VS Code's TypeScript (no duplicate).
import { describe, expect, it } from "vitest";
import { parseToWebview } from "../protocol/messages";
import { graphDiagnostics } from "./graph-fixes";
import { readGraphSource, toGraphUpdate } from "./graph-source";

const BROKEN = `import { scm, bernoulli } from "causal-studio";
export default scm("m")
  .variable("a", () => bernoulli(0.5))
  .variable("b", ({ a }) => bernoulli(a ? 0.3 : 0.1)
  .variable("c", ({ b }) => bernoulli(0.2));
`;

describe("a model file that does not parse, in the DAG panel", () => {
  it("the graph message's errors say the file does not parse, at the parser's line and column", () => {
    const update = toGraphUpdate(readGraphSource(BROKEN, "/ws/m.causal.ts"), 0, { direction: "DOWN", editable: true }, "m.causal.ts");
    expect(update.errors[0]).toMatchObject({ message: "the file does not parse: ')' expected.", range: { line: 5, column: 43 } });
    expect(parseToWebview(update).ok).toBe(true);
  });

  it("Problems gets no second copy of TypeScript's own syntax error", () => {
    expect(graphDiagnostics(BROKEN, "/ws/m.causal.ts").filter((d) => d.message.includes("does not parse"))).toEqual([]);
  });
});
