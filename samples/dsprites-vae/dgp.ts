/**
 * The causal data-generating process for the course DAG
 *   shape -> scale, shape -> orientation, orientation -> posX, scale -> posY
 * (altdeep/causalML's "causal modeling with a VAE" brief), as explicit conditional probability
 * tables over the dSprites grid. Real dSprites factors are independent by design; building the
 * training set from these tables makes the arrows true of the data, and makes every do() answer
 * exactly computable (exactMarginals), so a model's interventional output can be scored.
 *
 * The "independent" variant draws each factor uniformly over its grid, as dSprites itself does.
 */
import { createRng, type Rng } from "causal-studio";
import { FACTOR_NAMES, LEVELS, ORIENTATIONS, renderInto, type FactorName } from "./sprites";

/** One Int32Array column of grid indices per factor, all of the same length. */
export type FactorColumns = Record<FactorName, Int32Array>;
/** Factors held fixed by do(): grid indices. */
export type DoAssignment = Partial<Record<FactorName, number>>;

function normalise(w: number[]): number[] {
  const s = w.reduce((a, b) => a + b, 0);
  return w.map((x) => x / s);
}

/** A normal density discretised onto 0..levels-1 (weights at the integers, renormalised). */
function discretisedNormal(mean: number, sd: number, levels: number): number[] {
  return normalise(Array.from({ length: levels }, (_, i) => Math.exp(-0.5 * ((i - mean) / sd) ** 2)));
}

/** P(shape): uniform over square, ellipse, heart. */
export const P_SHAPE: readonly number[] = [1 / 3, 1 / 3, 1 / 3];

/**
 * P(scale | shape), rows by shape: squares mostly the largest, ellipses middling (0.7), hearts mostly
 * 0.9. Each row is far from the others (total variation 0.2 to 0.4 from their mixture, the
 * independent-factors model's answer), and little mass sits on the smallest scales: at 32 x 32 a
 * scale-0.5 sprite is 5 px across, where even the classifier reads clean hearts only 93% of the time.
 */
export const P_SCALE_GIVEN_SHAPE: readonly (readonly number[])[] = [
  [0.01, 0.02, 0.05, 0.12, 0.3, 0.5],
  [0.05, 0.15, 0.4, 0.25, 0.1, 0.05],
  [0.02, 0.04, 0.08, 0.16, 0.5, 0.2],
];

/**
 * P(orientation | shape), rows by shape: a von Mises bump (concentration 2) over the 40 grid
 * angles, centred at 0 for squares, π/2 for ellipses and π for hearts.
 */
export const ORIENTATION_MODES: readonly number[] = [0, Math.PI / 2, Math.PI];
export const ORIENTATION_CONCENTRATION = 2;
export const P_ORIENTATION_GIVEN_SHAPE: readonly (readonly number[])[] = ORIENTATION_MODES.map((mu) =>
  normalise(ORIENTATIONS.map((th) => Math.exp(ORIENTATION_CONCENTRATION * Math.cos(th - mu)))),
);

/**
 * P(posX | orientation), rows by orientation: posX = 15.5 + 12 sin(orientation) + noise of sd 3
 * (in grid steps), discretised onto 0..31. Turning a sprite moves it sideways.
 */
export const POSX_SD = 3;
export const posXMean = (orientation: number): number => 15.5 + 12 * Math.sin(ORIENTATIONS[orientation]);
export const P_POSX_GIVEN_ORIENTATION: readonly (readonly number[])[] = ORIENTATIONS.map((_, o) => discretisedNormal(posXMean(o), POSX_SD, 32));

/**
 * P(posY | scale), rows by scale: posY = 4 + 4.6 x scale index + noise of sd 3, discretised onto
 * 0..31. Larger sprites sit lower in the image.
 */
export const POSY_SD = 3;
export const posYMean = (scale: number): number => 4 + 4.6 * scale;
export const P_POSY_GIVEN_SCALE: readonly (readonly number[])[] = Array.from({ length: 6 }, (_, s) => discretisedNormal(posYMean(s), POSY_SD, 32));

/** The factors in topological order, each with its parent and table (parent null: a root). */
const MECHANISMS: readonly { name: FactorName; parent: FactorName | null; table: readonly (readonly number[])[] }[] = [
  { name: "shape", parent: null, table: [P_SHAPE] },
  { name: "scale", parent: "shape", table: P_SCALE_GIVEN_SHAPE },
  { name: "orientation", parent: "shape", table: P_ORIENTATION_GIVEN_SHAPE },
  { name: "posX", parent: "orientation", table: P_POSX_GIVEN_ORIENTATION },
  { name: "posY", parent: "scale", table: P_POSY_GIVEN_SCALE },
];

function categorical(rng: Rng, p: readonly number[]): number {
  let u = rng.next();
  for (let i = 0; i < p.length - 1; i++) {
    u -= p[i];
    if (u < 0) return i;
  }
  return p.length - 1;
}

function emptyColumns(n: number): FactorColumns {
  return Object.fromEntries(FACTOR_NAMES.map((k) => [k, new Int32Array(n)])) as FactorColumns;
}

function checkN(n: number): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer, got ${n}`);
}

function checkDo(doAssign: DoAssignment): void {
  for (const [name, v] of Object.entries(doAssign)) {
    const i = FACTOR_NAMES.indexOf(name as FactorName);
    if (i < 0) throw new RangeError(`do() on unknown factor "${name}" (factors: ${FACTOR_NAMES.join(", ")})`);
    if (!Number.isInteger(v) || (v as number) < 0 || (v as number) >= LEVELS[i]) throw new RangeError(`do(${name} = ${v}): must be an integer in 0..${LEVELS[i] - 1}`);
  }
}

/** n draws from the DAG's tables with the factors in doAssign held fixed (ancestral sampling). */
export function sampleFactorsDo(n: number, seed: number, doAssign: DoAssignment): FactorColumns {
  checkN(n);
  checkDo(doAssign);
  const rng = createRng(seed);
  const cols = emptyColumns(n);
  for (let i = 0; i < n; i++) {
    for (const m of MECHANISMS) {
      const fixed = doAssign[m.name];
      cols[m.name][i] = fixed !== undefined ? fixed : categorical(rng, m.table[m.parent ? cols[m.parent][i] : 0]);
    }
  }
  return cols;
}

/** n draws from the causal DAG's tables, or with every factor uniform and independent. */
export function sampleFactors(n: number, seed: number, variant: "causal" | "independent"): FactorColumns {
  if (variant === "causal") return sampleFactorsDo(n, seed, {});
  checkN(n);
  const rng = createRng(seed);
  const cols = emptyColumns(n);
  for (let i = 0; i < n; i++) FACTOR_NAMES.forEach((k, j) => (cols[k][i] = Math.min(LEVELS[j] - 1, Math.floor(rng.next() * LEVELS[j]))));
  return cols;
}

/** The exact distribution of scale under do(shape = s): P(scale | shape = s), since shape is scale's only parent. */
export function trueScaleGivenDoShape(s: number): number[] {
  checkDo({ shape: s });
  return [...P_SCALE_GIVEN_SHAPE[s]];
}

/** The exact marginal distribution of every factor under do(doAssign) (empty: observational). */
export function exactMarginals(doAssign: DoAssignment = {}): Record<FactorName, number[]> {
  checkDo(doAssign);
  const out = {} as Record<FactorName, number[]>;
  MECHANISMS.forEach((m, j) => {
    const fixed = doAssign[m.name];
    if (fixed !== undefined) {
      out[m.name] = Array.from({ length: LEVELS[j] }, (_, i) => (i === fixed ? 1 : 0));
      return;
    }
    // Each non-root has one parent, so its marginal is Σ_parent P(parent) P(child | parent).
    const parentP = m.parent ? out[m.parent] : [1];
    const p = new Array<number>(LEVELS[j]).fill(0);
    parentP.forEach((w, k) => m.table[k].forEach((q, i) => (p[i] += w * q)));
    out[m.name] = p;
  });
  return out;
}

/** The images for factor columns, n x size x size bytes (0/1), image i at offset i·size². */
export function renderDataset(factors: FactorColumns, size: number): Uint8Array {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`size must be a positive integer, got ${size}`);
  const n = factors.shape.length;
  for (const k of FACTOR_NAMES) if (factors[k].length !== n) throw new RangeError(`factor column ${k} has ${factors[k].length} rows, shape has ${n}`);
  const out = new Uint8Array(n * size * size);
  for (let i = 0; i < n; i++) {
    const f = { shape: factors.shape[i], scale: factors.scale[i], orientation: factors.orientation[i], posX: factors.posX[i], posY: factors.posY[i] };
    FACTOR_NAMES.forEach((k, j) => {
      if (!(f[k] >= 0 && f[k] < LEVELS[j])) throw new RangeError(`row ${i}: ${k} = ${f[k]} is off the grid 0..${LEVELS[j] - 1}`);
    });
    renderInto(f, size, out, i * size * size);
  }
  return out;
}
