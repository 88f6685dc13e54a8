import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CausalError } from "../errors/diagnostic";
import { encodeNpy, numberToHalf } from "./encode-npy";
import { halfToNumber, parseNpy } from "./parse-npy";
import { causalErrorMessage } from "./causal-error-message.test-util";

const fixture = (name: string) => new Uint8Array(readFileSync(join(__dirname, "fixtures", name)));

/** A .npy written by hand: magic, version, header length, the header text, then `data`. */
function handMade(header: string, data: number[], version = 1): Uint8Array {
  const text = new TextEncoder().encode(header);
  const prefix = version === 1 ? [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, text.length & 0xff, text.length >> 8] : [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0, text.length & 0xff, text.length >> 8, 0, 0];
  return new Uint8Array([...prefix, ...text, ...data]);
}
const dict = (descr: string, shape: string, fortran = "False") => `{'descr': '${descr}', 'fortran_order': ${fortran}, 'shape': ${shape}, }\n`;

const message = causalErrorMessage;

describe("parseNpy: hand-written headers, each dtype and byte order", () => {
  const cases: [string, number[], number[]][] = [
    ["|u1", [0, 7, 255], [0, 7, 255]],
    ["|b1", [1, 0, 1], [1, 0, 1]],
    ["|i1", [0xff, 0x80, 5], [-1, -128, 5]],
    ["<i2", [0xfe, 0xff, 0x00, 0x01], [-2, 256]],
    [">i2", [0xff, 0xfe, 0x01, 0x00], [-2, 256]],
    ["<u2", [0xfe, 0xff], [65534]],
    [">u2", [0xfe, 0xff], [65279]],
    ["<i4", [0xff, 0xff, 0xff, 0xff, 1, 0, 0, 0], [-1, 1]],
    [">i4", [0xff, 0xff, 0xff, 0xfe], [-2]],
    ["<u4", [0xff, 0xff, 0xff, 0xff], [4294967295]],
    ["=u4", [1, 0, 0, 0], [1]],
    ["<i8", [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 1, 0, 0, 0], [-1, 4294967296]],
    [">i8", [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe], [-2]],
    ["<u8", [0, 0, 0, 0, 0, 0, 0x20, 0], [2 ** 53]],
    [">u8", [0, 0x1f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], [2 ** 53 - 1]],
    ["<f2", [0x00, 0x3c, 0x00, 0xc0, 0x01, 0x00, 0x00, 0x7c], [1, -2, 2 ** -24, Infinity]],
    [">f2", [0x3c, 0x00, 0x7b, 0xff], [1, 65504]],
    ["<f4", [0, 0, 0xc0, 0x3f], [1.5]],
    [">f4", [0x3f, 0xc0, 0, 0], [1.5]],
    ["<f8", [0, 0, 0, 0, 0, 0, 0xf0, 0x3f], [1]],
    [">f8", [0xc0, 0, 0, 0, 0, 0, 0, 0], [-2]],
  ];
  for (const [descr, bytes, values] of cases) {
    it(`${descr} -> ${values.join(", ")}`, () => {
      const a = parseNpy(handMade(dict(descr, `(${values.length},)`), bytes));
      expect(a.dtype).toBe(descr.slice(1));
      expect(a.shape).toEqual([values.length]);
      expect(Array.from(a.data)).toEqual(values);
      expect(a.data).toBeInstanceOf(descr.endsWith("u1") || descr.endsWith("b1") ? Uint8Array : Float64Array);
    });
  }
  it("reads versions 2.0 and 3.0 (u32 header length; 3.0 is UTF-8), a 0-d scalar and an empty array", () => {
    expect(Array.from(parseNpy(handMade(dict("<i2", "(2,)"), [1, 0, 2, 0], 2)).data)).toEqual([1, 2]);
    expect(Array.from(parseNpy(handMade(`{"descr": "<i2", "fortran_order": False, "shape": (1,), "note": "é"}`, [9, 0], 3)).data)).toEqual([9]);
    const scalar = parseNpy(handMade(dict("<f8", "()"), [0, 0, 0, 0, 0, 0, 0xf0, 0x3f]));
    expect(scalar.shape).toEqual([]);
    expect(Array.from(scalar.data)).toEqual([1]);
    expect(parseNpy(handMade(dict("<f8", "(0, 3)"), [])).data.length).toBe(0);
  });
  it("accepts Python 2 long literals in the shape (3L, 2L) and a list for the shape", () => {
    expect(parseNpy(handMade(dict("|u1", "(3L, 2L)"), [1, 2, 3, 4, 5, 6])).shape).toEqual([3, 2]);
    expect(parseNpy(handMade(dict("|u1", "[2]"), [1, 2])).shape).toEqual([2]);
  });
  it("a b1 byte other than 0/1 reads as 1", () => {
    expect(Array.from(parseNpy(handMade(dict("|b1", "(2,)"), [0, 7])).data)).toEqual([0, 1]);
  });
  it("u1 data is a view into the bytes, not a copy (3 GB of images stay 3 GB)", () => {
    const bytes = handMade(dict("|u1", "(2,)"), [4, 5]);
    expect(parseNpy(bytes).data.buffer).toBe(bytes.buffer);
  });
  it("half floats: every one of the 65536 bit patterns round-trips through numberToHalf (NaN aside)", () => {
    for (let h = 0; h < 0x10000; h++) {
      const x = halfToNumber(h);
      if (!Number.isNaN(x)) expect(numberToHalf(x)).toBe(h);
    }
  });
});

describe("parseNpy: Fortran order is transposed to C order", () => {
  it("a (2, 3) array stored column-major", () => {
    const a = parseNpy(handMade(dict("<i4", "(2, 3)", "True"), [1, 4, 2, 5, 3, 6].flatMap((v) => [v, 0, 0, 0])));
    expect(a.fortranOrder).toBe(true);
    expect(Array.from(a.data)).toEqual([1, 2, 3, 4, 5, 6]);
  });
  it("a (2, 3, 4) u1 array, against encodeNpy's independent reordering", () => {
    const values = Array.from({ length: 24 }, (_, i) => i);
    const a = parseNpy(encodeNpy(values, [2, 3, 4], "u1", { fortranOrder: true }));
    expect(Array.from(a.data)).toEqual(values);
  });
});

describe("parseNpy: the fixtures written by make-fixtures.py (Python's struct, not this encoder)", () => {
  it("c-order-f8.npy (3, 4)", () => {
    const a = parseNpy(fixture("c-order-f8.npy"), "c-order-f8.npy");
    expect(a).toMatchObject({ dtype: "f8", shape: [3, 4], fortranOrder: false, source: "c-order-f8.npy" });
    expect(Array.from(a.data)).toEqual(Array.from({ length: 12 }, (_, k) => 0.5 * k - 1));
  });
  it("fortran-order-i4.npy (2, 3)", () => {
    const a = parseNpy(fixture("fortran-order-i4.npy"));
    expect(a.fortranOrder).toBe(true);
    expect(Array.from(a.data)).toEqual([1, 2, 3, 4, 5, 6]);
  });
  it("u1-2x8x8.npy", () => {
    const a = parseNpy(fixture("u1-2x8x8.npy"));
    expect(a.shape).toEqual([2, 8, 8]);
    expect(a.data).toBeInstanceOf(Uint8Array);
    expect(a.data[1 * 64 + 2 * 8 + 3]).toBe(((64 + 16 + 3) * 3) % 256);
  });
  it("bool.npy, i8.npy (±2^53 exactly), f2.npy, big-endian-f4.npy", () => {
    expect(Array.from(parseNpy(fixture("bool.npy")).data)).toEqual([1, 0, 0, 1, 1]);
    expect(Array.from(parseNpy(fixture("i8.npy")).data)).toEqual([-(2 ** 53), -1, 0, 2 ** 53]);
    expect(Array.from(parseNpy(fixture("f2.npy")).data)).toEqual([0, 1, -2.5, 65504, 2 ** -24, Infinity]);
    const f4 = parseNpy(fixture("big-endian-f4.npy"));
    expect(f4.dtype).toBe("f4");
    expect(Array.from(f4.data)).toEqual([1.5, -0.25, 3, Math.fround(1e-3)]);
  });
});

describe("parseNpy: errors name the file and what is wrong", () => {
  it("bad magic, unknown version, truncated header and data", () => {
    expect(message(() => parseNpy(new TextEncoder().encode("a,b\n1,2\n"), "x.npy"))).toMatch(/^x\.npy: not a \.npy file/);
    const v9 = handMade(dict("<f8", "(1,)"), []);
    v9[6] = 9;
    expect(message(() => parseNpy(v9, "x.npy"))).toMatch(/version 9\.0/);
    expect(message(() => parseNpy(handMade(dict("<f8", "(1,)"), []).subarray(0, 30), "x.npy"))).toMatch(/truncated header/);
    expect(message(() => parseNpy(handMade(dict("<f8", "(3, 2)"), new Array(40).fill(0)), "x.npy"))).toBe(
      "x.npy: truncated data: the shape (3, 2) of f8 needs 48 bytes of data, the file has 40.",
    );
  });
  it("a header that is not a dict, lacks a key, or is not a literal", () => {
    expect(message(() => parseNpy(handMade("('<f8', False, (1,))\n", [])))).toMatch(/the header is not a dict/);
    expect(message(() => parseNpy(handMade("{'descr': '<f8', 'shape': (1,)}\n", [])))).toMatch(/no 'fortran_order' key/);
    expect(message(() => parseNpy(handMade("{'descr': '<f8', 'fortran_order': 0, 'shape': (1,)}\n", [])))).toMatch(/'fortran_order' is not True or False/);
    expect(message(() => parseNpy(handMade("{'descr': '<f8', 'fortran_order': False, 'shape': (-1,)}\n", [])))).toMatch(/'shape' is not a tuple of non-negative integers/);
    expect(message(() => parseNpy(handMade("{'descr': __import__('os'), }\n", [])))).toMatch(/not a Python literal/);
  });
  it("object, string, structured, complex and date arrays are refused, asking for a numeric array", () => {
    expect(message(() => parseNpy(handMade(dict("|O", "(1,)"), []), "m.npy"))).toBe(
      "m.npy: unsupported dtype '|O' (an object array); save it as a numeric array (bool, int8-64, uint8-64, float16/32/64).",
    );
    expect(message(() => parseNpy(handMade(dict("<U11", "(1,)"), [])))).toMatch(/'<U11' \(an array of strings\)/);
    expect(message(() => parseNpy(handMade(dict("|S3", "(1,)"), [])))).toMatch(/an array of strings/);
    expect(message(() => parseNpy(handMade(dict("<c16", "(1,)"), [])))).toMatch(/a complex array/);
    expect(message(() => parseNpy(handMade(dict("<M8[ns]", "(1,)"), [])))).toMatch(/a date\/time array/);
    expect(message(() => parseNpy(handMade("{'descr': [('x', '<f8'), ('y', '<i4')], 'fortran_order': False, 'shape': (1,), }\n", [])))).toMatch(/structured array/);
    expect(message(() => parseNpy(handMade(dict("|i4", "(1,)"), [0, 0, 0, 0])))).toMatch(/no byte order/);
  });
  it("an i8 or u8 beyond ±2^53 is an error naming the element and its exact value", () => {
    const big = parseNpyError(encodeBig(2n ** 53n + 1n, "<i8"));
    expect(big).toMatch(/element 1 is 9007199254740993, beyond ±2\^53/);
    expect(parseNpyError(encodeBig(-(2n ** 53n) - 1n, "<i8"))).toMatch(/element 1 is -9007199254740993/);
    expect(parseNpyError(encodeBig(2n ** 64n - 1n, ">u8"))).toMatch(/18446744073709551615/);
  });
});

function encodeBig(value: bigint, descr: string): Uint8Array {
  const data = new Uint8Array(16);
  const view = new DataView(data.buffer);
  const le = descr[0] === "<";
  if (descr.endsWith("u8")) view.setBigUint64(8, value, le);
  else view.setBigInt64(8, value, le);
  return handMade(dict(descr, "(2,)"), Array.from(data));
}
const parseNpyError = (bytes: Uint8Array) => message(() => parseNpy(bytes, "big.npy"));

describe("parseNpy: properties", () => {
  const ranges: Record<string, fc.Arbitrary<number>> = {
    b1: fc.integer({ min: 0, max: 1 }),
    u1: fc.integer({ min: 0, max: 255 }),
    i1: fc.integer({ min: -128, max: 127 }),
    i2: fc.integer({ min: -32768, max: 32767 }),
    u2: fc.integer({ min: 0, max: 65535 }),
    i4: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
    u4: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
    i8: fc.oneof(fc.maxSafeInteger(), fc.constantFrom(2 ** 53, -(2 ** 53), -1, 2 ** 32, -(2 ** 32) - 1)),
    u8: fc.oneof(fc.integer({ min: 0, max: 2 ** 32 }), fc.constantFrom(0, 2 ** 53, 2 ** 53 - 1, 2 ** 40 + 7)),
    f2: fc.integer({ min: 0, max: 0xffff }).map(halfToNumber).filter((x) => !Number.isNaN(x)),
    f4: fc.float({ noNaN: true }),
    f8: fc.double({ noNaN: true }),
  };
  const spec = fc
    .record({
      dtype: fc.constantFrom(...Object.keys(ranges)),
      shape: fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 4 }),
      order: fc.constantFrom<"<" | ">">("<", ">"),
      fortranOrder: fc.boolean(),
      version: fc.constantFrom<1 | 2 | 3>(1, 2, 3),
    })
    .chain((s) => {
      const size = s.shape.reduce((a, b) => a * b, 1);
      return fc.record({ s: fc.constant(s), values: fc.array(ranges[s.dtype], { minLength: size, maxLength: size }) });
    });
  it("what encodeNpy writes, parseNpy reads back: every dtype, byte order, shape, order and version", () => {
    fc.assert(
      fc.property(spec, ({ s, values }) => {
        const byteOrder = s.dtype === "u1" || s.dtype === "i1" || s.dtype === "b1" ? "|" : s.order;
        const a = parseNpy(encodeNpy(values, s.shape, s.dtype, { byteOrder, fortranOrder: s.fortranOrder, version: s.version }));
        expect(a.dtype).toBe(s.dtype);
        expect(a.shape).toEqual(s.shape);
        expect(Array.from(a.data)).toEqual(values);
      }),
      { numRuns: 300 },
    );
  });
  it("arbitrary bytes (and corrupted valid files) fail only with a CausalError", () => {
    const valid = encodeNpy([1, 2, 3, 4, 5, 6], [2, 3], "f8");
    const corrupted = fc.array(fc.tuple(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }).chain((edits) =>
      fc.nat(valid.length).map((cut) => {
        const b = valid.slice(0, Math.max(cut, 10));
        for (const [at, v] of edits) if (at < b.length) b[at] = v;
        return b;
      }),
    );
    const started = Date.now();
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 200 }), corrupted), (bytes) => {
        try {
          parseNpy(bytes);
        } catch (e) {
          if (!(e instanceof CausalError)) throw e;
        }
      }),
      { numRuns: 2000, interruptAfterTimeLimit: 2500 },
    );
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
