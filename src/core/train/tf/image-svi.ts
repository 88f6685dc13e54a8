/**
 * SVI for an image variable (ImageSpec): a conditional VAE whose decoder is the image's mechanism
 * p(image | factors, z) = Π Bernoulli(sigmoid(decoder([z ; factors]))) and whose amortised guide is
 * q(z | image, factors) = N(loc, diag scale²) from an MLP on [image ; factors]. The ELBO per image is
 * E_q[log p(image | factors, z)] (one reparameterised sample) − KL(q ‖ prior) (closed form), in nats;
 * Adam on minibatches, seeded, every step in tf.tidy. Matrix products go through matMulFast /
 * matMulData so the gradients stay on wasm's fast kernels (shared/notes/tfjs.md); the image-side
 * product of the guide takes no gradient for its data input.
 */
import { CausalError, error } from "../../errors/diagnostic";
import { factorInputs, imageDecoderLayers, imageGuideLayers, writeInputs } from "../../learned/image-decoder";
import { createRng, shuffleInPlace } from "../../random/rng";
import type { ParamValue } from "../../runtime/message";
import type { ImageSpec, ModelSpec } from "../../runtime/model-spec";
import { type BackendPreference, initBackend, tf } from "./backend";
import { FusedAdam } from "./adam";
import { matMulData, matMulFast } from "./ops";
import type { SviRun } from "./svi";

export interface ImageSviOptions {
  epochs?: number;
  batch?: number;
  lr?: number;
  seed?: number;
  backend?: BackendPreference;
  /** After every `every` steps (default: each epoch's end) with the negative ELBO per image over the steps since the last call. */
  onProgress?: (p: { step: number; steps: number; epoch: number; epochs: number; loss: number; elapsedMs: number }) => void;
  progressEvery?: number;
  shouldStop?: () => boolean;
}

/** The decoder's and the guide's params; the losses are per image, in nats. */
export interface ImageSviResult extends SviRun {
  stepsPerSecond: number;
}

type Net = { w: tf.Variable<tf.Rank.R2>[]; b: tf.Variable<tf.Rank.R1>[] };

function vectorValue(params: Readonly<Record<string, ParamValue>>, name: string, length: number, image: string): Float64Array {
  const v = params[name];
  if (!(v instanceof Float64Array) || v.length !== length) throw new CausalError(error("invalid-parameter", `the image decoder of "${image}" needs param "${name}" as a vector of ${length}`));
  return v;
}

function net(params: Readonly<Record<string, ParamValue>>, weights: readonly string[], biases: readonly string[], layers: readonly number[], image: string): Net {
  return tf.tidy(() => ({ // tidy disposes the initial tensors; variables outlive it
    w: weights.map((p, i) => tf.variable(tf.tensor2d(Float32Array.from(vectorValue(params, p, layers[i] * layers[i + 1], image)), [layers[i], layers[i + 1]]))),
    b: biases.map((p, i) => tf.variable(tf.tensor1d(Float32Array.from(vectorValue(params, p, layers[i + 1], image))))),
  }));
}

function forward(x: tf.Tensor2D, n: Net, activation: "relu" | "tanh", dataInput: boolean): tf.Tensor2D {
  let h = x;
  n.w.forEach((w, i) => {
    const lin = tf.add(i === 0 && dataInput ? matMulData(h, w) : matMulFast(h, w), n.b[i]) as tf.Tensor2D;
    h = i + 1 === n.w.length ? lin : ((activation === "relu" ? tf.relu(lin) : tf.tanh(lin)) as tf.Tensor2D);
  });
  return h;
}

/**
 * Trains the decoder and guide of `image` on n images (n x width*height values in {0, 1}) and the
 * factor columns its decoder reads, starting from the params' current values (`init`).
 */
export async function trainImageSvi(
  spec: ModelSpec, image: ImageSpec, columns: Readonly<Record<string, ArrayLike<number>>>, pixels: ArrayLike<number>, n: number,
  init: Readonly<Record<string, ParamValue>>, options: ImageSviOptions = {},
): Promise<ImageSviResult> {
  const P = image.width * image.height;
  if (pixels.length !== n * P) throw new CausalError(error("invalid-data", `image "${image.name}" needs ${n} images of ${image.width} x ${image.height} = ${P} pixels (${n * P} values), got ${pixels.length}`, image.range));
  for (let i = 0; i < pixels.length; i++) {
    if (pixels[i] !== 0 && pixels[i] !== 1) throw new CausalError(error("invalid-data", `image "${image.name}": pixel ${i % P} of image ${Math.floor(i / P)} is ${pixels[i]}; the decoder's Bernoulli likelihood needs 0 or 1`, image.range));
  }
  const latent = spec.vectorLatents?.find((v) => v.name === image.latent);
  if (!latent) throw new CausalError(error("internal", `image "${image.name}" reads latent "${image.latent}", which the model does not declare`));
  const Z = latent.size, { inputs: fInputs, width: F } = factorInputs(image);
  // factor one-hots once for all rows (errors name the row and the value)
  const factors = new Float32Array(n * F);
  writeInputs(fInputs, columns, undefined, n, factors, F, 0, image.name);
  const epochs = Math.max(0, Math.floor(options.epochs ?? 10));
  const batch = Math.max(1, Math.min(n, Math.floor(options.batch ?? 64)));
  const seed = options.seed ?? 0;
  const backend = await initBackend(options.backend ?? "auto");
  const rng = createRng(seed);
  const decLayers = imageDecoderLayers(image), guideLayers = imageGuideLayers(image);
  // the decoder's input is [z ; factors]: its layout must match writeInputs over all inputs (z where the latent input is)
  const zAt = image.inputs.slice(0, image.inputs.findIndex((i) => i.kind === "vector")).reduce((s, i) => s + (i.kind === "one-hot" ? i.levels : 1), 0);
  const dec = net(init, image.params.weights, image.params.biases, decLayers, image.name);
  const guide = net(init, image.params.guideWeights, image.params.guideBiases, guideLayers, image.name);
  const vars: tf.Variable[] = [...dec.w, ...dec.b, ...guide.w, ...guide.b];
  const optimizer = new FusedAdam(vars, options.lr ?? 1e-3);
  const mu = latent.mu, sigma = latent.sigma;

  /** Sum over the m images of −ELBO. */
  const negElbo = (x: tf.Tensor2D, f: tf.Tensor2D, eps: tf.Tensor2D): tf.Scalar => {
    const out = forward(tf.concat([x, f], 1) as tf.Tensor2D, guide, image.activation, true);
    const [loc, raw] = tf.split(out, 2, 1) as [tf.Tensor2D, tf.Tensor2D];
    const scale = tf.add(tf.softplus(raw), 1e-6) as tf.Tensor2D;
    const z = tf.add(loc, tf.mul(scale, eps)) as tf.Tensor2D;
    const fl = zAt > 0 ? tf.slice(f, [0, 0], [-1, zAt]) : undefined, fr = zAt < F ? tf.slice(f, [0, zAt], [-1, F - zAt]) : undefined;
    const input = tf.concat([fl, z, fr].filter((t): t is tf.Tensor2D => t !== undefined), 1) as tf.Tensor2D;
    const logits = forward(input, dec, image.activation, false);
    const ll = tf.sum(tf.sub(tf.mul(x, logits), tf.softplus(logits)));
    const kl = tf.sum(tf.sub(tf.add(tf.sub(Math.log(sigma), tf.log(scale)), tf.div(tf.add(tf.square(scale), tf.square(tf.sub(loc, mu))), 2 * sigma * sigma)), 0.5));
    return tf.sub(kl, ll) as tf.Scalar;
  };

  const order = Uint32Array.from({ length: n }, (_, i) => i);
  const xb = new Float32Array(batch * P), fb = new Float32Array(batch * F);
  const fill = (rows: ArrayLike<number>, m: number) => {
    for (let r = 0; r < m; r++) {
      const i = rows[r];
      for (let j = 0; j < P; j++) xb[r * P + j] = pixels[i * P + j];
      for (let j = 0; j < F; j++) fb[r * F + j] = factors[i * F + j];
    }
  };
  const stepsPerEpoch = Math.ceil(n / batch), total = epochs * stepsPerEpoch;
  const every = Math.max(1, Math.floor(options.progressEvery ?? stepsPerEpoch));
  const history: number[] = [];
  const t0 = performance.now();
  let step = 0, stopped = false, since = 0, sinceRows = 0;
  try {
    outer: for (let epoch = 0; epoch < epochs; epoch++) {
      shuffleInPlace(order, rng);
      let sum = 0;
      for (let a = 0; a < n; a += batch) {
        if (options.shouldStop?.()) { stopped = true; break outer; }
        const m = Math.min(n, a + batch) - a;
        fill(order.subarray(a, a + m), m);
        const s = step++;
        const loss = tf.tidy(() => {
          const x = tf.tensor2d(xb.subarray(0, m * P), [m, P]), f = tf.tensor2d(fb.subarray(0, m * F), [m, F]);
          const eps = tf.randomNormal([m, Z], 0, 1, "float32", (seed * 7919 + s) >>> 0) as tf.Tensor2D;
          return optimizer.minimize(() => tf.div(negElbo(x, f, eps), m) as tf.Scalar) * m;
        });
        if (!Number.isFinite(loss)) throw new CausalError(error("invalid-parameter", `SVI on image "${image.name}" diverged at step ${step} (negative ELBO ${loss}); lower the learning rate`, image.range));
        sum += loss; since += loss; sinceRows += m;
        if (step % every === 0 || step === total) {
          options.onProgress?.({ step, steps: total, epoch: epoch + 1, epochs, loss: since / sinceRows, elapsedMs: performance.now() - t0 });
          since = 0; sinceRows = 0;
          await new Promise<void>((r) => setImmediate(r));
        }
      }
      history.push(sum / n);
    }
    const seconds = (performance.now() - t0) / 1000;
    let final = 0;
    const all = Uint32Array.from({ length: n }, (_, i) => i);
    for (let a = 0; a < n; a += batch) {
      const m = Math.min(n, a + batch) - a;
      fill(all.subarray(a, a + m), m);
      final += tf.tidy(() => {
        const eps = tf.randomNormal([m, Z], 0, 1, "float32", (seed + a) >>> 0) as tf.Tensor2D;
        return negElbo(tf.tensor2d(xb.subarray(0, m * P), [m, P]), tf.tensor2d(fb.subarray(0, m * F), [m, F]), eps).dataSync()[0];
      });
    }
    const params: Record<string, ParamValue> = {};
    const read = (names: readonly string[], ts: tf.Variable[]) => names.forEach((p, i) => { params[p] = Float64Array.from(ts[i].dataSync()); });
    read(image.params.weights, dec.w); read(image.params.biases, dec.b);
    read(image.params.guideWeights, guide.w); read(image.params.guideBiases, guide.b);
    return { params, history, finalLoss: final / n, steps: step, stepsPerSecond: step / Math.max(1e-9, seconds), backend, stopped };
  } finally {
    for (const v of vars) v.dispose();
  }
}
