// Issue 13 item 8: a mechanism that reads its parents by spreading or serialising its argument
// used to read `undefined` for every parent (the argument's own properties are only the declared
// parents, and such a mechanism declares none) and gave P(y = 1) = 0.1 instead of 0.26 with no
// error. Spreads and serialisations are now errors that name the variable and the mechanism's
// position. Enumeration (Object.keys, for-in, Object.entries) is not an error: it returns exactly
// the declared parents, the argument's own properties; reading any other name still throws.
import { describe, expect, it } from "vitest";
import { bernoulli } from "../distributions/bernoulli";
import { scm } from "../dsl/scm";
import { CausalError } from "../errors/diagnostic";

/** a ~ B(0.4); y ~ B(0.1 + 0.4 a): P(y = 1) = 0.1 + 0.4 * 0.4 = 0.26. */
function model(mech: (p: Record<string, number>) => ReturnType<typeof bernoulli>) {
  return scm("shapes")
    .variable("a", () => bernoulli(0.4))
    .variable("y", mech as never);
}

function failure(f: () => unknown): CausalError {
  try { f(); } catch (e) { if (e instanceof CausalError) return e; throw e; }
  throw new Error("expected a CausalError, got an answer");
}

const SHAPES: [string, (p: Record<string, number>) => ReturnType<typeof bernoulli>, RegExp][] = [
  ["a rest pattern", ({ ...rest }) => bernoulli(0.1 + 0.4 * rest.a), /spreading the argument/],
  ["an object spread", (p) => { const q = { ...p }; return bernoulli(0.1 + 0.4 * q.a); }, /spreading the argument/],
  ["Object.assign", (p) => bernoulli(0.1 + 0.4 * Object.assign({}, p).a), /spreading the argument/],
  ["a JSON round trip", (p) => bernoulli(0.1 + 0.4 * JSON.parse(JSON.stringify(p)).a), /serialising the argument/],
];

describe("a mechanism that spreads or serialises its parents argument", () => {
  for (const [what, mech, message] of SHAPES) {
    it(`is an error naming the variable, not P = 0.1 (${what})`, () => {
      const m = model(mech);
      for (const method of ["exact", "sampling"] as const) {
        const e = failure(() => m.prob({ y: 1 }, { method, samples: 100, seed: 1 }));
        expect(e.diagnostic.code).toBe("undeclared-parent-read");
        expect(e.diagnostic.message).toMatch(/the mechanism of "y" reads its parents by/);
        expect(e.diagnostic.message).toMatch(message);
        expect(e.diagnostic.message).toMatch(/read each parent by name/i);
        expect(e.diagnostic.range?.start.line).toBeGreaterThan(0);
      }
    });
  }

  it("a rest pattern beside named parents is an error too (the rest would be empty)", () => {
    const m = model(({ a, ...rest }) => bernoulli(0.1 + 0.4 * a + 0 * Object.keys(rest).length));
    expect(failure(() => m.prob({ y: 1 })).diagnostic.message).toMatch(/spreading the argument/);
  });

  it("named reads give the closed form 0.26", () => {
    expect(model(({ a }) => bernoulli(0.1 + 0.4 * a)).prob({ y: 1 }).value).toBeCloseTo(0.26, 12);
    expect(model((p) => bernoulli(0.1 + 0.4 * p.a)).prob({ y: 1 }).value).toBeCloseTo(0.26, 12);
  });

  it("enumeration returns the declared parents (and no internal key), so it agrees with named reads", () => {
    const seen: string[][] = [];
    const m = model((p) => {
      const keys: string[] = [];
      for (const k in p) keys.push(k);
      seen.push(Object.keys(p), keys, Object.entries(p).map(([k]) => k), Object.getOwnPropertyNames(p));
      return bernoulli(0.1 + 0.4 * p.a);
    });
    expect(m.prob({ y: 1 }).value).toBeCloseTo(0.26, 12);
    expect(seen.length).toBeGreaterThan(0);
    for (const s of seen) expect(s).toEqual(["a"]);
  });

  it("an undeclared read through enumeration's names still throws", () => {
    const m = scm("u").variable("a", () => bernoulli(0.4)).variable("b", () => bernoulli(0.5))
      .variable("y", (p: Record<string, number>) => bernoulli(0.1 + 0.4 * p.a + 0.1 * (p as Record<string, number>)["b" + ""]));
    expect(failure(() => m.prob({ y: 1 })).diagnostic.code).toBe("undeclared-parent-read");
  });
});
