/**
 * Exporting a discrete model to BIF (issue 14, item 2): the exported file, read back as a model,
 * gives the same exact answers as the model it came from; continuous models are refused by name.
 */
import { describe, expect, it } from "vitest";
import { bernoulli, categorical, normal, scm } from "../index";
import { bifModel } from "./bif-model";
import { parseBif } from "../graph/bif/parse-bif";
import { printBif } from "../graph/bif/print-bif";
import { networkToBif } from "./network-to-bif";

const m = scm("clinic")
  .latent("u", () => categorical([0.2, 0.5, 0.3]))
  .variable("treat", ({ u }) => bernoulli([0.2, 0.5, 0.9][u]))
  .variable("dose", ({ treat, u }) => categorical(treat ? [0.1, 0.3, 0.6] : [u === 2 ? 0.5 : 0.8, u === 2 ? 0.5 : 0.2, 0]))
  .variable("cured", ({ dose, u }) => bernoulli(0.1 + 0.25 * dose + 0.05 * u));

describe("networkToBif", () => {
  it("writes states and tables that read back to a model with the same exact answers", () => {
    const net = networkToBif(m.spec());
    expect(net.variables.map((v) => [v.name, v.states])).toEqual([["u", ["0", "1", "2"]], ["treat", ["0", "1"]], ["dose", ["0", "1", "2"]], ["cured", ["0", "1"]]]);
    const text = printBif(net);
    expect(text).toContain("probability ( dose | treat, u ) {\n  (0, 0) 0.8, 0.2, 0;");
    const back = parseBif(text, "clinic.bif");
    expect(back.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const copy = bifModel(back.network!);
    const exact = { method: "exact" } as const;
    for (const [q, given, doing] of [["cured", {}, {}], ["u", { cured: 1 }, {}], ["cured", {}, { treat: 1 }], ["dose", { cured: 0 }, { treat: 0 }]] as const) {
      for (let s = 0; s < (q === "cured" ? 2 : 3); s++) {
        const ask = (x: typeof m) => (Object.keys(given).length ? (Object.keys(doing).length ? x.do(doing) : x).condition(given) : Object.keys(doing).length ? x.do(doing) : x).prob({ [q]: s }, exact).value;
        expect(Math.abs(ask(copy as unknown as typeof m) - ask(m))).toBeLessThan(1e-15);
      }
    }
  });

  it("keeps a BIF model's state names when it is written again", () => {
    const text = "variable a { type discrete [2] { low, high }; }\nvariable b { type discrete [2] { no, yes }; }\nprobability (a) { table 0.25, 0.75; }\nprobability (b | a) { (low) 0.9, 0.1; (high) 0.4, 0.6; }\n";
    const net = networkToBif(bifModel(parseBif(text).network!).spec());
    expect(net.variables.map((v) => v.states)).toEqual([["low", "high"], ["no", "yes"]]);
    expect([...net.tables[1].values].map((x) => +x.toFixed(15))).toEqual([0.9, 0.1, 0.4, 0.6]);
  });

  it("refuses a continuous mechanism, naming the variable", () => {
    const c = scm("c").variable("x", () => bernoulli(0.5)).variable("y", ({ x }) => normal(x, 1));
    expect(() => networkToBif(c.spec())).toThrow(/"y" has normal\(.*\), whose support is not finite/);
  });
});
