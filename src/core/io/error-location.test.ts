// Issue 13 item 13: one code path for "the model threw" (diagnosticFromThrown): it validates what was
// thrown before using it, gives the model's file:line:col when the value has a stack, and never throws.
import { describe, expect, it } from "vitest";
import { CausalError } from "../errors/diagnostic";
import { diagnosticFromThrown } from "./error-location";

const info = { bundleName: "/m.causal.ts.bundle.js", sourceRoot: "/" };
const d = (x: unknown) => diagnosticFromThrown(x, info, "m.causal.ts");
const hostile = new Proxy({}, { get: () => { throw new Error("trap"); }, getPrototypeOf: () => { throw new Error("trap"); }, has: () => { throw new Error("trap"); }, ownKeys: () => { throw new Error("trap"); } });
const throwingStack = Object.defineProperty(new Error("boom"), "stack", { get: () => { throw new Error("no stack for you"); } });

describe("diagnosticFromThrown", () => {
  it.each([
    ["an Error", new Error("boom"), /^m\.causal\.ts threw Error: boom$/],
    ["a string", "oops", /threw a value that is not an Error: 'oops'/],
    ["null", null, /threw a value that is not an Error: null/],
    ["a null-prototype object", Object.assign(Object.create(null), { a: 1 }), /threw a value that is not an Error: \[Object: null prototype\] \{ a: 1 \}/],
    ["a fake CausalError whose diagnostic is a number", { name: "CausalError", diagnostic: 5 }, /threw an object named CausalError whose diagnostic is not a valid diagnostic \(5\)/],
    ["a fake CausalError whose diagnostic is malformed", { name: "CausalError", diagnostic: { code: "x", message: 5 } }, /whose diagnostic is not a valid diagnostic/],
    ["a null-prototype fake CausalError", Object.assign(Object.create(null), { name: "CausalError", diagnostic: Object.create(null) }), /whose diagnostic is not a valid diagnostic/],
    ["a Proxy whose every trap throws", hostile, /^m\.causal\.ts threw /],
    ["an Error whose stack getter throws", throwingStack, /threw Error: boom/],
    ["a symbol", Symbol("s"), /threw a value that is not an Error: Symbol\(s\)/],
  ])("%s: a diagnostic with a message, never a throw", (_, thrown, message) => {
    const r = d(thrown);
    expect(r.severity).toBe("error");
    expect(r.message).toMatch(message);
  });

  it("a real CausalError, or one from another copy of the core with a valid diagnostic, keeps its code and message", () => {
    const diagnostic = { code: "invalid-parameter" as const, severity: "error" as const, message: "sd must be positive" };
    expect(d(new CausalError(diagnostic))).toMatchObject(diagnostic);
    expect(d({ name: "CausalError", diagnostic })).toMatchObject(diagnostic);
  });
});
