// samples/dsprites-vae/sprites.ts: the factor grid's values, where a sprite lands (centre
// 15.5 + 32·pos in pixel indices, posX along columns, posY along rows), its size, the ellipse's
// aspect, the heart's asymmetry, the two ends of the orientation grid drawing the same image, and a
// 32x32 image as the 64x64 scene at half resolution.
import { describe, expect, it } from "vitest";
import { LEVELS, ORIENTATIONS, POSITIONS, SCALES, SIZE_CONSTANT, renderSprite, type Factors } from "../../../samples/dsprites-vae/sprites";

function moments(img: Uint8Array, size: number) {
  let n = 0, sx = 0, sy = 0;
  for (let i = 0; i < img.length; i++) if (img[i]) { n++; sx += i % size; sy += Math.floor(i / size); }
  const mx = sx / n, my = sy / n;
  let xx = 0, yy = 0, xy = 0, x3 = 0, y3 = 0;
  for (let i = 0; i < img.length; i++) {
    if (!img[i]) continue;
    const x = (i % size) - mx, y = Math.floor(i / size) - my;
    xx += x * x; yy += y * y; xy += x * y; x3 += x ** 3; y3 += y ** 3;
  }
  const tr = (xx + yy) / n, det = (xx * yy - xy * xy) / (n * n);
  const l1 = tr / 2 + Math.sqrt(tr * tr / 4 - det), l2 = tr / 2 - Math.sqrt(tr * tr / 4 - det);
  return { n, mx, my, l1, l2, skew: Math.hypot(x3, y3) / n / tr ** 1.5 };
}

const base: Factors = { shape: 0, scale: 5, orientation: 0, posX: 10, posY: 20 };

describe("dsprites-vae sprites", () => {
  it("exports dSprites' grid: levels, scales, orientations with both ends, positions", () => {
    expect(LEVELS).toEqual([3, 6, 40, 32, 32]);
    expect(SCALES.map((s) => +s.toFixed(10))).toEqual([0.5, 0.6, 0.7, 0.8, 0.9, 1]);
    expect(ORIENTATIONS).toHaveLength(40);
    expect(ORIENTATIONS[0]).toBe(0);
    expect(ORIENTATIONS[39]).toBeCloseTo(2 * Math.PI, 12);
    expect(ORIENTATIONS[1]).toBeCloseTo(0.16110732, 8);
    expect(POSITIONS[31]).toBe(1);
    expect(POSITIONS[1]).toBeCloseTo(1 / 31, 12);
  });

  it("a 0/1 image whose centroid is 15.5 + 32·pos (posX a column, posY a row) for every shape", () => {
    for (const shape of [0, 1]) {
      for (const [posX, posY] of [[0, 31], [26, 14], [31, 0]]) {
        const img = renderSprite({ ...base, shape, posX, posY });
        expect(img).toHaveLength(64 * 64);
        expect(img.every((v) => v === 0 || v === 1)).toBe(true);
        const m = moments(img, 64);
        // Hard thresholding of a symmetric shape whose centre is off the pixel lattice can add a
        // column or row on one side only: up to half a pixel of centroid shift.
        expect(Math.abs(m.mx - (15.5 + 32 * POSITIONS[posX]))).toBeLessThan(0.5);
        expect(Math.abs(m.my - (15.5 + 32 * POSITIONS[posY]))).toBeLessThan(0.5);
      }
    }
  });

  it("an axis-aligned square of side SIZE_CONSTANT · scale", () => {
    for (let scale = 0; scale < 6; scale++) {
      const m = moments(renderSprite({ ...base, scale }), 64);
      const side = SIZE_CONSTANT * SCALES[scale];
      // Hard thresholding can gain or lose a row or column of pixels on each axis.
      expect(m.n).toBeGreaterThanOrEqual((side - 1) ** 2);
      expect(m.n).toBeLessThanOrEqual((side + 1) ** 2);
    }
  });

  it("an ellipse with axes 2:1 (variance ratio about 4), along x at orientation 0 and turned with it", () => {
    const flat = moments(renderSprite({ ...base, shape: 1 }), 64);
    expect(flat.l1 / flat.l2).toBeGreaterThan(3.5);
    expect(flat.l1 / flat.l2).toBeLessThan(4.5);
    const img = renderSprite({ ...base, shape: 1 });
    const row = Math.round(flat.my), col = Math.round(flat.mx);
    let across = 0, down = 0;
    for (let c = 0; c < 64; c++) across += img[row * 64 + c];
    for (let r = 0; r < 64; r++) down += img[r * 64 + col];
    expect(across / down).toBeCloseTo(2, 0);
    const quarter = renderSprite({ ...base, shape: 1, orientation: 10 }); // 10 · 2π/39 ≈ 0.51 π
    let across2 = 0;
    for (let c = 0; c < 64; c++) across2 += quarter[row * 64 + c];
    expect(across2).toBeLessThan(across * 0.6);
  });

  it("a heart: one-sided (third moments well above a square's or an ellipse's), tip down at orientation 0", () => {
    const heart = moments(renderSprite({ ...base, shape: 2 }), 64);
    const square = moments(renderSprite({ ...base, orientation: 7 }), 64);
    const ellipse = moments(renderSprite({ ...base, shape: 1, orientation: 7 }), 64);
    expect(heart.skew).toBeGreaterThan(0.06);
    expect(square.skew).toBeLessThan(0.02);
    expect(ellipse.skew).toBeLessThan(0.02);
    // The tip is below the box centre's row, so the mass (in the lobes) is above it.
    expect(heart.my).toBeLessThan(15.5 + 32 * POSITIONS[base.posY]);
  });

  it("orientations 0 and 39 (0 and 2π) draw the same image; orientation turns the picture", () => {
    for (const shape of [0, 1, 2]) {
      expect(renderSprite({ ...base, shape, orientation: 39 })).toEqual(renderSprite({ ...base, shape, orientation: 0 }));
      expect(renderSprite({ ...base, shape, orientation: 5 })).not.toEqual(renderSprite({ ...base, shape, orientation: 0 }));
    }
  });

  it("size 32 draws the same scene at half resolution: a quarter of the pixels, centroid halved", () => {
    for (const f of [base, { ...base, shape: 2, orientation: 13, scale: 2 }, { shape: 1, scale: 0, orientation: 20, posX: 31, posY: 0 }]) {
      const big = moments(renderSprite(f, 64), 64);
      const small = moments(renderSprite(f, 32), 32);
      expect(small.n / (big.n / 4)).toBeGreaterThan(0.8);
      expect(small.n / (big.n / 4)).toBeLessThan(1.2);
      expect(Math.abs(small.mx - (big.mx + 0.5) / 2 + 0.5)).toBeLessThan(0.35);
      expect(Math.abs(small.my - (big.my + 0.5) / 2 + 0.5)).toBeLessThan(0.35);
    }
  });

  it("refuses factors off the grid and a bad size", () => {
    expect(() => renderSprite({ ...base, orientation: 40 })).toThrow(/orientation must be an integer in 0..39/);
    expect(() => renderSprite({ ...base, shape: 1.5 })).toThrow(/shape/);
    expect(() => renderSprite(base, 0)).toThrow(/size/);
  });
});
