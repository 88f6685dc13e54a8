/**
 * A minimal PNG encoder for the sample's figures (grayscale, 8 bits, no interlace; zlib by
 * node:zlib, CRC-32 here), and a tiler that lays images out as one grid. PNG (RFC 2083 / ISO 15948):
 * the 8-byte signature, then chunks of length (u32 big-endian), type, data and the CRC-32 of type
 * and data: IHDR, IDAT (the zlib stream of filter-byte-prefixed scanlines), IEND.
 */
import { deflateSync } from "node:zlib";

export const PNG_SIGNATURE: readonly number[] = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 (the ISO 3309 / zlib polynomial, reflected, as PNG uses it). */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/** An 8-bit grayscale PNG of `pixels` (row-major, 0..255, width x height). */
export function encodePng(pixels: Uint8Array, width: number, height: number): Uint8Array {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) throw new RangeError(`width and height must be positive integers, got ${width} x ${height}`);
  if (pixels.length !== width * height) throw new RangeError(`expected ${width * height} pixels for ${width} x ${height}, got ${pixels.length}`);
  const ihdr = new Uint8Array(13);
  const hv = new DataView(ihdr.buffer);
  hv.setUint32(0, width);
  hv.setUint32(4, height);
  ihdr.set([8, 0, 0, 0, 0], 8); // bit depth 8, colour type 0 (grayscale), deflate, adaptive filters, no interlace
  // Each scanline starts with filter type 0 (None): these images are tiny, so no filter search.
  const raw = new Uint8Array(height * (width + 1));
  for (let r = 0; r < height; r++) raw.set(pixels.subarray(r * width, (r + 1) * width), r * (width + 1) + 1);
  const parts = [Uint8Array.from(PNG_SIGNATURE), chunk("IHDR", ihdr), chunk("IDAT", new Uint8Array(deflateSync(raw))), chunk("IEND", new Uint8Array(0))];
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** A `data:image/png;base64,...` URI (for an <img> in a figure). */
export function pngDataUri(bytes: Uint8Array): string {
  return `data:image/png;base64,${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64")}`;
}

export interface GrayImage {
  pixels: Uint8Array;
  width: number;
  height: number;
}

/**
 * size x size images (values in [0, 1], clamped; NaN drawn as 0) tiled `cols` to a row with `pad` pixels of
 * mid-gray (128) between and around them, as one 0..255 buffer.
 */
export function imageGrid(images: readonly ArrayLike<number>[], cols: number, size: number, pad = 2): GrayImage {
  if (!Number.isInteger(cols) || cols < 1) throw new RangeError(`cols must be a positive integer, got ${cols}`);
  if (!Number.isInteger(pad) || pad < 0) throw new RangeError(`pad must be a non-negative integer, got ${pad}`);
  images.forEach((img, i) => {
    if (img.length !== size * size) throw new RangeError(`image ${i} has ${img.length} values, expected ${size} x ${size}`);
  });
  const rows = Math.max(1, Math.ceil(images.length / cols));
  const width = pad + cols * (size + pad);
  const height = pad + rows * (size + pad);
  const pixels = new Uint8Array(width * height).fill(128);
  images.forEach((img, i) => {
    const x0 = pad + (i % cols) * (size + pad);
    const y0 = pad + Math.floor(i / cols) * (size + pad);
    for (let r = 0; r < size; r++) {
      for (let c = 0; c < size; c++) {
        const v = Math.min(1, Math.max(0, img[r * size + c]));
        pixels[(y0 + r) * width + x0 + c] = Math.round(255 * (Number.isNaN(v) ? 0 : v));
      }
    }
  });
  return { pixels, width, height };
}
