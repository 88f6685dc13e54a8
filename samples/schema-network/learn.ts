/**
 * Schemas learned from logged transitions by greedy conjunctive-rule search, written for this
 * sample from the description in Kansky et al. (2017) (their LP relaxation is left out).
 *
 * A literal is one binary feature of the target cell's neighbourhood — attribute `a` of the cell at
 * offset (dx, dy), dx in −3..3, dy in −2..2 (off the grid everything is 0) — or the action, with the
 * value it must take. For each attribute and each transition kind ("on": 0 at t, 1 at t + 1; "off":
 * 1 at t, 0 at t + 1) the learner covers the positives one rule at a time: start from the empty
 * conjunction and greedily add the literal with the largest FOIL gain until the rule's precision
 * reaches PRECISION (or no literal helps); keep it if its precision is at least ACCEPT and it covers
 * MIN_COVER positives; remove what it covers; repeat. A rule that fails gives its positives up (the
 * 25% flipped paddle bounces, the 1% slips: noise no conjunction separates).
 *
 * Prediction: an attribute that is 0 turns on if any of its "on" schemas fires (OR of ANDs); one
 * that is 1 turns off if any "off" schema fires; otherwise it keeps its value (persistence).
 */
import { A as A0, ACTIONS, ATTRS, H as H0, W as W0, type Action, type Transition } from "./world";

// Local copies: hot loops read these, and a test runner's module transform turns imported names into property reads.
const A = A0, H = H0, W = W0;

export const DX = 3, DY = 2;
const NX = 2 * DX + 1, NY = 2 * DY + 1;
/** Per neighbouring cell: its seven attributes and one derived attribute, solid = wall ∨ brick ∨ paddle (what a ball cannot enter). */
export const FEATURE_ATTRS = [...ATTRS, "solid"] as const;
const FA = FEATURE_ATTRS.length, SOLID = A;
export const CELL_FEATURES = NX * NY * FA;
export const NF = CELL_FEATURES + ACTIONS.length;
const WORDS = Math.ceil(NF / 32);
export const PRECISION = 0.99, ACCEPT = 0.5, MIN_COVER = 3, MAX_LITERALS = 6;

export interface Literal { f: number; value: 0 | 1 }
export interface Rule {
  attr: number;
  kind: "on" | "off";
  lits: Literal[];
  /** Training positives and negatives the rule covers. */
  tp: number;
  fp: number;
}
export interface SchemaModel { rules: Rule[]; trainedOn: number; examples: number }

export const featureOf = (dx: number, dy: number, a: number) => ((dy + DY) * NX + (dx + DX)) * FA + a;
export function describeFeature(f: number): { dx: number; dy: number; a: number } | { action: Action } {
  if (f >= CELL_FEATURES) return { action: (f - CELL_FEATURES) as Action };
  const a = f % FA, k = (f - a) / FA;
  return { dx: (k % NX) - DX, dy: Math.floor(k / NX) - DY, a };
}
const sgn = (v: number) => (v > 0 ? `+${v}` : `${v}`);
export function literalText(l: Literal): string {
  const d = describeFeature(l.f);
  if ("action" in d) return `${l.value ? "" : "¬"}${ACTIONS[d.action]}`;
  return `${l.value ? "" : "¬"}${FEATURE_ATTRS[d.a]}(${sgn(d.dx)},${sgn(d.dy)})`;
}
export const ruleText = (r: Rule) => `${r.lits.length ? r.lits.map(literalText).join(" ∧ ") : "⊤"}  →  ${ATTRS[r.attr]} ${r.kind === "on" ? "appears" : "vanishes"}`;

/** The value of feature f for cell (x, y) of grid g under the action. */
export function feature(g: Uint8Array, x: number, y: number, action: Action, f: number): number {
  if (f >= CELL_FEATURES) return f - CELL_FEATURES === action ? 1 : 0;
  const a = f % FA, k = (f - a) / FA;
  const cx = x + (k % NX) - DX, cy = y + Math.floor(k / NX) - DY;
  if (cx < 0 || cx >= W || cy < 0 || cy >= H) return 0;
  const c = (cy * W + cx) * A;
  return a === SOLID ? g[c] | g[c + 1] | g[c + 2] : g[c + a];
}

/**
 * The cells a transition contributes as examples: those within the feature window of a ball or
 * paddle cell. Elsewhere nothing can change (no entity that moves is in reach), so leaving them out
 * only saves time; the F1 scores below are computed over every cell.
 */
function exampleCells(g: Uint8Array): number[] {
  const mark = new Uint8Array(W * H);
  for (let c = 0; c < W * H; c++) {
    let dyn = g[c * A + 2] === 1;
    for (let a = 3; a < A; a++) if (g[c * A + a]) dyn = true;
    if (!dyn) continue;
    const x = c % W, y = (c - x) / W;
    for (let dy = -DY; dy <= DY; dy++) for (let dx = -DX; dx <= DX; dx++) {
      const tx = x + dx, ty = y + dy;
      if (tx >= 0 && tx < W && ty >= 0 && ty < H) mark[ty * W + tx] = 1;
    }
  }
  const out: number[] = [];
  for (let c = 0; c < W * H; c++) if (mark[c]) out.push(c);
  return out;
}

interface Examples { n: number; bits: Uint32Array; before: Uint8Array; after: Uint8Array }

function buildExamples(data: readonly Transition[]): Examples {
  const cells: number[][] = data.map((t) => exampleCells(t.before));
  const n = cells.reduce((s, c) => s + c.length, 0);
  const bits = new Uint32Array(n * WORDS), before = new Uint8Array(n * A), after = new Uint8Array(n * A);
  let e = 0;
  data.forEach((t, i) => {
    for (const c of cells[i]) {
      const x = c % W, y = (c - x) / W, base = e * WORDS;
      for (let f = 0; f < NF; f++) if (feature(t.before, x, y, t.action, f)) bits[base + (f >>> 5)] |= 1 << (f & 31);
      for (let a = 0; a < A; a++) { before[e * A + a] = t.before[c * A + a]; after[e * A + a] = t.after[c * A + a]; }
      e++;
    }
  });
  return { n, bits, before, after };
}

const has = (ex: Examples, e: number, f: number) => (ex.bits[e * WORDS + (f >>> 5)] >>> (f & 31)) & 1;

/** How many examples of the list have each feature set. */
function counts(ex: Examples, list: Int32Array | number[]): Float64Array {
  const c = new Float64Array(NF);
  for (let i = 0; i < list.length; i++) {
    const base = list[i] * WORDS;
    for (let w = 0; w < WORDS; w++) {
      let word = ex.bits[base + w];
      while (word) {
        const b = 31 - Math.clz32(word & -word);
        c[w * 32 + b]++;
        word &= word - 1;
      }
    }
  }
  return c;
}

function learnTarget(ex: Examples, attr: number, kind: "on" | "off", pos: number[], neg: number[]): Rule[] {
  const rules: Rule[] = [];
  const negAll = counts(ex, neg);
  let uncovered = pos;
  let failures = 0;
  while (uncovered.length >= MIN_COVER && failures < 20) {
    let curP = uncovered, curN = neg, negCounts: Float64Array | null = negAll;
    const lits: Literal[] = [];
    for (;;) {
      const prec = curP.length / (curP.length + curN.length);
      if (curN.length === 0 || prec >= PRECISION || lits.length >= MAX_LITERALS) break;
      const pc = counts(ex, curP), nc = negCounts ?? counts(ex, curN);
      negCounts = null;
      let best = -1, bestGain = 1e-9, bestP = 0;
      for (let f = 0; f < NF; f++) {
        if (lits.some((l) => l.f === f)) continue;
        for (const value of [1, 0] as const) {
          const p = value ? pc[f] : curP.length - pc[f], q = value ? nc[f] : curN.length - nc[f];
          if (p < MIN_COVER) continue;
          const gain = p * (Math.log2(p / (p + q)) - Math.log2(prec));
          if (gain > bestGain + 1e-9 || (Math.abs(gain - bestGain) <= 1e-9 && p > bestP)) { best = 2 * f + value; bestGain = gain; bestP = p; }
        }
      }
      if (best < 0) break;
      const f = best >> 1, value = (best & 1) as 0 | 1;
      lits.push({ f, value });
      curP = curP.filter((e) => has(ex, e, f) === value);
      curN = curN.filter((e) => has(ex, e, f) === value);
    }
    const prec = curP.length / (curP.length + curN.length);
    const covered = new Set(curP);
    uncovered = uncovered.filter((e) => !covered.has(e));
    if (prec >= ACCEPT && curP.length >= MIN_COVER) rules.push({ attr, kind, lits, tp: curP.length, fp: curN.length });
    else failures++;
  }
  return rules;
}

/** Greedy schema search on every attribute's "on" and "off" transitions. */
export function learnSchemas(data: readonly Transition[]): SchemaModel {
  const ex = buildExamples(data);
  const rules: Rule[] = [];
  for (let attr = 0; attr < A; attr++) {
    for (const kind of ["on", "off"] as const) {
      const pos: number[] = [], neg: number[] = [];
      for (let e = 0; e < ex.n; e++) {
        const b = ex.before[e * A + attr], a = ex.after[e * A + attr];
        if (kind === "on" && b === 0) (a ? pos : neg).push(e);
        if (kind === "off" && b === 1) (a ? neg : pos).push(e);
      }
      rules.push(...learnTarget(ex, attr, kind, pos, neg));
    }
  }
  return { rules, trainedOn: data.length, examples: ex.n };
}

// ---------------------------------------------------------------- prediction

/** Whether the rule's conjunction holds at cell c (the rule's own attribute condition included). */
export function fires(r: Rule, g: Uint8Array, c: number, action: Action): boolean {
  if (g[c * A + r.attr] !== (r.kind === "on" ? 0 : 1)) return false;
  const x = c % W, y = (c - x) / W;
  for (const l of r.lits) if (feature(g, x, y, action, l.f) !== l.value) return false;
  return true;
}

/** An index for fast prediction: each rule's rarest positive literal picks its candidate cells. */
export interface Compiled { rules: Rule[]; anchor: ({ dx: number; dy: number; a: number } | null)[] }
const RARITY = [5, 4, 3, 0, 0, 0, 0, 6]; // wall most common, then brick, paddle; ball cells rarest
export function compile(m: SchemaModel): Compiled {
  const anchor = m.rules.map((r) => {
    const cands = r.lits.filter((l) => l.value === 1 && l.f < CELL_FEATURES).map((l) => describeFeature(l.f) as { dx: number; dy: number; a: number });
    if (r.kind === "off") cands.push({ dx: 0, dy: 0, a: r.attr });
    cands.sort((p, q) => RARITY[p.a] - RARITY[q.a]);
    return cands[0] ?? null;
  });
  return { rules: m.rules, anchor };
}

/** The learned model's next grid, and which rules fired where (for the inspector). */
export function predict(m: Compiled, g: Uint8Array, action: Action, onFire?: (rule: number, cell: number) => void): Uint8Array {
  const fired = new Uint8Array(W * H * A);
  const lists: number[][] = Array.from({ length: A }, () => []);
  for (let c = 0; c < W * H; c++) for (let a = 0; a < A; a++) if (g[c * A + a]) lists[a].push(c);
  m.rules.forEach((r, k) => {
    const an = m.anchor[k];
    const test = (c: number) => {
      if (c < 0 || c >= W * H) return;
      if (fires(r, g, c, action)) { fired[c * A + r.attr] = 1; onFire?.(k, c); }
    };
    if (!an) { for (let c = 0; c < W * H; c++) test(c); return; }
    for (const p of lists[an.a]) {
      const px = p % W, py = (p - px) / W, x = px - an.dx, y = py - an.dy;
      if (x >= 0 && x < W && y >= 0 && y < H) test(y * W + x);
    }
  });
  const next = new Uint8Array(W * H * A);
  for (let i = 0; i < next.length; i++) next[i] = g[i] ? (fired[i] ? 0 : 1) : fired[i];
  return next;
}

// ---------------------------------------------------------------- evaluation

export interface Counts { tp: number; fp: number; fn: number }
export const f1 = (c: Counts) => (2 * c.tp === 0 && c.fp + c.fn === 0 ? 1 : (2 * c.tp) / (2 * c.tp + c.fp + c.fn));
export const GROUPS = ["ball", "ball_paddle_contact", "paddle", "bricks", "changes"] as const;
export type Group = (typeof GROUPS)[number];
export type F1Scores = Record<Group, number>;

/**
 * One-step prediction F1 over every cell of every transition, by attribute group: "ball" (the four
 * ball attributes on steps without a paddle contact: the deterministic laws), "ball_paddle_contact"
 * (the same on steps with one: the stochastic bounce, where the best prediction is the 75% mode),
 * "paddle", "bricks", and "changes" (over the cell attributes whose value changes, or is predicted
 * to: persistence does not inflate it). Walls never change and are predicted perfectly.
 */
export function evaluate(m: Compiled, data: readonly Transition[]): { f1: F1Scores; counts: Record<Group, Counts> } {
  const counts = Object.fromEntries(GROUPS.map((g) => [g, { tp: 0, fp: 0, fn: 0 }])) as Record<Group, Counts>;
  for (const t of data) {
    const p = predict(m, t.before, t.action);
    for (let i = 0; i < p.length; i++) {
      const a = i % A, truth = t.after[i], pred = p[i];
      const group: Group | null = a >= 3 ? (t.paddleContact ? "ball_paddle_contact" : "ball") : a === 2 ? "paddle" : a === 1 ? "bricks" : null;
      const tally = (c: Counts, tr: number, pr: number) => { if (tr && pr) c.tp++; else if (pr) c.fp++; else if (tr) c.fn++; };
      if (group) tally(counts[group], truth, pred);
      tally(counts.changes, truth !== t.before[i] ? 1 : 0, pred !== t.before[i] ? 1 : 0);
    }
  }
  return { f1: Object.fromEntries(GROUPS.map((g) => [g, f1(counts[g])])) as F1Scores, counts };
}

export interface RuleUse { fires: number; wrong: number }
/** How often each rule fires on the transitions and how often the change it predicts does not happen. */
export function ruleUse(m: Compiled, data: readonly Transition[]): RuleUse[] {
  const use = m.rules.map(() => ({ fires: 0, wrong: 0 }));
  for (const t of data) {
    predict(m, t.before, t.action, (k, c) => {
      const r = m.rules[k], after = t.after[c * A + r.attr];
      use[k].fires++;
      if ((r.kind === "on" && !after) || (r.kind === "off" && after)) use[k].wrong++;
    });
  }
  return use;
}
