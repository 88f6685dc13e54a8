/**
 * trainModel's branch for models with latent variables the data have no column for: SVI on the ELBO
 * (svi.ts) over every observed mechanism at once. The reported log-likelihood is the ELBO, a lower bound.
 */
import type { DataSource } from "../../data/data-source";
import type { ParamValue } from "../../runtime/message";
import type { ModelSpec } from "../../runtime/model-spec";
import type { ParamStore } from "../../runtime/param-store";
import type { TrainOptions, TrainResult } from "../train-model";
import { trainSvi } from "./svi";

export async function trainModelSvi(spec: ModelSpec, source: DataSource, options: TrainOptions, storeWith: (values: Readonly<Record<string, ParamValue>>) => ParamStore): Promise<TrainResult> {
  const observed = spec.variables.filter((v) => !v.latent).map((v) => v.name);
  for (const n of observed) source.column(n); // a missing column fails here, named
  const out = observed.map(() => new Float64Array(source.rowCount));
  let at = 0;
  await source.scan(observed, (cols, n) => { cols.forEach((c, j) => out[j].set(c.subarray(0, n), at)); at += n; });
  const columns = new Map(observed.map((n, j) => [n, out[j]]));
  const n = source.rowCount, t0 = performance.now();
  const epochs = options.epochs ?? 50, batch = Math.max(1, Math.min(n, options.batch ?? 256));
  const stepsPerEpoch = Math.ceil(n / batch);
  const r = await trainSvi(spec, columns, n, {
    epochs, batch, seed: options.seed ?? 0, backend: options.backend ?? "auto",
    ...(options.lr !== undefined ? { lr: options.lr } : {}),
    ...(options.shouldStop ? { shouldStop: options.shouldStop } : {}),
    onEpoch: (epoch, loss) => {
      const elapsedMs = performance.now() - t0;
      options.onProgress?.({ mechanism: "*", method: "SVI", step: epoch * stepsPerEpoch, steps: epochs * stepsPerEpoch, epoch, epochs, loss, stepsPerSecond: (epoch * stepsPerEpoch) / Math.max(1e-9, elapsedMs / 1000), elapsedMs });
    },
  });
  const seconds = (performance.now() - t0) / 1000;
  const params = storeWith(r.params);
  if (options.checkpoint) await options.checkpoint.write(params, { mechanism: "*", method: "SVI", step: r.steps, steps: epochs * stepsPerEpoch, epoch: r.history.length, epochs, loss: r.finalLoss, stepsPerSecond: r.steps / Math.max(1e-9, seconds), elapsedMs: seconds * 1000 });
  const latents = spec.variables.filter((v) => v.latent).map((v) => v.name);
  return {
    params, standardErrors: {}, rows: n, stopped: r.stopped, backend: r.backend, stepsPerSecond: r.steps / Math.max(1e-9, seconds),
    mechanisms: [{ mechanism: "*", method: "SVI", finalLoss: r.finalLoss, steps: r.steps, converged: !r.stopped }],
    logLikelihood: -r.finalLoss * n,
    warnings: [`latent ${latents.map((l) => `"${l}"`).join(", ")} had no column, so the model was trained by SVI (amortised guide); the log-likelihood reported is the ELBO, a lower bound, and there are no standard errors`],
  };
}
