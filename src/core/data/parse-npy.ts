/**
 * `parseNpy(bytes, name)`: a NumPy `.npy` file (format versions 1.0, 2.0 and 3.0) decoded into an
 * NdArray. Bytes in, array out: this file reads no files (core/io's readNpy does) and knows no ZIP
 * (parse-npz.ts does).
 *
 * The format (numpy/lib/format.py): the magic `\x93NUMPY`, a major and minor version byte, the
 * header length as a little-endian u16 (1.0) or u32 (2.0, 3.0), then the header — the repr of a
 * Python dict with 'descr', 'fortran_order' and 'shape', in latin-1 (1.0, 2.0) or UTF-8 (3.0) —
 * and then the raw data. The header is parsed by a small literal reader here (strings, booleans,
 * integers with an optional Python 2 `L`, tuples, lists; never evaluated).
 *
 * Numeric dtypes only: b1, i1, u1, i2, u2, i4, u4, i8, u8, f2, f4, f8 in any byte order (`<`, `>`,
 * `|` for one-byte types, `=` read as little-endian since NumPy writes an explicit order). u1 and b1
 * stay bytes (a Uint8Array that is a view into `bytes` when no reordering is needed: dSprites'
 * 737280×64×64 images are 3 GB as bytes and would be 24 GB as doubles); every other dtype becomes a
 * Float64Array, and an i8/u8 value beyond ±2^53 (where doubles stop counting integers) is an error
 * rather than a silent rounding. Object, string, structured, complex and datetime arrays are refused.
 *
 * Fortran-order arrays are transposed to C (row-major) order on read, so `data` is always C order:
 * NumPy writes Fortran order for any F-contiguous array (`np.save(f, a.T)`), which a user rarely
 * chooses on purpose, and every consumer here (tableFromNdArray, image loaders) indexes row-major.
 * The copy costs one pass; `fortranOrder` records what the file said.
 */
import { CausalError, error, type DiagnosticCode } from "../errors/diagnostic";

/** A decoded n-dimensional array, in C (row-major) order. */
export interface NdArray {
  /** The element type without byte order, as NumPy spells it: "b1", "u1", "i8", "f4", ... */
  readonly dtype: string;
  readonly shape: readonly number[];
  /** u1 and b1 as bytes (b1: 0 or 1), every other dtype as doubles; always C order. */
  readonly data: Float64Array | Uint8Array;
  /** Whether the file stored the array in Fortran order (it was transposed to C order on read). */
  readonly fortranOrder: boolean;
  /** The file (or npz member) it was read from, for messages. */
  readonly source?: string;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const NUMERIC = /^([<>|=]?)([biuf])(1|2|4|8)$/;
const SUPPORTED = new Set(["b1", "i1", "u1", "i2", "u2", "i4", "u4", "i8", "u8", "f2", "f4", "f8"]);

export function parseNpy(bytes: Uint8Array, name = "the .npy data"): NdArray {
  const { header, dataOffset } = readHeader(bytes, name);
  const { dtype, littleEndian, itemSize } = parseDescr(header.descr, name);
  const shape = header.shape;
  let size = 1;
  for (const d of shape) size *= d;
  const expected = size * itemSize;
  const available = bytes.length - dataOffset;
  if (available < expected) fail(name, `truncated data: the shape (${shape.join(", ")}) of ${dtype} needs ${expected} bytes of data, the file has ${available}`);
  const raw = bytes.subarray(dataOffset, dataOffset + expected);
  const data = decode(raw, dtype, littleEndian, size, name);
  return { dtype, shape, data: header.fortranOrder && shape.length > 1 ? fortranToC(data, shape) : data, fortranOrder: header.fortranOrder, source: name };
}

interface Header {
  descr: unknown;
  fortranOrder: boolean;
  shape: number[];
}

function readHeader(bytes: Uint8Array, name: string): { header: Header; dataOffset: number } {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) fail(name, "not a .npy file (it does not start with the magic \\x93NUMPY)");
  const major = bytes[6];
  const minor = bytes[7];
  if (major < 1 || major > 3 || minor !== 0) fail(name, `unsupported .npy format version ${major}.${minor} (this reader knows 1.0, 2.0 and 3.0)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const prefix = major === 1 ? 10 : 12;
  if (bytes.length < prefix) fail(name, "truncated header: the file ends inside the header length");
  const length = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  if (bytes.length < prefix + length) fail(name, `truncated header: the header says ${length} bytes, the file has ${bytes.length - prefix} after the prefix`);
  const raw = bytes.subarray(prefix, prefix + length);
  const text = major === 3 ? new TextDecoder("utf-8", { fatal: false }).decode(raw) : latin1(raw);
  const dict = parseLiteral(text, name);
  if (!(dict instanceof Map)) fail(name, `the header is not a dict: ${abbreviate(text)}`);
  for (const key of ["descr", "fortran_order", "shape"]) if (!dict.has(key)) fail(name, `the header has no '${key}' key: ${abbreviate(text)}`);
  const fortranOrder = dict.get("fortran_order");
  if (typeof fortranOrder !== "boolean") fail(name, `the header's 'fortran_order' is not True or False: ${abbreviate(text)}`);
  const shape = dict.get("shape");
  if (!Array.isArray(shape) || shape.some((d) => typeof d !== "number" || !Number.isSafeInteger(d) || d < 0)) {
    fail(name, `the header's 'shape' is not a tuple of non-negative integers: ${abbreviate(text)}`);
  }
  return { header: { descr: dict.get("descr"), fortranOrder, shape: shape as number[] }, dataOffset: prefix + length };
}

function parseDescr(descr: unknown, name: string): { dtype: string; littleEndian: boolean; itemSize: number } {
  if (typeof descr !== "string") {
    fail(name, "unsupported dtype: a structured array (record fields); save each field as its own numeric array (np.savez(f, x=a['x'], ...))");
  }
  const m = NUMERIC.exec(descr);
  const dtype = m ? `${m[2]}${m[3]}` : "";
  if (!m || !SUPPORTED.has(dtype)) {
    const what = /^[<>|=]?O/.test(descr) ? "an object array" : /^[<>|=]?[USa]/.test(descr) ? "an array of strings" : /^[<>|=]?V/.test(descr) ? "an array of raw records" : /^[<>|=]?c/.test(descr) ? "a complex array" : /^[<>|=]?[mM]/.test(descr) ? "a date/time array" : "not a numeric dtype this reader knows";
    fail(name, `unsupported dtype '${descr}' (${what}); save it as a numeric array (bool, int8-64, uint8-64, float16/32/64)`, "invalid-data");
  }
  const order = m[1];
  const itemSize = Number(m[3]);
  if (order === "|" && itemSize > 1) fail(name, `dtype '${descr}' has no byte order ('|' is for one-byte types)`);
  return { dtype, littleEndian: order !== ">", itemSize };
}

function decode(raw: Uint8Array, dtype: string, le: boolean, size: number, name: string): Float64Array | Uint8Array {
  if (dtype === "u1") return raw;
  if (dtype === "b1") {
    for (let i = 0; i < size; i++) if (raw[i] > 1) return raw.map((b) => (b ? 1 : 0));
    return raw;
  }
  const v = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const out = new Float64Array(size);
  switch (dtype) {
    case "i1": for (let i = 0; i < size; i++) out[i] = v.getInt8(i); break;
    case "i2": for (let i = 0; i < size; i++) out[i] = v.getInt16(2 * i, le); break;
    case "u2": for (let i = 0; i < size; i++) out[i] = v.getUint16(2 * i, le); break;
    case "i4": for (let i = 0; i < size; i++) out[i] = v.getInt32(4 * i, le); break;
    case "u4": for (let i = 0; i < size; i++) out[i] = v.getUint32(4 * i, le); break;
    case "f2": for (let i = 0; i < size; i++) out[i] = halfToNumber(v.getUint16(2 * i, le)); break;
    case "f4": for (let i = 0; i < size; i++) out[i] = v.getFloat32(4 * i, le); break;
    case "f8": for (let i = 0; i < size; i++) out[i] = v.getFloat64(8 * i, le); break;
    case "i8": case "u8": decode64(v, dtype === "i8", le, out, name); break;
  }
  return out;
}

const TWO_32 = 4294967296;
const TWO_21 = 2097152; // 2^53 / 2^32

/** i8/u8 from two 32-bit halves (no BigInt per element); |value| > 2^53 is an error, not a rounding. */
function decode64(v: DataView, signed: boolean, le: boolean, out: Float64Array, name: string): void {
  for (let i = 0; i < out.length; i++) {
    const hiAt = le ? 8 * i + 4 : 8 * i;
    const loAt = le ? 8 * i : 8 * i + 4;
    const hi = signed ? v.getInt32(hiAt, le) : v.getUint32(hiAt, le);
    const lo = v.getUint32(loAt, le);
    if (!(hi >= -TWO_21 && hi < TWO_21) && !(hi === TWO_21 && lo === 0)) {
      const exact = signed ? v.getBigInt64(8 * i, le) : v.getBigUint64(8 * i, le);
      fail(name, `element ${i} is ${exact}, beyond ±2^53 where doubles stop holding every integer exactly; save it as float64 (or rescale it) if rounding is acceptable`, "invalid-data");
    }
    out[i] = hi * TWO_32 + lo;
  }
}

/** IEEE 754 binary16 -> number (subnormals, infinities and NaN included). */
export function halfToNumber(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction ? NaN : sign * Infinity;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

/** Column-major data of `shape` reordered to row-major: the first axis varies fastest in the input. */
function fortranToC<T extends Float64Array | Uint8Array>(data: T, shape: readonly number[]): T {
  const out = (data instanceof Uint8Array ? new Uint8Array(data.length) : new Float64Array(data.length)) as T;
  if (data.length === 0) return out;
  const n = shape.length;
  const strides = new Array<number>(n);
  strides[n - 1] = 1;
  for (let k = n - 2; k >= 0; k--) strides[k] = strides[k + 1] * shape[k + 1];
  const index = new Array<number>(n).fill(0);
  let dest = 0;
  for (let f = 0; f < data.length; f++) {
    out[dest] = data[f];
    for (let k = 0; k < n; k++) {
      if (++index[k] < shape[k]) {
        dest += strides[k];
        break;
      }
      index[k] = 0;
      dest -= (shape[k] - 1) * strides[k];
    }
  }
  return out;
}

// ---- the header literal: a Python dict repr, read without evaluating anything ----

type Literal = string | number | boolean | null | Literal[] | Map<string, Literal>;

function parseLiteral(text: string, name: string): Literal {
  let at = 0;
  const bad = (what: string): never => fail(name, `the header is not a Python literal (${what} at character ${at}): ${abbreviate(text)}`);
  const skip = () => {
    while (at < text.length && /\s/.test(text[at])) at++;
  };
  const value = (depth: number): Literal => {
    if (depth > 32) bad("nested too deeply");
    skip();
    const c = text[at];
    if (c === "{") {
      at++;
      const map = new Map<string, Literal>();
      for (;;) {
        skip();
        if (text[at] === "}") return at++, map;
        const key = value(depth + 1);
        if (typeof key !== "string") bad("a dict key that is not a string");
        skip();
        if (text[at++] !== ":") bad("a missing ':'");
        map.set(key as string, value(depth + 1));
        skip();
        if (text[at] === ",") at++;
        else if (text[at] !== "}") bad("a missing ',' or '}'");
      }
    }
    if (c === "(" || c === "[") {
      const close = c === "(" ? ")" : "]";
      at++;
      const items: Literal[] = [];
      for (;;) {
        skip();
        if (text[at] === close) return at++, items;
        items.push(value(depth + 1));
        skip();
        if (text[at] === ",") at++;
        else if (text[at] !== close) bad(`a missing ',' or '${close}'`);
      }
    }
    if (c === "'" || c === '"') {
      at++;
      let s = "";
      while (at < text.length && text[at] !== c) {
        if (text[at] === "\\") at++;
        s += text[at++] ?? "";
      }
      if (at >= text.length) bad("an unclosed string");
      at++;
      return s;
    }
    const word = /^(True|False|None|-?\d+L?)/.exec(text.slice(at, at + 40));
    if (!word) return bad(at >= text.length ? "an unexpected end" : `an unexpected ${JSON.stringify(c)}`);
    at += word[0].length;
    if (word[0] === "True") return true;
    if (word[0] === "False") return false;
    if (word[0] === "None") return null;
    return Number(word[0].replace("L", ""));
  };
  const result = value(0);
  skip();
  if (at < text.length) bad("text after the literal");
  return result;
}

function latin1(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
  return s;
}

function abbreviate(text: string): string {
  const t = text.trim();
  return JSON.stringify(t.length > 120 ? `${t.slice(0, 117)}...` : t);
}

function fail(name: string, message: string, code: DiagnosticCode = "unreadable-data-file"): never {
  throw new CausalError(error(code, `${name}: ${message}.`));
}
