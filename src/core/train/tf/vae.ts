/**
 * A variational autoencoder of binary vectors built from matMulFast (fast gradients on wasm): encoder
 * x -> relu(x W1 + b1) -> (loc, raw scale) of q(z | x) with scale = softplus(raw) + 1e-6, decoder
 * z -> relu(z V1 + c1) -> logits of a Bernoulli per pixel; prior N(0, I); reparameterised samples;
 * Adam on the negative ELBO per row. Weights are Glorot-uniform from the seed. The shape of the
 * benchmark (bench/tf.ts): 4096 -> 512 -> 2 x 20, 20 -> 512 -> 4096.
 */
import { glorotInit } from "../../learned/mlp";
import { tf } from "./backend";
import { FusedAdam } from "./adam";
import { matMulData, matMulFast } from "./ops";

export interface VaeOptions {
  input: number;
  hidden: number;
  latent: number;
  lr?: number;
  seed?: number;
}

type Layers = { w: tf.Variable<tf.Rank.R2>[]; b: tf.Variable<tf.Rank.R1>[] };

export class Vae {
  readonly vars: tf.Variable[];
  private readonly enc: Layers;
  private readonly dec: Layers;
  private readonly optimizer: FusedAdam;
  private steps = 0;
  private readonly seed: number;

  constructor(readonly options: VaeOptions) {
    const { input, hidden, latent } = options;
    this.seed = options.seed ?? 0;
    const make = (layers: number[], seed: number): Layers => {
      const { weights, biases } = glorotInit(layers, seed);
      return tf.tidy(() => ({
        w: weights.map((w, i) => tf.variable(tf.tensor2d(Float32Array.from(w), [layers[i], layers[i + 1]]))),
        b: biases.map((b) => tf.variable(tf.tensor1d(Float32Array.from(b)))),
      }));
    };
    this.enc = make([input, hidden, 2 * latent], this.seed);
    this.dec = make([latent, hidden, input], this.seed + 1);
    this.vars = [...this.enc.w, ...this.enc.b, ...this.dec.w, ...this.dec.b];
    this.optimizer = new FusedAdam(this.vars, options.lr ?? 1e-3);
  }

  /** loc and scale of q(z | x) for x [m, input]. */
  encode(x: tf.Tensor2D): { loc: tf.Tensor2D; scale: tf.Tensor2D } {
    const h = tf.relu(tf.add(matMulData(x, this.enc.w[0]), this.enc.b[0])) as tf.Tensor2D;
    const out: tf.Tensor2D = tf.add(matMulFast(h, this.enc.w[1]), this.enc.b[1]);
    const [loc, raw] = tf.split(out, 2, 1) as [tf.Tensor2D, tf.Tensor2D];
    return { loc, scale: tf.add(tf.softplus(raw), 1e-6) };
  }

  /** Bernoulli logits [m, input] for z [m, latent]. */
  decode(z: tf.Tensor2D): tf.Tensor2D {
    const h = tf.relu(tf.add(matMulFast(z, this.dec.w[0]), this.dec.b[0])) as tf.Tensor2D;
    return tf.add(matMulFast(h, this.dec.w[1]), this.dec.b[1]);
  }

  /** The negative ELBO summed over the rows of x, one reparameterised sample per row. */
  negativeElbo(x: tf.Tensor2D, eps: tf.Tensor2D): tf.Scalar {
    const { loc, scale } = this.encode(x);
    const z: tf.Tensor2D = tf.add(loc, tf.mul(scale, eps));
    const logits = this.decode(z);
    // log p(x | z) = sum x l - softplus(l); KL(q || N(0, I)) = 0.5 sum(loc^2 + scale^2 - 1) - sum log scale
    const ll = tf.sum(tf.sub(tf.mul(x, logits), tf.softplus(logits)));
    const kl = tf.sub(tf.mul(0.5, tf.sum(tf.sub(tf.add(tf.square(loc), tf.square(scale)), 1))), tf.sum(tf.log(scale)));
    return tf.sub(kl, ll);
  }

  /** One Adam step on a minibatch (m rows of `input` values in {0, 1}); returns the negative ELBO per row. */
  step(x: Float32Array, m: number): number {
    const k = this.steps++;
    return tf.tidy(() => {
      const xt = tf.tensor2d(x, [m, this.options.input]);
      const eps = tf.randomNormal([m, this.options.latent], 0, 1, "float32", (this.seed * 7919 + k) >>> 0) as tf.Tensor2D;
      return this.optimizer.minimize(() => tf.div(this.negativeElbo(xt, eps), m) as tf.Scalar);
    });
  }

  dispose(): void {
    for (const v of this.vars) v.dispose();
  }
}
