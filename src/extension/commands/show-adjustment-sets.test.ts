// Show Adjustment Sets: its cases on a fake ctx (commands.test-util.ts).
import { expect } from "vitest";
import { showAdjustmentSets } from "./show-adjustment-sets";
import { dagitty, frontdoor, runCases } from "./commands.test-util";

runCases("Show Adjustment Sets", [
  {
    name: "Show Adjustment Sets with arguments: Z for X -> Y, highlighted in the panel opened for the document",
    command: showAdjustmentSets, args: ["X", "Y"], setup: { active: { document: dagitty, offset: 0 } },
    check: ({ result, trace }) => {
      expect(result).toEqual([["Z"]]);
      expect(trace.shown.map((s) => s.document)).toEqual(["/w/g.dagitty"]);
      expect(trace.posted).toEqual([{ type: "adjustmentSet", exposures: ["X"], outcomes: ["Y"], set: ["Z"], caption: expect.stringMatching(/Adjust for \{Z\}: 1 of 1/) }]);
    },
  },
  {
    name: "Show Adjustment Sets by quick picks, on the open panel's model (front door: no back-door set)",
    command: showAdjustmentSets, setup: { panel: frontdoor, pickAnswers: ["smoking", "cancer"] },
    check: ({ result, trace, error }) => {
      expect(error).toBeUndefined();
      expect(trace.picks).toEqual([["smoking", "tar", "cancer"], ["tar", "cancer"]]);
      expect(result).toEqual([]);
      expect(trace.shown).toEqual([]); // the open panel already shows this document
      expect(trace.posted[0]).toMatchObject({ type: "adjustmentSet", set: null });
      expect(trace.messages).toEqual(["warn: no set of observed variables blocks every back-door path from smoking to cancer."]);
    },
  },
]);
