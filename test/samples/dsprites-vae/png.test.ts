// samples/dsprites-vae/png.ts: the PNG's signature and IHDR bytes, every chunk's CRC-32 (against
// the standard check value and a reference computed here bit by bit), IDAT inflating back to the
// filter-prefixed pixels, the data URI, and imageGrid's layout.
import { inflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { PNG_SIGNATURE, crc32, encodePng, imageGrid, pngDataUri } from "../../../samples/dsprites-vae/png";

function chunks(png: Uint8Array): { type: string; data: Uint8Array; crc: number; crcInput: Uint8Array }[] {
  const v = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const out = [];
  for (let o = 8; o < png.length; ) {
    const len = v.getUint32(o);
    const type = String.fromCharCode(...png.subarray(o + 4, o + 8));
    out.push({ type, data: png.subarray(o + 8, o + 8 + len), crc: v.getUint32(o + 8 + len), crcInput: png.subarray(o + 4, o + 8 + len) });
    o += 12 + len;
  }
  return out;
}

/** CRC-32 one bit at a time (no table), to check the table-driven one. */
function crcBitwise(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return (c ^ 0xffffffff) >>> 0;
}

describe("dsprites-vae png", () => {
  it("crc32 gives the standard check value for '123456789'", () => {
    expect(crc32(new TextEncoder().encode("123456789"))).toBe(0xcbf43926);
  });

  it("signature, IHDR (width, height, 8-bit grayscale), IDAT, IEND, each with a correct CRC", () => {
    const w = 5, h = 3;
    const px = Uint8Array.from({ length: w * h }, (_, i) => (i * 37) % 256);
    const png = encodePng(px, w, h);
    expect(Array.from(png.subarray(0, 8))).toEqual(PNG_SIGNATURE);
    expect(Array.from(png.subarray(0, 8))).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
    const cs = chunks(png);
    expect(cs.map((c) => c.type)).toEqual(["IHDR", "IDAT", "IEND"]);
    expect(Array.from(cs[0].data)).toEqual([0, 0, 0, 5, 0, 0, 0, 3, 8, 0, 0, 0, 0]);
    expect(cs[2].data).toHaveLength(0);
    for (const c of cs) expect(c.crc).toBe(crcBitwise(c.crcInput));
    expect(cs[2].crc).toBe(0xae426082); // IEND's CRC, the same in every PNG
    const raw = new Uint8Array(inflateSync(cs[1].data));
    expect(raw).toHaveLength(h * (w + 1));
    for (let r = 0; r < h; r++) {
      expect(raw[r * (w + 1)]).toBe(0);
      expect(Array.from(raw.subarray(r * (w + 1) + 1, (r + 1) * (w + 1)))).toEqual(Array.from(px.subarray(r * w, (r + 1) * w)));
    }
  });

  it("refuses a pixel count that does not match the size", () => {
    expect(() => encodePng(new Uint8Array(5), 2, 3)).toThrow(/expected 6 pixels/);
    expect(() => encodePng(new Uint8Array(0), 0, 0)).toThrow(/positive/);
  });

  it("pngDataUri is base64 of the bytes", () => {
    const png = encodePng(new Uint8Array([0, 255]), 2, 1);
    const uri = pngDataUri(png);
    expect(uri.startsWith("data:image/png;base64,iVBORw0KGgo")).toBe(true);
    expect(new Uint8Array(Buffer.from(uri.split(",")[1], "base64"))).toEqual(png);
  });

  it("imageGrid tiles images row by row with gray padding, values scaled to 0..255 and clamped", () => {
    const a = Float64Array.of(0, 1, 0.5, 2);
    const b = Uint8Array.of(1, 1, 1, 1);
    const c = Float64Array.of(-1, 0, 0, 0);
    const g = imageGrid([a, b, c], 2, 2, 1);
    expect([g.width, g.height]).toEqual([1 + 2 * 3, 1 + 2 * 3]);
    const at = (x: number, y: number) => g.pixels[y * g.width + x];
    expect([at(1, 1), at(2, 1), at(1, 2), at(2, 2)]).toEqual([0, 255, 128, 255]); // a, top left
    expect([at(4, 1), at(5, 1), at(4, 2), at(5, 2)]).toEqual([255, 255, 255, 255]); // b, top right
    expect([at(1, 4), at(2, 4)]).toEqual([0, 0]); // c, second row
    expect([at(0, 0), at(3, 1), at(4, 4), at(6, 6)]).toEqual([128, 128, 128, 128]); // padding and the empty cell
    expect(() => imageGrid([new Float64Array(3)], 1, 2)).toThrow(/image 0 has 3 values/);
    const png = encodePng(g.pixels, g.width, g.height);
    expect(chunks(png)[0].data[3]).toBe(7);
  });
});
