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

/** Writes out[i] = combine over the sources at the same assignment of `vars`. */
function walk(vars: readonly number[], card: readonly number[], sources: Factor[], visit: (i: number, idx: Int32Array) => void): void {
  const m = vars.length, size = card.reduce((a, b) => a * b, 1);
  const strides = sources.map((f) => vars.map((v) => f.stride(v)));
  const idx = new Int32Array(sources.length), counter = new Int32Array(m);
  for (let i = 0; i < size; i++) {
    visit(i, idx);
    for (let l = 0; l < m; l++) {
      if (++counter[l] < card[l]) {
        for (let s = 0; s < idx.length; s++) idx[s] += strides[s][l];
        break;
      }
      counter[l] = 0;
      for (let s = 0; s < idx.length; s++) idx[s] -= (card[l] - 1) * strides[s][l];
    }
  }
}

export function multiply(a: Factor, b: Factor, cardOf: (v: number) => number): Factor {
  const vars = [...a.vars];
  for (const v of b.vars) if (!vars.includes(v)) vars.push(v);
  const card = vars.map(cardOf);
  const out = new Float64Array(card.reduce((x, y) => x * y, 1));
  const av = a.values, bv = b.values;
  walk(vars, card, [a, b], (i, idx) => { out[i] = av[idx[0]] * bv[idx[1]]; });
  return new Factor(vars, card, out);
}

export function sumOut(f: Factor, v: number): Factor {
  const keep = f.vars.filter((x) => x !== v), pos = f.vars.indexOf(v);
  if (pos < 0) return f;
  const card = keep.map((x) => f.card[f.vars.indexOf(x)]);
  const out = new Float64Array(card.reduce((x, y) => x * y, 1));
  const target = new Factor(keep, card, out);
  const fv = f.values;
  walk(f.vars, f.card, [target], (i, idx) => { out[idx[0]] += fv[i]; });
  return target;
}

/** The slice of f where variable v takes its k-th value. */
export function reduce(f: Factor, v: number, k: number): Factor {
  const pos = f.vars.indexOf(v);
  if (pos < 0) return f;
  const keep = f.vars.filter((x) => x !== v);
  const card = keep.map((x) => f.card[f.vars.indexOf(x)]);
  const out = new Float64Array(card.reduce((x, y) => x * y, 1));
  const offset = k * f.stride(v), fv = f.values;
  walk(keep, card, [f], (i, idx) => { out[i] = fv[idx[0] + offset]; });
  return new Factor(keep, card, out);
}
