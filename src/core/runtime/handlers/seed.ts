/**
 * SeedHandler: supplies the random generator to every sample site that has none (numpyro's
 * `seed`). Randomness is explicit: the same seed reproduces a run exactly.
 *
 *     rt.run([new SeedHandler(createRng(7))], () => runModel(rt, spec, 1000));
 */
import type { Handler, SiteMessage } from "../message";
import type { Rng } from "../../random/rng";

export class SeedHandler implements Handler {
  constructor(readonly rng: Rng) {}
  process(msg: SiteMessage): void {
    if (msg.type === "sample") msg.rng ??= this.rng;
  }
}

export const seed = (rng: Rng): SeedHandler => new SeedHandler(rng);
