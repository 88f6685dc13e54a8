/**
 * Tiny PNGs written byte by byte for tests of image figures (8-bit RGB, no interlace): the signature,
 * IHDR, one zlib-deflated IDAT of filter-0 scanlines, IEND, each chunk with its CRC-32. A test that
 * draws one knows every pixel it should see.
 */
import { crc32, deflateSync } from "node:zlib";

const chunk = (type: string, data: Buffer) => {
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const len = Buffer.alloc(4), crc = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
};

/** A `width` × `height` PNG whose pixel at column x, row y (from the top left) is `rgb(x, y)`. */
export function pngBytes(width: number, height: number, rgb: (x: number, y: number) => [number, number, number]): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // bit depth 8, colour type 2 (RGB), deflate, filter 0, no interlace
  const raw = Buffer.alloc(height * (1 + 3 * width));
  for (let y = 0; y < height; y++) {
    const row = y * (1 + 3 * width); // each scanline starts with its filter byte, 0 (none)
    for (let x = 0; x < width; x++) raw.set(rgb(x, y), row + 1 + 3 * x);
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", ihdr), chunk("IDAT", deflateSync(raw)), chunk("IEND", Buffer.alloc(0))]);
}

/** The same PNG as the data URI an image mark's `src` takes. */
export const pngDataUri = (width: number, height: number, rgb: (x: number, y: number) => [number, number, number]) =>
  `data:image/png;base64,${pngBytes(width, height, rgb).toString("base64")}`;
