// Issue 12, item 10: a run's problem (here an invalid parameter) leaves the Problems panel when its document is edited.
import { describe, expect, it } from "vitest";
import { forgetRunProblemsOnEdit } from "./runtime-diagnostics";

/** A DiagnosticCollection's has/delete over a map keyed by URI string, as VS Code keys it. */
function collection(entries: Record<string, string[]>) {
  const m = new Map(Object.entries(entries));
  return { m, has: (u: { toString(): string }) => m.has(u.toString()), delete: (u: { toString(): string }) => void m.delete(u.toString()) };
}
const uri = (s: string) => ({ toString: () => s });
const edit = (u: string, changes = 1) => ({ document: { uri: uri(u) }, contentChanges: Array.from({ length: changes }, () => ({ text: "x" })) });

describe("a run's problems and edits of their document", () => {
  it("an edit of the document clears its run problems, and only its own", () => {
    const c = collection({ "file:///w/a.causal.ts": ['normal: parameter sigma = -1 is invalid'], "file:///w/b.causal.ts": ["other"] });
    expect(forgetRunProblemsOnEdit(c as never, edit("file:///w/a.causal.ts") as never)).toBe(true);
    expect([...c.m.keys()]).toEqual(["file:///w/b.causal.ts"]);
  });

  it("a change event without a text change (dirty flag, save) keeps them; a document with none is left alone", () => {
    const c = collection({ "file:///w/a.causal.ts": ["p"] });
    expect(forgetRunProblemsOnEdit(c as never, edit("file:///w/a.causal.ts", 0) as never)).toBe(false);
    expect(forgetRunProblemsOnEdit(c as never, edit("file:///w/z.causal.ts") as never)).toBe(false);
    expect([...c.m.keys()]).toEqual(["file:///w/a.causal.ts"]);
  });
});
