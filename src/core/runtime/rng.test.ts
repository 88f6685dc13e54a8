import { describe, expect, it } from "vitest";
import { createRng } from "./rng";

describe("createRng", () => {
  it("reproduces a stream from the same seed and differs across seeds", () => {
    const a = createRng(42), b = createRng(42), c = createRng(43);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
  });

  it("gives uniform draws whose mean and variance match U(0,1) within 4 standard errors", () => {
    const rng = createRng(7), n = 200_000;
    let s = 0, s2 = 0;
    for (let i = 0; i < n; i++) { const u = rng.next(); expect(u >= 0 && u < 1).toBe(true); s += u; s2 += u * u; }
    const mean = s / n, variance = s2 / n - mean * mean;
    expect(Math.abs(mean - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / n));
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(4 * Math.sqrt(1 / 180 / n));
  });

  it("gives standard normal draws: mean 0, variance 1, P(|z|<1.96) = 0.95", () => {
    const rng = createRng(11), n = 200_000;
    let s = 0, s2 = 0, inside = 0;
    for (let i = 0; i < n; i++) { const z = rng.normal(); s += z; s2 += z * z; if (Math.abs(z) < 1.959964) inside++; }
    expect(Math.abs(s / n)).toBeLessThan(4 / Math.sqrt(n));
    expect(Math.abs(s2 / n - 1)).toBeLessThan(4 * Math.sqrt(2 / n));
    expect(Math.abs(inside / n - 0.95)).toBeLessThan(4 * Math.sqrt(0.95 * 0.05 / n));
  });
});
