// The CLI's own error handler (issue 13, item 13): whatever a command throws, main prints one clean
// message and never crashes; a Diagnostic (a CausalError, or a look-alike whose fields check out) is
// printed at its file:line:col, exit 1; anything else is a bug of ours: "internal error" with a stack.
import { describe, expect, it } from "vitest";
import { reportThrown } from "../../src/cli/main";
import { UsageError } from "../../src/cli/cli-io";
import { CausalError, error } from "../../src/core/errors/diagnostic";

function run(e: unknown) {
  let stderr = "";
  const code = reportThrown({ stdout: () => undefined, stderr: (t) => void (stderr += t), cwd: "/work" }, "query", e, false, "Usage: causal-studio query <file>\n...");
  return { code, stderr };
}

const at = { file: "/work/model.causal.ts", start: { line: 5, column: 21, offset: 0 }, end: { line: 5, column: 30, offset: 0 } };

describe("reportThrown", () => {
  it("a CausalError: its diagnostic at file:line:col, exit 1, no stack", () => {
    const r = run(new CausalError(error("model-load-error", "the model threw Error: boom", at)));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^model\.causal\.ts:5:22: error: the model threw Error: boom\n/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("a look-alike CausalError with a valid diagnostic is printed like one; one with a forged diagnostic is not trusted", () => {
    expect(run({ name: "CausalError", diagnostic: { code: "model-load-error", severity: "error", message: "from another copy", range: at } }).stderr).toMatch(/^model\.causal\.ts:5:22: error: from another copy\n/);
    const forged = run({ name: "CausalError", diagnostic: { code: 42, message: { toString: null }, range: { start: "here" } } });
    expect(forged.code).toBe(1);
    expect(forged.stderr).toMatch(/^causal-studio query: internal error \(a bug in causal-studio; please report it with this output\): a non-error value was thrown: \{"name":"CausalError"/);
    expect(forged.stderr).not.toContain("[object Object]");
  });

  it.each([
    ["a null-prototype object", Object.assign(Object.create(null), { why: "no prototype" }), /a non-error value was thrown: \{"why":"no prototype"\}/],
    ["null", null, /a null was thrown: null/],
    ["a revoked proxy", (() => { const p = Proxy.revocable({}, {}); p.revoke(); return p.proxy; })(), /a non-error value was thrown: a value that cannot be read/],
    ["an object whose getters throw", { get diagnostic() { throw new Error("no"); }, get toJSON() { throw new Error("no"); } }, /a non-error value was thrown/],
  ])("%s: a clean line, exit 1, never a crash", (_label, value, message) => {
    const r = run(value);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.split("\n").filter(Boolean)).toHaveLength(1);
  });

  it("a genuine bug of ours: internal error with its stack", () => {
    const r = run(new TypeError("cannot read x of undefined"));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^causal-studio query: internal error \(a bug in causal-studio; please report it with this output\): TypeError: cannot read x of undefined\nTypeError: cannot read x of undefined\n\s+at /);
  });

  it("bad usage: the message and the usage line, exit 2", () => {
    expect(run(new UsageError("missing --target"))).toEqual({ code: 2, stderr: "causal-studio query: missing --target\nUsage: causal-studio query <file>\n" });
  });
});
