/**
 * The exogenous noise of sample sites, for counterfactuals by abduction-action-prediction
 * (Pearl, Causality 2009, §7.1; the noise semantics of each family are in distribution.ts).
 *
 * NoiseRecordHandler (abduction): each selected site draws its value through its noise, or, when
 * observed, keeps the observation and draws the noise from its posterior given it; the noise is
 * left on the message for a trace to record.
 * NoiseReplayHandler (prediction): each site the trace holds noise for re-runs its mechanism on
 * that noise (a site without recorded noise draws fresh noise).
 *
 *     rt.run([seed(rng), trace, recordNoise(), condition({ y: 1 })], run);   // factual world, noise abducted
 *     rt.run([seed(rng), replayNoise(trace), doIntervention({ x: 0 })], run);   // the counterfactual world
 */
import { noiseColumns } from "../../distributions/distribution";
import type { Handler, SampleMessage, SiteEffect, SiteMessage } from "../message";
import { observedColumn } from "../message";
import { requireRng } from "../runtime";
import type { TraceHandler } from "./trace";

/** Abduction for an observed site, else a draw through fresh noise; leaves msg.noise (and msg.logProb when observed). */
export const recordNoiseEffect: SiteEffect = (msg) => {
  const rng = requireRng(msg), noise = noiseColumns(msg.n);
  const observed = observedColumn(msg);
  if (observed) {
    const logProb = new Float64Array(msg.n);
    msg.fn.abductNoise(observed, rng, noise, logProb);
    msg.value = observed;
    msg.logProb = logProb;
  } else {
    const out = new Float64Array(msg.n);
    msg.fn.drawNoise(rng, noise, out);
    msg.value = out;
  }
  msg.noise = noise;
};

/** Prediction: the mechanism re-run on msg.noise (recorded elsewhere); observed sites abduct instead. */
export const replayNoiseEffect: SiteEffect = (msg) => {
  if (msg.observed !== undefined || !msg.noise) {
    recordNoiseEffect(msg);
    return;
  }
  const out = new Float64Array(msg.n);
  msg.fn.pushNoise(msg.noise, requireRng(msg), out);
  msg.value = out;
};

export class NoiseRecordHandler implements Handler {
  constructor(readonly select: (msg: SampleMessage) => boolean = () => true) {}
  process(msg: SiteMessage): void {
    if (msg.type === "sample" && this.select(msg)) msg.effect = recordNoiseEffect;
  }
}

export class NoiseReplayHandler implements Handler {
  constructor(readonly source: TraceHandler, readonly options: { fromWorld?: string } = {}) {}
  process(msg: SiteMessage): void {
    if (msg.type !== "sample" || msg.value !== undefined) return;
    const site = this.source.get(this.options.fromWorld ?? msg.world, msg.name);
    if (site?.noise) msg.noise = site.noise;
    msg.effect = replayNoiseEffect;
  }
}

export const recordNoise = (select?: (msg: SampleMessage) => boolean): NoiseRecordHandler => new NoiseRecordHandler(select);
export const replayNoise = (source: TraceHandler, options?: { fromWorld?: string }): NoiseReplayHandler => new NoiseReplayHandler(source, options);
