/**
 * Discrete factors over integer-indexed variables: a table of non-negative numbers with the
 * first variable varying fastest. Product, summing out and reduction by evidence walk the
 * tables with an assignment counter (Koller & Friedman 2009, Algorithm 10.A.1).
 */
export class Factor {
  constructor(
    readonly vars: readonly number[],
    readonly card: readonly number[],
    readonly values: Float64Array,
  ) {}

  static scalar(value: number): Factor {
    return new Factor([], [], Float64Array.of(value));
  }

  stride(v: number): number {
    let s = 1;
    for (let i = 0; i < this.vars.length; i++) {
      if (this.vars[i] === v) return s;
      s *= this.card[i];
    }
    return 0;
  }

  sum(): number {
    let s = 0;
    for (let i = 0; i < this.values.length; i++) s += this.values[i];
    return s;
  }
}

function strides(f: Factor, vars: readonly number[]): Int32Array {
  return Int32Array.from(vars, (v) => f.stride(v));
}

/**
 * Walks every assignment of `vars` (first fastest) keeping the matching index into each source
 * table: out[i] = a[ia] * b[ib] (b optional). No callbacks in the loop: it is the hot path of VE.
 */
function walkProduct(vars: readonly number[], card: readonly number[], a: Factor, b: Factor | undefined, out: Float64Array): void {
  const m = vars.length, size = out.length;
  const sa = strides(a, vars), sb = b ? strides(b, vars) : new Int32Array(m);
  const ca = Int32Array.from(card, (c, l) => (c - 1) * sa[l]), cb = Int32Array.from(card, (c, l) => (c - 1) * sb[l]);
  const cardArr = Int32Array.from(card), counter = new Int32Array(m);
  const av = a.values, bv = b ? b.values : Float64Array.of(1);
  let ia = 0, ib = 0;
  for (let i = 0; i < size; i++) {
    out[i] = av[ia] * bv[ib];
    for (let l = 0; l < m; l++) {
      if (++counter[l] < cardArr[l]) { ia += sa[l]; ib += sb[l]; break; }
      counter[l] = 0;
      ia -= ca[l];
      ib -= cb[l];
    }
  }
}

export function multiply(a: Factor, b: Factor, cardOf: (v: number) => number): Factor {
  const vars = [...a.vars];
  for (const v of b.vars) if (!vars.includes(v)) vars.push(v);
  const card = vars.map(cardOf);
  const out = new Float64Array(card.reduce((x, y) => x * y, 1));
  walkProduct(vars, card, a, b, out);
  return new Factor(vars, card, out);
}

/** The factor without variable v, and f's layout around v's axis: [inner block | v | outer block]. */
function dropAxis(f: Factor, pos: number) {
  const keep = f.vars.filter((_, l) => l !== pos);
  const card = f.card.filter((_, l) => l !== pos);
  const out = new Float64Array(card.reduce((x, y) => x * y, 1));
  let inner = 1;
  for (let l = 0; l < pos; l++) inner *= f.card[l];
  const k = f.card[pos];
  return { keep, card, out, inner, k, outer: f.values.length / (inner * k) };
}

export function sumOut(f: Factor, v: number): Factor {
  const pos = f.vars.indexOf(v);
  if (pos < 0) return f;
  const { keep, card, out, inner, k, outer } = dropAxis(f, pos);
  const fv = f.values;
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < k; j++) {
      const src = (o * k + j) * inner, dst = o * inner;
      for (let i = 0; i < inner; i++) out[dst + i] += fv[src + i];
    }
  }
  return new Factor(keep, card, out);
}

/** The slice of f where variable v takes its k-th value. */
export function reduce(f: Factor, v: number, k: number): Factor {
  const pos = f.vars.indexOf(v);
  if (pos < 0) return f;
  const { keep, card, out, inner, k: kk, outer } = dropAxis(f, pos);
  const fv = f.values;
  for (let o = 0; o < outer; o++) {
    const src = (o * kk + k) * inner, dst = o * inner;
    for (let i = 0; i < inner; i++) out[dst + i] = fv[src + i];
  }
  return new Factor(keep, card, out);
}

/**
 * Σ_v Π fs: the product of the factors with v summed out, in one pass over the clique without
 * materialising the product (the step of variable elimination). The output's variables are the
 * factors' other variables in first-seen order; for each of its entries the sum over v's values
 * runs innermost, reading each factor at its stride along v.
 */
export function productSumOut(fs: readonly Factor[], v: number, cardOf: (v: number) => number): Factor {
  const vars: number[] = [];
  for (const f of fs) for (const u of f.vars) if (u !== v && !vars.includes(u)) vars.push(u);
  const card = vars.map(cardOf);
  const m = vars.length, n = fs.length, kv = cardOf(v);
  const size = card.reduce((x, y) => x * y, 1);
  const out = new Float64Array(size);
  const vals = fs.map((f) => f.values);
  const sv = Int32Array.from(fs, (f) => f.stride(v));
  // Per output variable, each factor's stride along it and the amount to rewind when it wraps.
  const step = vars.map((u) => Int32Array.from(fs, (f) => f.stride(u)));
  const back = vars.map((_, l) => Int32Array.from(step[l], (s) => s * (card[l] - 1)));
  const base = new Int32Array(n), counter = new Int32Array(m);
  const cardArr = Int32Array.from(card);
  if (n === 2) {
    const a = vals[0], b = vals[1], sa = sv[0], sb = sv[1];
    for (let i = 0; i < size; i++) {
      let acc = 0, ia = base[0], ib = base[1];
      for (let j = 0; j < kv; j++, ia += sa, ib += sb) acc += a[ia] * b[ib];
      out[i] = acc;
      for (let l = 0; l < m; l++) {
        const s = step[l];
        if (++counter[l] < cardArr[l]) { base[0] += s[0]; base[1] += s[1]; break; }
        counter[l] = 0;
        base[0] -= back[l][0]; base[1] -= back[l][1];
      }
    }
    return new Factor(vars, card, out);
  }
  for (let i = 0; i < size; i++) {
    let acc = 0;
    for (let j = 0; j < kv; j++) {
      let p = 1;
      for (let q = 0; q < n; q++) p *= vals[q][base[q] + j * sv[q]];
      acc += p;
    }
    out[i] = acc;
    for (let l = 0; l < m; l++) {
      const s = step[l];
      if (++counter[l] < cardArr[l]) { for (let q = 0; q < n; q++) base[q] += s[q]; break; }
      counter[l] = 0;
      const w = back[l];
      for (let q = 0; q < n; q++) base[q] -= w[q];
    }
  }
  return new Factor(vars, card, out);
}
