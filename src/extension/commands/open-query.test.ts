// Intervene… and Counterfactual…: its cases on a fake ctx (commands.test-util.ts).
import { expect } from "vitest";
import { openQuery } from "./open-query";
import { askQuery } from "./panel-commands";
import { LINE, SAMPLE, dagitty, doc, frontdoor, line, uri, runCases } from "./commands.test-util";
import { readGraphSource } from "../graph-source";

runCases("Intervene… and Counterfactual…", [
  {
    name: "Ask a Counterfactual… from the palette with the DAG panel focused (no text editor): the panel's model, kept at its own offset",
    command: askQuery("counterfactual"), setup: { panel: frontdoor },
    check: ({ error, trace }) => {
      expect(error).toBeUndefined();
      const model = readGraphSource(frontdoor.getText(), frontdoor.fileName).models[0];
      expect(trace.shown).toEqual([{ document: SAMPLE, offset: model.range.start.offset }]);
      expect(trace.queryModes).toEqual(["counterfactual"]);
    },
  },
  {
    name: "Intervene… from the CodeLens (uri, offset) goes to that file as open-query.ts does, not to the panel's",
    command: askQuery("intervene"), args: [line.uri, 5], setup: { panel: frontdoor },
    check: ({ trace }) => (expect(trace.shown).toEqual([{ document: LINE, offset: 5 }]), expect(trace.queryModes).toEqual(["intervene"])),
  },
  {
    name: "Intervene… from a model's editor opens the query bar on the model under the cursor",
    command: askQuery("intervene"), setup: { active: { document: line, offset: 7 }, panel: frontdoor },
    check: ({ trace }) => (expect(trace.shown).toEqual([{ document: LINE, offset: 7 }]), expect(trace.queryModes).toEqual(["intervene"])),
  },
  {
    name: "Intervene… from a DAGitty editor is refused: a DAGitty graph has no mechanisms",
    command: askQuery("intervene"), setup: { active: { document: doc("/w/g2.dagitty", "dag { A -> B }"), offset: 0 } },
    check: ({ error, trace }) => (expect(error).toMatch(/a DAGitty graph has no mechanisms to run/), expect(trace.shown).toEqual([])),
  },
  {
    name: "Intervene… with no editor and no panel names the model file it needs",
    command: askQuery("intervene"),
    check: ({ error }) => expect(error).toMatch(/open a \*\.causal\.ts model first, then run Intervene/),
  },
  {
    name: "Counterfactual… opens the panel with its query bar in counterfactual mode",
    command: openQuery("counterfactual"), args: [frontdoor.uri],
    check: ({ trace }) => (expect(trace.shown).toHaveLength(1), expect(trace.queryModes).toEqual(["counterfactual"])),
  },
  {
    name: "Intervene… with nothing open names the model file it needs",
    command: openQuery("intervene"),
    check: ({ error }) => expect(error).toMatch(/open a \*\.causal\.ts model first, then run Intervene/),
  },
]);
