// The VAE: its negative ELBO falls on binary data with low-dimensional structure, below the
// pixel-marginal baseline, without leaking tensors.
import { afterAll, describe, expect, it } from "vitest";
import { createRng } from "../../random/rng";
import { initBackend, tf } from "./backend";
import { Vae } from "./vae";

describe("Vae", () => {
  afterAll(async () => { await initBackend("cpu"); });
  it("learns bars (each image one of 8 horizontal bars of a 8x8 grid): the negative ELBO falls below the pixel-marginal entropy, tensors stay flat", async () => {
    await initBackend("wasm");
    const rng = createRng(1), D = 64, m = 32;
    const batch = () => {
      const x = new Float32Array(m * D);
      for (let r = 0; r < m; r++) { const bar = Math.floor(rng.next() * 8); for (let j = 0; j < 8; j++) x[r * D + bar * 8 + j] = 1; }
      return x;
    };
    // each pixel is on with probability 1/8: the best factorised model needs 64 H(1/8) = 34.8 nats
    const marginal = -D * ((1 / 8) * Math.log(1 / 8) + (7 / 8) * Math.log(7 / 8));
    const vae = new Vae({ input: D, hidden: 32, latent: 2, lr: 3e-3, seed: 1 });
    try {
      const first = vae.step(batch(), m);
      const count = tf.memory().numTensors;
      let last = 0;
      for (let s = 0; s < 600; s++) last += s >= 550 ? vae.step(batch(), m) / 50 : (vae.step(batch(), m), 0);
      expect(tf.memory().numTensors).toBe(count);
      expect(first).toBeGreaterThan(marginal);
      // a perfect code needs log 8 = 2.1 nats for the bar + KL slack; well below the marginal
      expect(last).toBeLessThan(0.5 * marginal);
    } finally { vae.dispose(); }
  });
});
