import { describe, expect, it } from "vitest";
import { createRng } from "../random/rng";
import { bernoulli } from "./bernoulli";
import { beta } from "./beta";
import { categorical } from "./categorical";
import { delta } from "./delta";
import type { Distribution } from "./distribution";
import { gamma } from "./gamma";
import { logNormal } from "./log-normal";
import { normal } from "./normal";
import { poisson } from "./poisson";
import { uniform } from "./uniform";

// inSupport describes the family's support at the current parameters, not positive mass.
const cases: [string, Distribution<number>, number[], number[], string][] = [
  ["bernoulli(0.3)", bernoulli(0.3), [0, 1], [-1, 0.5, 2, 3], "0 and 1"],
  ["bernoulli(1)", bernoulli(1), [0, 1], [2], "0 and 1"],
  ["categorical(3)", categorical([0.2, 0.3, 0.5]), [0, 1, 2], [-1, 0.5, 3], "0, 1 and 2"],
  ["categorical(1)", categorical([1]), [0], [1], "only 0"],
  ["categorical(10)", categorical(Array(10).fill(0.1)), [0, 9], [10, 2.5], "the integers 0 to 9"],
  ["poisson(2)", poisson(2), [0, 1, 7, 1e6], [-1, 0.5, 2.5, Infinity], "the integers 0, 1, 2, ..."],
  ["poisson(0)", poisson(0), [0, 3], [-2], "the integers 0, 1, 2, ..."],
  ["normal", normal(0, 1), [-1e6, 0, 1e300], [Infinity, -Infinity, NaN], "any finite number"],
  ["logNormal", logNormal(0, 1), [1e-300, 1, 1e9], [0, -1, Infinity], "the positive numbers"],
  ["gamma", gamma(2, 1), [1e-9, 5], [0, -1, Infinity, NaN], "the positive numbers"],
  ["beta(2, 3)", beta(2, 3), [1e-12, 0.5, 1 - 1e-12], [0, 1, 1.5, -0.1, NaN], "the numbers strictly between 0 and 1"],
  ["uniform(-1, 2)", uniform(-1, 2), [-1, 0, 2], [-1.0001, 2.0001, NaN], "the numbers from -1 to 2"],
  ["delta(5)", delta(5), [5, 0, -3.25, 1e9], [Infinity, NaN], "any finite number"],
];

describe("inSupport and supportText", () => {
  it.each(cases)("%s", (_label, d, inside, outside, text) => {
    for (const x of inside) expect(d.inSupport(x), `${x} inside`).toBe(true);
    for (const x of outside) expect(d.inSupport(x), `${x} outside`).toBe(false);
    expect(d.supportText()).toBe(text);
  });

  it("agrees with the finite support exact inference enumerates", () => {
    for (const d of [bernoulli(0), bernoulli(0.4), categorical([0.5, 0, 0.5])]) {
      const s = d.support()!;
      for (let x = -2; x <= 4; x += 0.5) expect(d.inSupport(x)).toBe(s.includes(x));
    }
  });

  it("every draw lies in the support (fixed seed, 2000 draws each)", () => {
    const rng = createRng(3);
    for (const [label, d] of cases) {
      for (let i = 0; i < 2000; i++) {
        const x = d.sample(rng);
        if (!d.inSupport(x)) throw new Error(`${label} drew ${x}, outside its support`);
      }
    }
  });

  it("a value outside the support has zero mass or density", () => {
    for (const [, d, , outside] of cases) for (const x of outside) if (!Number.isNaN(x)) expect(d.logProb(x)).toBe(-Infinity);
  });
});
