import { readFileSync } from "node:fs";
import { join } from "node:path";
import { zipSync } from "fflate";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CausalError } from "../errors/diagnostic";
import { encodeNpy } from "./encode-npy";
import { parseNpz } from "./parse-npz";
import { causalErrorMessage } from "./causal-error-message.test-util";

const fixture = (name: string) => new Uint8Array(readFileSync(join(__dirname, "fixtures", name)));

const message = causalErrorMessage;

describe("parseNpz", () => {
  for (const file of ["savez.npz", "savez-compressed.npz"]) {
    it(`${file} (written by Python's zipfile as np.savez${file.includes("compressed") ? "_compressed" : ""} does): two arrays`, () => {
      const arrays = parseNpz(fixture(file), {}, file);
      expect([...arrays.keys()]).toEqual(["a", "b"]);
      expect(arrays.get("a")).toMatchObject({ dtype: "f8", shape: [3], source: `${file}, array "a"` });
      expect(Array.from(arrays.get("a")!.data)).toEqual([1, 2, 3]);
      expect(arrays.get("b")!.data).toBeInstanceOf(Uint8Array);
      expect(Array.from(arrays.get("b")!.data)).toEqual([0, 1, 254, 255]);
    });
  }
  it("a member with ZIP64 headers", () => {
    expect(Array.from(parseNpz(fixture("zip64.npz")).get("a")!.data)).toEqual([1, 2, 3]);
  });
  it("real NumPy output (altdeep/causalML's sprites_example.npz): a dSprites image and its labels, the string member skipped", () => {
    const arrays = parseNpz(fixture("sprites_example.npz"), { arrays: ["image", "label", "cf label"] });
    expect([...arrays.keys()]).toEqual(["image", "label", "cf label"]);
    const image = arrays.get("image")!;
    expect(image).toMatchObject({ dtype: "u1", shape: [64, 64], fortranOrder: false });
    expect(new Set(image.data)).toEqual(new Set([0, 1]));
    expect(Array.from(image.data).reduce((a, b) => a + b, 0)).toBe(133); // counted by Python's zipfile + struct
    expect(Array.from(arrays.get("label")!.data)).toEqual([0, 0, 1, 13, 26, 14]);
    expect(Array.from(arrays.get("cf label")!.data)).toEqual([0, 2, 1, 13, 26, 14]);
  });
  it("reading every member of that file stops at the string array and says how to read the rest", () => {
    expect(message(() => parseNpz(fixture("sprites_example.npz"), {}, "sprites_example.npz"))).toMatch(
      /^sprites_example\.npz, array "label_names": unsupported dtype '<U11' \(an array of strings\); save it as a numeric array .*To read the others alone, ask for them: \{ arrays: \["image", "label", "cf image", "cf label"\] \}\.$/,
    );
  });
  it("a member not in the archive lists the members with a did-you-mean", () => {
    expect(message(() => parseNpz(fixture("sprites_example.npz"), { arrays: ["image", "labels"] }, "s.npz"))).toBe(
      's.npz: no array "labels" in the archive (it has: image, label, cf image, cf label, label_names). Did you mean "label"?',
    );
  });
  it("bytes that are not a ZIP archive", () => {
    expect(message(() => parseNpz(new TextEncoder().encode("not a zip"), {}, "x.npz"))).toMatch(/^x\.npz: not a readable \.npz \(ZIP\) archive/);
  });
  it("only the members asked for are inflated and parsed (a broken member elsewhere is never read)", () => {
    const zip = zipSync({ "good.npy": encodeNpy([1, 2], [2], "i4"), "bad.npy": new Uint8Array([1, 2, 3]) });
    expect(Array.from(parseNpz(zip, { arrays: ["good"] }).get("good")!.data)).toEqual([1, 2]);
    expect(message(() => parseNpz(zip))).toMatch(/array "bad": not a \.npy file/);
  });
  it("arbitrary bytes and corrupted archives fail only with a CausalError", () => {
    const valid = zipSync({ "a.npy": encodeNpy([1, 2, 3], [3], "f8") }, { level: 6 });
    const corrupted = fc.array(fc.tuple(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }).map((edits) => {
      const b = valid.slice();
      for (const [at, v] of edits) b[at] = v;
      return b;
    });
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 200 }), corrupted), (bytes) => {
        try {
          parseNpz(bytes);
        } catch (e) {
          if (!(e instanceof CausalError)) throw e;
        }
      }),
      { numRuns: 1000, interruptAfterTimeLimit: 2500 },
    );
  });
});
