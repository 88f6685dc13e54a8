/**
 * MultiWorldHandler: abduction-action-prediction over several worlds that share one exogenous
 * noise (the twin network of Balke & Pearl 1994, generalised to many worlds as in ChiRho's
 * MultiWorldCounterfactual). The factual world records every site's noise (abducted from the
 * evidence where observed); in each counterfactual world a site is
 *   - intervened (constant) if that world does it,
 *   - equal to its factual value if it is not downstream of that world's interventions,
 *   - otherwise its mechanism re-run on the recorded factual noise (prediction).
 * Composed from the small handlers: noise record, a trace of the factual world, do, noise replay.
 */
import { FACTUAL } from "../model-spec";
import type { Handler, SiteMessage } from "../message";
import { DoHandler } from "./do";
import { NoiseRecordHandler, NoiseReplayHandler } from "./noise";
import { TraceHandler } from "./trace";

export class MultiWorldHandler implements Handler {
  private readonly factual = new TraceHandler();
  private readonly record = new NoiseRecordHandler();
  private readonly replayNoise = new NoiseReplayHandler(this.factual, { fromWorld: FACTUAL });
  private readonly dos = new Map<string, DoHandler>();

  /** `affected.get(world)` = the variables downstream of (or at) that world's interventions. */
  constructor(readonly interventions: Readonly<Record<string, Readonly<Record<string, number>>>>, readonly affected: ReadonlyMap<string, ReadonlySet<string>>) {
    for (const [w, values] of Object.entries(interventions)) this.dos.set(w, new DoHandler(values, w));
  }

  process(msg: SiteMessage): void {
    if (msg.type !== "sample") return;
    if (msg.world === FACTUAL) {
      this.record.process(msg);
      return;
    }
    this.dos.get(msg.world)?.process(msg);
    if (msg.value !== undefined) return;
    if (!this.affected.get(msg.world)?.has(msg.name)) {
      msg.value = this.factual.get(FACTUAL, msg.name)!.value;
      return;
    }
    this.replayNoise.process(msg);
  }

  postprocess(msg: SiteMessage): void {
    if (msg.type === "sample" && msg.world === FACTUAL) this.factual.postprocess(msg);
  }
}
