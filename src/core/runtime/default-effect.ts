/**
 * The default meaning of a sample site, run when no handler has set its value: evaluate the
 * mechanism row by row and either sample, push recorded noise through it, or weight an
 * observation and abduct its noise. This is the only place mechanisms are called.
 */
import { CausalError, error } from "../errors/diagnostic";
import { Categorical } from "../distributions/categorical";
import { Distribution } from "../distributions/distribution";
import { perturbedArgmax, posteriorGumbels, standardGumbel } from "../distributions/gumbel-max";
import type { SiteMessage } from "./message";
import type { FillParents } from "./parent-args";
import type { Rng } from "../random/rng";

export interface ParentArgs {
  args: Record<string, number>;
  fill: FillParents;
}
export type ArgsFactory = (msg: SiteMessage) => ParentArgs;

export function defaultEffect(msg: SiteMessage, argsFor: ArgsFactory): void {
  const { n, parentValues, variable } = msg;
  const { args, fill } = argsFor(msg);
  const mech = variable.mechanism;
  const out = new Float64Array(n);
  const dists = msg.distributionsOnly ? new Array<Distribution<number>>(n) : undefined;
  const rng = msg.rng;
  if (!dists && !rng) throw new CausalError(error("internal", `site "${msg.name}" has no random generator: run the model under a seed handler`));
  const observed = msg.observed;
  const needNoise = msg.needNoise && !dists;
  const replayNoise = msg.noise, replayGumbels = msg.gumbels;
  const noise = needNoise ? (replayNoise ?? new Float64Array(n)) : undefined;
  const gumbels = needNoise ? (replayGumbels ?? new Array<Float64Array | undefined>(n)) : undefined;
  const logW = msg.logWeight;
  let row = 0;
  try {
    for (; row < n; row++) {
      fill(args, parentValues, row);
      const d = mech(args);
      if (!(d instanceof Distribution)) throw notADistribution(msg, d);
      if (dists) { dists[row] = d; continue; }
      if (observed !== undefined) {
        out[row] = observed;
        if (logW) logW[row] += d.logProb(observed);
        if (needNoise) abductRow(d, observed, rng!, noise!, gumbels!, row);
      } else if (needNoise) {
        out[row] = replayNoise || replayGumbels ? pushNoise(d, noise!, gumbels!, row, rng!) : drawWithNoise(d, noise!, gumbels!, row, rng!);
      } else {
        out[row] = d.sample(rng!);
      }
    }
  } catch (e) {
    throw withVariable(e, msg, row);
  }
  if (dists) msg.distributions = dists;
  msg.value = out;
  if (needNoise) {
    msg.noise = noise;
    msg.gumbels = gumbels;
  }
}

function drawWithNoise(d: Distribution<number>, noise: Float64Array, gumbels: (Float64Array | undefined)[], row: number, rng: Rng): number {
  if (d instanceof Categorical) {
    const g = new Float64Array(d.probs.length);
    for (let j = 0; j < g.length; j++) g[j] = standardGumbel(rng);
    gumbels[row] = g;
    return perturbedArgmax(d.logits, g);
  }
  const u = d.sampleNoise(rng);
  noise[row] = u;
  return d.fromNoise(u);
}

function pushNoise(d: Distribution<number>, noise: Float64Array, gumbels: (Float64Array | undefined)[], row: number, rng: Rng): number {
  if (d instanceof Categorical) {
    let g = gumbels[row];
    if (!g || g.length !== d.probs.length) {
      // The factual mechanism had another arity (or was not categorical): fresh noise for this row.
      g = new Float64Array(d.probs.length);
      for (let j = 0; j < g.length; j++) g[j] = standardGumbel(rng);
    }
    return perturbedArgmax(d.logits, g);
  }
  return d.fromNoise(noise[row]);
}

function abductRow(d: Distribution<number>, x: number, rng: Rng, noise: Float64Array, gumbels: (Float64Array | undefined)[], row: number): void {
  if (!(d.logProb(x) > -Infinity)) return; // zero weight: this row is discarded by the estimator
  if (d instanceof Categorical) gumbels[row] = posteriorGumbels(d.logits, x, rng);
  else noise[row] = d.abduct(x, rng);
}

function notADistribution(msg: SiteMessage, d: unknown): CausalError {
  const got = typeof d === "number" ? `the number ${d} (wrap a deterministic value in delta(...))` : String(d);
  return new CausalError(error("invalid-parameter", `the mechanism of "${msg.name}" must return a distribution, but returned ${got}`, msg.variable.range));
}

function withVariable(e: unknown, msg: SiteMessage, row: number): unknown {
  if (e instanceof CausalError && e.diagnostic.code === "invalid-parameter" && !e.diagnostic.message.startsWith("variable ")) {
    const parents = msg.variable.parents.map((p, j) => `${p} = ${msg.parentValues[j][row]}`).join(", ");
    const where = parents ? ` (when ${parents})` : "";
    return new CausalError({ ...e.diagnostic, message: `variable "${msg.name}"${where}: ${e.diagnostic.message}`, ...(msg.variable.range ? { range: msg.variable.range } : {}) });
  }
  return e;
}
