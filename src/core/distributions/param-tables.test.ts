// Each family's declared parameter table is what its constructor checks: a value the table rejects
// throws "invalid-parameter" with the table's own requirement text, and one it accepts constructs.
import { describe, expect, it } from "vitest";
import { Bernoulli } from "./bernoulli";
import { Beta } from "./beta";
import { Categorical } from "./categorical";
import { Delta } from "./delta";
import { type ParamSpec, valueText } from "./distribution";
import { Gamma } from "./gamma";
import { LogNormal } from "./log-normal";
import { Normal } from "./normal";
import { Poisson } from "./poisson";
import { Uniform } from "./uniform";

const probes = [-Infinity, -2, -1e-12, 0, 1e-12, 0.5, 1, 1 + 1e-12, 3, Infinity, NaN];
const families: [string, readonly ParamSpec[], (...a: number[]) => unknown, number[]][] = [
  ["normal", Normal.params, (a, b) => new Normal(a, b), [0, 1]],
  ["logNormal", LogNormal.params, (a, b) => new LogNormal(a, b), [0, 1]],
  ["beta", Beta.params, (a, b) => new Beta(a, b), [1, 1]],
  ["gamma", Gamma.params, (a, b) => new Gamma(a, b), [1, 1]],
  ["poisson", Poisson.params, (a) => new Poisson(a), [1]],
  ["uniform", Uniform.params, (a, b) => new Uniform(a, b), [0, 5]],
  ["bernoulli", Bernoulli.params, (a) => new Bernoulli(a), [0.5]],
  ["delta", Delta.params, (a) => new Delta(a), [1]],
];

describe("parameter tables", () => {
  it.each(families)("%s: the constructor accepts exactly what the table accepts, with the table's message", (name, table, make, ok) => {
    expect(table.length).toBe(ok.length);
    for (let j = 0; j < ok.length; j++) {
      for (const x of probes) {
        const values = ok.slice();
        values[j] = x;
        const accepted = table.every((t, k) => t.valid(values[k], values));
        if (accepted) expect(() => make(...values)).not.toThrow();
        else {
          const t = table.find((tt, k) => !tt.valid(values[k], values))!;
          const req = typeof t.requirement === "string" ? t.requirement : t.requirement(values);
          expect(() => make(...values)).toThrow(`${name}: parameter ${t.name} = ${valueText(values[table.indexOf(t)])} is invalid; ${req}`);
        }
      }
    }
  });
  it("categorical checks each probability with its table entry", () => {
    const entry = Categorical.params[0];
    for (const q of probes) {
      if (entry.valid(q, [])) continue;
      expect(() => new Categorical([q, 0.5])).toThrow(`categorical: parameter probs[0] = ${valueText(q)} is invalid; ${entry.requirement}`);
    }
  });
});
