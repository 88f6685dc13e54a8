/**
 * A small, fast, seedable pseudo-random generator (sfc32, Chris Doty-Humphrey's "small fast
 * chaotic" generator, public domain), seeded through splitmix32 so that nearby seeds give
 * unrelated streams. Every random draw in Causal Studio comes from an explicit Rng: there is
 * no hidden global randomness, so a fixed seed reproduces a result exactly.
 */
export interface Rng {
  /** Uniform on [0, 1) with 32 bits of resolution. */
  next(): number;
  /** Standard normal (ziggurat). */
  normal(): number;
  /** A new generator whose stream is independent of this one (for parallel chains). */
  fork(): Rng;
}

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/**
 * Ziggurat tables for the standard normal (Marsaglia & Tsang, "The Ziggurat Method for
 * Generating Random Variables", J. Stat. Softw. 2000; 128 layers, r = 3.442619855899). The layer
 * index is drawn independently of the value bits (Doornik 2005's fix for the original's
 * correlation between the two).
 */
const ZIG_R = 3.442619855899;
const M1 = 2147483648;
const KN = new Uint32Array(128);
const WN = new Float64Array(128);
const FN = new Float64Array(128);
(() => {
  let dn = ZIG_R, tn = dn;
  const vn = 9.91256303526217e-3;
  const q = vn / Math.exp(-0.5 * dn * dn);
  KN[0] = Math.floor((dn / q) * M1);
  KN[1] = 0;
  WN[0] = q / M1;
  WN[127] = dn / M1;
  FN[0] = 1;
  FN[127] = Math.exp(-0.5 * dn * dn);
  for (let i = 126; i >= 1; i--) {
    dn = Math.sqrt(-2 * Math.log(vn / dn + Math.exp(-0.5 * dn * dn)));
    KN[i + 1] = Math.floor((dn / tn) * M1);
    tn = dn;
    FN[i] = Math.exp(-0.5 * dn * dn);
    WN[i] = dn / M1;
  }
})();

export function createRng(seed: number): Rng {
  if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${seed}`);
  const mix = splitmix32(Math.floor(seed) ^ Math.floor(seed / 2 ** 32));
  // State in an Int32Array: plain closure variables holding values above 2^30 would be boxed
  // as heap numbers on every update. Same arithmetic mod 2^32 as the textbook sfc32.
  const s = Int32Array.of(mix(), mix(), mix(), mix());
  const nextU32 = (): number => {
    const a = s[0], b = s[1], c = s[2], d = s[3];
    const t = (((a + b) | 0) + d) | 0;
    s[3] = (d + 1) | 0;
    s[0] = b ^ (b >>> 9);
    s[1] = (c + (c << 3)) | 0;
    const c2 = (c << 21) | (c >>> 11);
    s[2] = (c2 + t) | 0;
    return t >>> 0;
  };
  const next = (): number => nextU32() / 4294967296;
  const openNext = (): number => (nextU32() + 0.5) / 4294967296;
  for (let i = 0; i < 12; i++) nextU32();
  const normalTail = (hz: number, iz: number): number => {
    for (;;) {
      let x = hz * WN[iz];
      if (iz === 0) {
        let y: number;
        do {
          x = -Math.log(openNext()) / ZIG_R;
          y = -Math.log(openNext());
        } while (y + y < x * x);
        return hz > 0 ? ZIG_R + x : -ZIG_R - x;
      }
      if (FN[iz] + next() * (FN[iz - 1] - FN[iz]) < Math.exp(-0.5 * x * x)) return x;
      hz = nextU32() | 0;
      iz = nextU32() & 127;
      if (Math.abs(hz) < KN[iz]) return hz * WN[iz];
    }
  };
  const rng: Rng = {
    next,
    normal() {
      const hz = nextU32() | 0, iz = nextU32() & 127;
      if (Math.abs(hz) < KN[iz]) return hz * WN[iz];
      return normalTail(hz, iz);
    },
    fork() {
      return createRng(next() * 4294967296);
    },
  };
  return rng;
}

/** Fisher–Yates in place with the seeded generator (one draw per position, from the last down). */
export function shuffleInPlace(a: Uint32Array | Int32Array, rng: Rng): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    const t = a[i]; a[i] = a[j]; a[j] = t;
  }
}
