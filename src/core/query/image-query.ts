/**
 * Queries on a model's image variable: interventional samples and counterfactual images. The
 * scalar part runs through the ordinary handlers (seed, do, condition, multi-world: sample-worlds.ts),
 * so under do(shape = s) the factors downstream of shape move through their mechanisms unless the
 * do holds them too; the image is then the decoder's Bernoulli pixels given the factors and the latent.
 *
 * A counterfactual follows abduction, action, prediction (Pearl) with the image's exogenous noise
 * U = (z, pixel noise): the factors' noise is abducted from the given labels by the multi-world
 * handler; z is drawn from the amortised guide q(z | image, factors) (`samples` draws); each pixel's
 * threshold noise u is abducted from the observed pixel as bernoulli's (u ~ U(0, p) if on, U(p, 1) if
 * off, p the factual probability); the counterfactual pixel is on when u < p′, p′ the decoder's
 * probability under the counterfactual factors and the same z.
 */
import { CausalError, error } from "../errors/diagnostic";
import { imageLogits, imagePosterior, imageProbabilities } from "../learned/image-decoder";
import { sampleWorlds } from "../infer/sample-worlds";
import { createRng, type Rng } from "../random/rng";
import type { ParamValue } from "../runtime/message";
import { descendantsOf, FACTUAL, type ImageSpec, type ModelSpec } from "../runtime/model-spec";
import { nameRecord } from "../runtime/name-record";
import { checkAssignment } from "./check-names";

export interface ImageSamples {
  /** Each scalar variable's values, n rows. */
  columns: Record<string, Float64Array>;
  /** The latent's draws, n x size, row-major. */
  latent: Float64Array;
  /** Each pixel's probability of being on, n x width*height. */
  probabilities: Float64Array;
  /** Sampled pixels in {0, 1}, n x width*height. */
  pixels: Uint8Array;
}

export interface ImageCounterfactual {
  /** The guide's mean of the latent for the given image (size values). */
  latentMean: Float64Array;
  /** The reconstruction: pixel probabilities under the given factors and the latent's guide mean. */
  reconstruction: Float64Array;
  /** The counterfactual worlds, one per draw of the abducted noise. */
  worlds: ImageSamples;
  /** Per pixel, the share of worlds in which it is on: the counterfactual image's pixel probabilities. */
  mean: Float64Array;
}

type Built = { spec(): ModelSpec };

function imageOf(spec: ModelSpec, name: string | undefined): ImageSpec {
  const images = spec.images ?? [];
  if (!images.length) throw new CausalError(error("invalid-argument", `model "${spec.name}" has no image variable (declare one with .image(name, imageDecoder(...)))`));
  const im = name === undefined ? images[0] : images.find((i) => i.name === name);
  if (!im) throw new CausalError(error("unknown-variable", `model "${spec.name}" has no image "${name}" (its images: ${images.map((i) => i.name).join(", ")})`));
  return im;
}

function paramsOf(spec: ModelSpec): Record<string, ParamValue> {
  return Object.fromEntries((spec.params ?? []).map((d) => [d.name, d.init]));
}

function latentOf(spec: ModelSpec, im: ImageSpec) {
  return spec.vectorLatents!.find((v) => v.name === im.latent)!;
}

function samplePixels(p: Float64Array, rng: Rng): Uint8Array {
  const out = new Uint8Array(p.length);
  for (let i = 0; i < p.length; i++) out[i] = rng.next() < p[i] ? 1 : 0;
  return out;
}

export class ImageQuery {
  constructor(private readonly model: Built, private readonly doValues: Readonly<Record<string, number>> = {}, private readonly imageName?: string) {}

  /** The same query on another image variable of the model. */
  image(name: string): ImageQuery { return new ImageQuery(this.model, this.doValues, name); }

  /** Intervenes on scalar variables (merged with earlier do()s). */
  do(values: Readonly<Record<string, number>>): ImageQuery {
    checkAssignment(this.model.spec(), values, "do()");
    return new ImageQuery(this.model, { ...this.doValues, ...values }, this.imageName);
  }

  /** n joint draws of the factors (under the do()s), the latent from its prior, and the image. */
  sample(n: number, options: { seed?: number } = {}): ImageSamples {
    if (!(Number.isInteger(n) && n >= 1)) throw new CausalError(error("invalid-argument", `sample(n) needs a whole n >= 1, got ${n}`));
    const spec = this.model.spec(), im = imageOf(spec, this.imageName), z = latentOf(spec, im);
    const seed = options.seed ?? 0, rng = createRng((seed ^ 0x5bd1e995) >>> 0);
    const columns: Record<string, Float64Array> = nameRecord();
    sampleWorlds(spec, { worlds: [{ name: FACTUAL, do: { ...this.doValues } }], evidence: {}, samples: n, seed, batchSize: n }, (batch) => Object.assign(columns, batch.worlds[FACTUAL]));
    const latent = Float64Array.from({ length: n * z.size }, () => z.mu + z.sigma * rng.normal());
    const probabilities = imageProbabilities(im, paramsOf(spec), columns, latent, n);
    return { columns, latent, probabilities, pixels: samplePixels(probabilities, rng) };
  }

  /**
   * The counterfactual image of one observed unit: `given` holds every factor the decoder reads
   * (and any other scalar evidence) and the observed image (width*height values in {0, 1});
   * `do` the action. `samples` draws of the abducted noise (default 64).
   */
  counterfactual(s: { given: Readonly<Record<string, number>>; image: ArrayLike<number>; do: Readonly<Record<string, number>>; samples?: number; seed?: number }): ImageCounterfactual {
    const spec = this.model.spec(), im = imageOf(spec, this.imageName), z = latentOf(spec, im);
    const given = checkAssignment(spec, s.given, "given");
    const act = checkAssignment(spec, s.do, "do");
    const missing = im.inputs.filter((i) => i.kind !== "vector" && !Object.hasOwn(given, i.parent)).map((i) => i.parent);
    if (missing.length) throw new CausalError(error("invalid-argument", `the counterfactual image of "${im.name}" needs the factual value of every factor its decoder reads; given lacks ${missing.join(", ")}`, im.range));
    const P = im.width * im.height;
    if (s.image.length !== P) throw new CausalError(error("invalid-argument", `the given image of "${im.name}" needs ${im.width} x ${im.height} = ${P} pixels, got ${s.image.length}`, im.range));
    for (let j = 0; j < P; j++) if (s.image[j] !== 0 && s.image[j] !== 1) throw new CausalError(error("invalid-argument", `pixel ${j} of the given image is ${s.image[j]}, not 0 or 1`, im.range));
    const n = s.samples ?? 64;
    if (!(Number.isInteger(n) && n >= 1)) throw new CausalError(error("invalid-argument", `samples needs a whole number >= 1, got ${n}`));
    const seed = s.seed ?? 0, rng = createRng((seed ^ 0x27d4eb2f) >>> 0), params = paramsOf(spec);
    // Abduction and action on the factors: the multi-world handler shares the abducted noise.
    const CF = "counterfactual";
    let factual: Record<string, Float64Array> = nameRecord(), cf: Record<string, Float64Array> = nameRecord(), logW = new Float64Array(n);
    sampleWorlds(spec, { worlds: [{ name: FACTUAL, do: {} }, { name: CF, do: act, affected: descendantsOf(spec, Object.keys(act)) }], evidence: given, samples: n, seed, batchSize: n }, (batch) => {
      factual = batch.worlds[FACTUAL]; cf = batch.worlds[CF]; logW = Float64Array.from(batch.logWeight);
    });
    const rows = resampleRows(logW, rng);
    if (!rows) throw new CausalError(error("invalid-argument", `the given factor values are impossible under model "${spec.name}" (every draw has weight 0)`));
    const pick = (cols: Record<string, Float64Array>) => Object.fromEntries(Object.entries(cols).map(([k, c]) => [k, Float64Array.from(rows, (r) => c[r])]));
    factual = pick(factual); cf = pick(cf);
    // The latent from the guide, n draws; the reconstruction at its mean.
    const one = Object.fromEntries(Object.entries(given).map(([k, v]) => [k, Float64Array.of(v)]));
    const post = imagePosterior(im, params, one, s.image, 1);
    const latent = new Float64Array(n * z.size);
    for (let i = 0; i < n; i++) for (let k = 0; k < z.size; k++) latent[i * z.size + k] = post.loc[k] + post.scale[k] * rng.normal();
    const reconstruction = imageProbabilities(im, params, one, post.loc, 1);
    const pFactual = imageProbabilities(im, params, factual, latent, n);
    const pCf = imageProbabilities(im, params, cf, latent, n);
    // Each pixel's threshold noise, abducted from the observed pixel, pushed through p′.
    const pixels = new Uint8Array(n * P), mean = new Float64Array(P);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < P; j++) {
        const p = pFactual[i * P + j], u = s.image[j] === 1 ? rng.next() * p : p + rng.next() * (1 - p);
        const on = u < pCf[i * P + j] ? 1 : 0;
        pixels[i * P + j] = on;
        mean[j] += on / n;
      }
    }
    return { latentMean: Float64Array.from(post.loc), reconstruction: Float64Array.from(reconstruction), worlds: { columns: cf, latent, probabilities: pCf, pixels }, mean };
  }
}

/** Rows drawn in proportion to their weights (systematic resampling), or undefined when every weight is 0. */
function resampleRows(logW: Float64Array, rng: Rng): Uint32Array | undefined {
  const n = logW.length;
  let max = -Infinity;
  for (const l of logW) if (l > max) max = l;
  if (max === -Infinity) return undefined;
  const w = Float64Array.from(logW, (l) => Math.exp(l - max));
  const total = w.reduce((a, b) => a + b, 0), rows = new Uint32Array(n);
  let c = w[0], j = 0;
  const u0 = rng.next() / n;
  for (let i = 0; i < n; i++) {
    const u = (u0 + i / n) * total;
    while (u > c && j < n - 1) c += w[++j];
    rows[i] = j;
  }
  return rows;
}

/** Queries on the image variable of a model: `imageQuery(model).do({ shape: 2 }).sample(16)`. */
export function imageQuery(model: Built, image?: string): ImageQuery {
  return new ImageQuery(model, {}, image);
}

/**
 * The negative ELBO per image (nats) of n images under the model's params, averaged over `samples`
 * draws of the guide per image: an evaluation independent of the trainer's TensorFlow.js graph.
 */
export function imageNegativeElbo(model: Built, columns: Readonly<Record<string, ArrayLike<number>>>, pixels: ArrayLike<number>, n: number, options: { image?: string; samples?: number; seed?: number } = {}): number {
  const spec = model.spec(), im = imageOf(spec, options.image), z = latentOf(spec, im), params = paramsOf(spec);
  const P = im.width * im.height, S = options.samples ?? 1, rng = createRng(options.seed ?? 0);
  if (pixels.length !== n * P) throw new CausalError(error("invalid-argument", `imageNegativeElbo needs ${n} images of ${P} pixels, got ${pixels.length} values`));
  const post = imagePosterior(im, params, columns, pixels, n);
  let total = 0;
  for (let k = 0; k < post.loc.length; k++) {
    const loc = post.loc[k], sc = post.scale[k];
    total += Math.log(z.sigma / sc) + (sc * sc + (loc - z.mu) ** 2) / (2 * z.sigma * z.sigma) - 0.5;
  }
  for (let s = 0; s < S; s++) {
    const latent = Float64Array.from(post.loc, (l, k) => l + post.scale[k] * rng.normal());
    const l = imageLogits(im, params, columns, latent, n);
    // log p(x | l) = x l - softplus(l), softplus computed without overflow
    let ll = 0;
    for (let i = 0; i < n * P; i++) ll += pixels[i] * l[i] - (l[i] > 0 ? l[i] + Math.log1p(Math.exp(-l[i])) : Math.log1p(Math.exp(l[i])));
    total -= ll / S;
  }
  return total / n;
}
