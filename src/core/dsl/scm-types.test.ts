// Compile-time checks of the builder's parent typing (type-checked by `tsc --noEmit`; vitest runs the runtime half).
import { describe, expectTypeOf, it } from "vitest";
import { bernoulli } from "../distributions/bernoulli";
import { categorical } from "../distributions/categorical";
import { delta } from "../distributions/delta";
import { bernoulliColumns } from "../distributions/bernoulli";
import { normal, normalColumns } from "../distributions/normal";
import { scm } from "./scm";

describe("builder types", () => {
  it("types each mechanism's parents from the variables declared before it", () => {
    scm("t")
      .latent("g", () => bernoulli(0.5))
      .variable("c", () => categorical([0.2, 0.8]))
      .variable("x", (parents) => {
        expectTypeOf(parents).toEqualTypeOf<{ g: 0 | 1; c: number }>();
        return normal(parents.c, 1);
      })
      .variable("y", ({ g, x }) => {
        expectTypeOf(g).toEqualTypeOf<0 | 1>();
        expectTypeOf(x).toEqualTypeOf<number>();
        return delta(g);
      })
      .variable("z", ({ y }) => {
        expectTypeOf(y).toEqualTypeOf<0 | 1>();
        return bernoulli(0.5);
      });
  });

  it("types params (second argument) and vectorized parents (columns)", () => {
    scm("t")
      .param("slope", 2)
      .param("w", new Float64Array(3))
      .variable("x", () => normal(0, 1))
      .variable("b", ({ x }, { slope, w }) => {
        expectTypeOf(slope).toEqualTypeOf<number>();
        expectTypeOf(w).toEqualTypeOf<Float64Array>();
        return bernoulli(x * slope > w[0] ? 0.9 : 0.1);
      })
      .variable("y", ({ x, b }, { slope }) => {
        expectTypeOf(x).toEqualTypeOf<Float64Array>();
        expectTypeOf(b).toEqualTypeOf<Float64Array>();
        return normalColumns(x.map((v) => slope * v), 1);
      }, { vectorized: true })
      .variable("z", ({ y }) => bernoulliColumns(y.map((v) => (v > 0 ? 0.7 : 0.3))), { vectorized: true })
      .variable("after", ({ z }) => {
        expectTypeOf(z).toEqualTypeOf<0 | 1>();
        return normal(z, 1);
      });
    scm("t")
      .param("a", 1)
      // @ts-expect-error Property 'nope' does not exist on the params
      .variable("x", (_p, { nope }) => normal(nope, 1));
  });

  it("rejects reading an undeclared parent at compile time", () => {
    scm("t")
      .variable("x", () => normal(0, 1))
      // @ts-expect-error Property 'later' does not exist: it is declared after y
      .variable("y", ({ later }) => normal(later, 1))
      .variable("later", () => normal(0, 1));
    scm("t")
      // @ts-expect-error a mechanism must return a distribution
      .variable("x", () => 3);
  });

  it("types query arguments by the model's variables", () => {
    const m = scm("t").variable("x", () => bernoulli(0.5)).variable("y", ({ x }) => bernoulli(x ? 0.9 : 0.1));
    // @ts-expect-error nope is not a variable
    void (() => m.do({ nope: 1 }));
    void (() => m.worlds({ a: { x: 1 } }).prob((w) => w.a.y === 1 && w.factual.x === 0));
  });
});
