/** Test helper: random small discrete networks as ModelSpecs with explicit conditional tables. */
import { bernoulli } from "../distributions/bernoulli";
import { categorical } from "../distributions/categorical";
import type { ModelSpec } from "../runtime/model-spec";
import { createRng } from "../random/rng";

export interface Cpt {
  name: string;
  card: number;
  parents: string[];
  /** table[parent configuration key] = probabilities over 0..card-1 */
  table: Map<string, number[]>;
}

export function randomNetwork(seed: number, n: number, maxCard: number, maxParents: number): { spec: ModelSpec; cpts: Cpt[] } {
  const rng = createRng(seed);
  const cpts: Cpt[] = [];
  for (let i = 0; i < n; i++) {
    const card = 2 + Math.floor(rng.next() * (maxCard - 1));
    const candidates = cpts.map((c) => c.name).filter(() => rng.next() < 0.6).slice(0, maxParents);
    const table = new Map<string, number[]>();
    const cards = candidates.map((p) => cpts.find((c) => c.name === p)!.card);
    for (const conf of configurations(cards)) {
      const w = Array.from({ length: card }, () => 0.05 + rng.next());
      const s = w.reduce((a, b) => a + b, 0);
      table.set(conf.join(","), w.map((x) => x / s));
    }
    cpts.push({ name: `v${i}`, card, parents: candidates, table });
  }
  const spec: ModelSpec = {
    name: `random-${seed}`,
    variables: cpts.map((c) => ({
      name: c.name, latent: false, parents: c.parents,
      mechanism: (p: Record<string, number>) => {
        const probs = c.table.get(c.parents.map((q) => p[q]).join(","))!;
        return c.card === 2 ? bernoulli(probs[1]) : categorical(probs);
      },
    })),
  };
  return { spec, cpts };
}

export function* configurations(cards: number[]): Generator<number[]> {
  const idx = cards.map(() => 0);
  for (;;) {
    yield [...idx];
    let j = 0;
    for (; j < cards.length; j++) { if (++idx[j] < cards[j]) break; idx[j] = 0; }
    if (j === cards.length) return;
  }
}

/** Brute force: P(event | evidence) under do(interventions), summing the full joint. */
export function bruteForce(cpts: Cpt[], event: (x: Record<string, number>) => boolean, evidence: Record<string, number>, interventions: Record<string, number> = {}): number {
  let num = 0, den = 0;
  for (const conf of configurations(cpts.map((c) => c.card))) {
    const x: Record<string, number> = {};
    cpts.forEach((c, i) => (x[c.name] = conf[i]));
    let p = 1;
    for (const c of cpts) {
      if (Object.hasOwn(interventions, c.name)) { p *= x[c.name] === interventions[c.name] ? 1 : 0; continue; }
      p *= c.table.get(c.parents.map((q) => x[q]).join(","))![x[c.name]];
    }
    if (Object.entries(evidence).some(([k, v]) => x[k] !== v)) continue;
    den += p;
    if (event(x)) num += p;
  }
  return num / den;
}
