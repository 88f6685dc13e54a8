/**
 * `encodeNpy(values, shape, dtype, options)`: the bytes NumPy's `np.save` writes for an array
 * (format 1.0 unless asked otherwise, header padded so the data starts on a 64-byte boundary, as
 * numpy/lib/format.py does). The inverse of parseNpy, used by its tests and for small fixtures;
 * it does not round values to the dtype's range (a value the dtype cannot hold is the caller's
 * mistake and wraps as DataView does).
 */
export interface EncodeNpyOptions {
  /** "<" (default), ">" or "|"; "|" only makes sense for one-byte dtypes. */
  byteOrder?: "<" | ">" | "|" | "=";
  /** Store column-major: `values` are still given in C order and are reordered here. */
  fortranOrder?: boolean;
  version?: 1 | 2 | 3;
}

export function encodeNpy(values: ArrayLike<number>, shape: readonly number[], dtype: string, options: EncodeNpyOptions = {}): Uint8Array {
  const itemSize = Number(dtype.slice(1));
  const order = options.byteOrder ?? (itemSize === 1 ? "|" : "<");
  const le = order !== ">";
  const version = options.version ?? 1;
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
  let header = `{'descr': '${order}${dtype}', 'fortran_order': ${options.fortranOrder ? "True" : "False"}, 'shape': ${shapeText}, }`;
  const prefix = version === 1 ? 10 : 12;
  header += " ".repeat(63 - ((prefix + header.length) % 64)) + "\n";
  const headerBytes = new TextEncoder().encode(header);
  const ordered = options.fortranOrder ? cToFortran(values, shape) : values;
  const out = new Uint8Array(prefix + headerBytes.length + ordered.length * itemSize);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  const view = new DataView(out.buffer);
  if (version === 1) view.setUint16(8, headerBytes.length, true);
  else view.setUint32(8, headerBytes.length, true);
  out.set(headerBytes, prefix);
  const at = prefix + headerBytes.length;
  for (let i = 0; i < ordered.length; i++) writeItem(view, at + i * itemSize, dtype, ordered[i], le);
  return out;
}

function writeItem(view: DataView, at: number, dtype: string, x: number, le: boolean): void {
  switch (dtype) {
    case "b1": case "u1": return view.setUint8(at, x);
    case "i1": return view.setInt8(at, x);
    case "i2": return view.setInt16(at, x, le);
    case "u2": return view.setUint16(at, x, le);
    case "i4": return view.setInt32(at, x, le);
    case "u4": return view.setUint32(at, x, le);
    case "i8": return view.setBigInt64(at, BigInt(x), le);
    case "u8": return view.setBigUint64(at, BigInt(x), le);
    case "f2": return view.setUint16(at, numberToHalf(x), le);
    case "f4": return view.setFloat32(at, x, le);
    case "f8": return view.setFloat64(at, x, le);
    default: throw new Error(`encodeNpy: unknown dtype ${dtype}`);
  }
}

/** number -> IEEE 754 binary16, round to nearest even (exact for values a half can hold). */
export function numberToHalf(x: number): number {
  if (Number.isNaN(x)) return 0x7e00;
  const sign = x < 0 || Object.is(x, -0) ? 0x8000 : 0;
  const a = Math.abs(x);
  if (a >= 65520) return sign | 0x7c00;
  if (a < 2 ** -14) return sign | Math.round(a * 2 ** 24); // subnormal (rounds half to even via Math.round only approximately)
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e--;
  let f = Math.round((a / 2 ** e - 1) * 1024);
  if (f === 1024) {
    f = 0;
    e++;
  }
  return sign | ((e + 15) << 10) | f;
}

function cToFortran(values: ArrayLike<number>, shape: readonly number[]): number[] {
  const n = shape.length;
  const out = new Array<number>(values.length);
  const strides = new Array<number>(n);
  strides[n - 1] = 1;
  for (let k = n - 2; k >= 0; k--) strides[k] = strides[k + 1] * shape[k + 1];
  const index = new Array<number>(n).fill(0);
  for (let f = 0; f < values.length; f++) {
    let c = 0;
    for (let k = 0; k < n; k++) c += index[k] * strides[k];
    out[f] = values[c];
    for (let k = 0; k < n && ++index[k] >= shape[k]; k++) index[k] = 0;
  }
  return out;
}
