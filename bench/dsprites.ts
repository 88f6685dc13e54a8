// The dSprites causal VAE (samples/dsprites-vae, issue 16):
//   - SVI steps per second at batch 64 per TensorFlow.js backend (wasm; cpu; tfjs-node when the user
//     has it), for the small configuration (32 x 32, decoder [256, 512], z 12) and the full one
//     (64 x 64, [1000, 1000], z 16), CPU time beside wall time;
//   - time to a stated negative ELBO on this machine: the small configuration on 20,000 rendered
//     images at lr 5e-3 (the sample's) until an epoch's training negative ELBO is under 20 nats per image, and the
//     held-out figure then (float64 evaluation);
//   - images per second through the float64 decoder: do() samples and counterfactual worlds.
// No peer runs here: the issue names none, and the course's Pyro notebook needs a GPU-sized budget.
import { imageNegativeElbo, imageQuery, trainImageModel } from "../src/core/index";
import { renderDataset, sampleFactors } from "../samples/dsprites-vae/dgp";
import { causalVae, FULL, SMALL, type Config } from "../samples/dsprites-vae/model.causal";
import { FACTOR_NAMES } from "../samples/dsprites-vae/sprites";

const TARGET_NATS = 20;

function data(n: number, size: number, seed: number) {
  const f = sampleFactors(n, seed, "causal");
  return { columns: Object.fromEntries(FACTOR_NAMES.map((k) => [k, Float64Array.from(f[k])])), images: { image: renderDataset(f, size) } };
}

async function stepsPerSecond(config: Config, backend: "wasm" | "cpu" | "node", steps: number) {
  const d = data(64 * steps, config.size, 1);
  const c0 = process.cpuUsage(), t0 = performance.now();
  const r = await trainImageModel(causalVae(config), d, { epochs: 1, batch: 64, lr: 1e-3, seed: 1, backend });
  const wall = (performance.now() - t0) / 1000, cpu = process.cpuUsage(c0);
  return { backend: r.images[0].backend, steps, stepsPerSecond: r.images[0].stepsPerSecond, wallSeconds: wall, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

export async function bench(): Promise<Record<string, unknown>> {
  const perBackend: Record<string, unknown>[] = [];
  for (const [name, config, wasmSteps, cpuSteps] of [["small", SMALL, 40, 3], ["full", FULL, 6, 1]] as const) {
    perBackend.push({ config: name, ...(await stepsPerSecond(config, "wasm", wasmSteps)) });
    perBackend.push({ config: name, ...(await stepsPerSecond(config, "cpu", cpuSteps)) });
    try {
      perBackend.push({ config: name, ...(await stepsPerSecond(config, "node", wasmSteps)) });
    } catch (e) {
      perBackend.push({ config: name, backend: "tensorflow", error: e instanceof Error ? e.message.slice(0, 120) : String(e) });
    }
  }

  // time to the stated ELBO, small configuration, wasm
  const n = 20_000, train = data(n, SMALL.size, 2), test = data(1000, SMALL.size, 3);
  const model = causalVae(SMALL), epochs: { epoch: number; loss: number; seconds: number; cpuSeconds: number }[] = [];
  const c0 = process.cpuUsage(), t0 = performance.now();
  let reached: number | undefined;
  const stop = () => reached !== undefined;
  const r = await trainImageModel(model, train, {
    epochs: 20, batch: 64, lr: 5e-3, seed: 4, backend: "wasm", shouldStop: stop,
    onProgress: (p) => {
      const cpu = process.cpuUsage(c0);
      epochs.push({ epoch: p.epoch, loss: p.loss, seconds: (performance.now() - t0) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6 });
      if (p.loss < TARGET_NATS && reached === undefined) reached = epochs.length - 1;
    },
  });
  const fitted = model.withParams(r.params);
  const heldOut = imageNegativeElbo(fitted, test.columns, test.images.image, 1000, { seed: 5 });

  // generation through the float64 decoder
  const q = imageQuery(fitted);
  let t = performance.now();
  q.do({ shape: 2 }).sample(500, { seed: 6 });
  const generatedPerSecond = 500 / ((performance.now() - t) / 1000);
  const P = SMALL.size ** 2, given = Object.fromEntries(FACTOR_NAMES.map((k) => [k, test.columns[k][0]]));
  t = performance.now();
  for (let u = 0; u < 10; u++) q.counterfactual({ given, image: test.images.image.subarray(0, P), do: { shape: 0 }, samples: 32, seed: u });
  const counterfactualWorldsPerSecond = 320 / ((performance.now() - t) / 1000);

  return {
    goal: "steps/s per backend at batch 64; time to a negative ELBO under 20 nats per image (small configuration, 2 cores); images/s for the counterfactual grid",
    perBackend,
    timeToElbo: { targetNats: TARGET_NATS, images: n, reachedAtEpoch: reached === undefined ? null : epochs[reached].epoch, seconds: reached === undefined ? null : epochs[reached].seconds, cpuSeconds: reached === undefined ? null : epochs[reached].cpuSeconds, epochs, heldOutNegativeElbo: heldOut },
    generatedPerSecond, counterfactualWorldsPerSecond,
  };
}
