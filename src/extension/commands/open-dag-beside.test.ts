// Open DAG Beside: its cases on a fake ctx (commands.test-util.ts).
import { expect } from "vitest";
import { openDagBeside } from "./open-dag-beside";
import { SAMPLE, dagitty, frontdoor, uri, runCases } from "./commands.test-util";

runCases("Open DAG Beside", [
  {
    name: "Open DAG Beside from a CodeLens: the given file at the given offset",
    command: openDagBeside, args: [frontdoor.uri, 42],
    check: ({ trace }) => expect(trace.shown).toEqual([{ document: SAMPLE, offset: 42 }]),
  },
  {
    name: "Open DAG Beside from the palette: the active editor's file at its cursor",
    command: openDagBeside, setup: { active: { document: frontdoor, offset: 300 } },
    check: ({ trace }) => expect(trace.shown).toEqual([{ document: SAMPLE, offset: 300 }]),
  },
  {
    name: "Open DAG Beside with nothing open says what to do",
    command: openDagBeside,
    check: ({ error, trace }) => (expect(error).toMatch(/open a \*\.causal\.ts or \*\.dagitty file first/), expect(trace.shown).toEqual([])),
  },
]);
