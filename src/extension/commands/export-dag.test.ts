// Export DAG: its cases on a fake ctx (commands.test-util.ts).
import { expect } from "vitest";
import { exportDag } from "./export-dag";
import { OUT, dagitty, frontdoor, runCases } from "./commands.test-util";
import { readFileSync } from "node:fs";
import { join } from "node:path";

runCases("Export DAG", [
  {
    name: "Export DAG as dot to a path: written, no panel needed",
    command: exportDag, args: ["dot", join(OUT, "g.dot")], setup: { active: { document: dagitty, offset: 0 } },
    check: ({ result, trace }) => {
      expect(result).toBe(join(OUT, "g.dot"));
      expect(readFileSync(join(OUT, "g.dot"), "utf8")).toMatch(/"?Z"?\s*->\s*"?X"?/);
      expect(trace.shown).toEqual([]);
      expect(trace.messages[0]).toMatch(/^info: exported/);
    },
  },
  {
    name: "Export DAG as PNG: drawn by the panel, decoded from its data URL",
    command: exportDag, args: ["png", join(OUT, "g.png")], setup: { panel: frontdoor },
    check: ({ trace }) => (expect(trace.exports).toEqual(["png"]), expect(readFileSync(join(OUT, "g.png"), "utf8")).toBe("png")),
  },
  {
    name: "Export DAG with the format picker dismissed does nothing",
    command: exportDag, setup: { panel: frontdoor, pickAnswers: [] },
    check: ({ result, trace }) => (expect(result).toBeUndefined(), expect(trace.picks[0]).toContain("Graphviz dot")),
  },
  {
    name: "Export DAG with no model anywhere says what to open",
    command: exportDag, args: ["dot", join(OUT, "none.dot")],
    check: ({ error }) => expect(error).toMatch(/open a \*\.causal\.ts or \*\.dagitty file with a model first/),
  },
]);
