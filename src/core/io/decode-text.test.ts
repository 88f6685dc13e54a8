// Strict UTF-8 reading of model, graph and parameters files (issue 13, item 16): UTF-16, Latin-1 and binary
// files are refused with a reason and a position, never decoded into U+FFFD or NUL-laden names.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeText, firstInvalidUtf8 } from "./decode-text";

const enc = new TextEncoder();
const message = (r: ReturnType<typeof decodeText>) => ("diagnostic" in r ? r.diagnostic.message : `text: ${r.text}`);
const utf16le = (s: string) => Uint8Array.from(Buffer.from(s, "utf16le"));
const utf16be = (s: string) => { const b = utf16le(s); for (let i = 0; i + 1 < b.length; i += 2) [b[i], b[i + 1]] = [b[i + 1], b[i]]; return b; };
const SOURCE = 'import { scm, bernoulli } from "causal-studio";\nexport default scm("m").variable("x", () => bernoulli(0.5));\n';

describe("decodeText", () => {
  it("reads UTF-8, with or without a byte-order mark, to the same text", () => {
    expect(decodeText(enc.encode("naïve ∑ 🎲"), "f")).toEqual({ text: "naïve ∑ 🎲" });
    expect(decodeText(Uint8Array.from([0xef, 0xbb, 0xbf, ...enc.encode("x")]), "f")).toEqual({ text: "x" });
  });

  it("says a UTF-16 file (with or without a byte-order mark) is not UTF-8 and looks like UTF-16", () => {
    expect(message(decodeText(Uint8Array.from([0xff, 0xfe, ...utf16le(SOURCE)]), "m.causal.ts"))).toBe("cannot read m.causal.ts: not valid UTF-8 (looks like UTF-16 LE, with a byte-order mark); save it as UTF-8");
    expect(message(decodeText(Uint8Array.from([0xfe, 0xff, ...utf16be(SOURCE)]), "m"))).toContain("not valid UTF-8 (looks like UTF-16 BE, with a byte-order mark)");
    expect(message(decodeText(utf16le(SOURCE), "m"))).toContain("not valid UTF-8 (looks like UTF-16 LE); save it as UTF-8");
    expect(message(decodeText(utf16be(SOURCE), "m"))).toContain("not valid UTF-8 (looks like UTF-16 BE)");
  });

  it("points at the first Latin-1 byte by line and column and reads it as Latin-1", () => {
    const latin1 = Uint8Array.from(Buffer.from('// ok\nconst café = 1;\n', "latin1"));
    const r = decodeText(latin1, "m.causal.ts", "/abs/m.causal.ts");
    if (!("diagnostic" in r)) throw new Error("decoded");
    expect(r.diagnostic.message).toBe('cannot read m.causal.ts: not valid UTF-8: byte 0xE9 at line 2, column 10 (the file looks like Latin-1 or Windows-1252, where it reads "é"); save it as UTF-8');
    expect(r.diagnostic.range).toMatchObject({ file: "/abs/m.causal.ts", start: { line: 2, column: 9, offset: 15 } });
  });

  it("calls a file with NUL bytes binary", () => {
    expect(message(decodeText(Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0x1b, 0x5b]), "a.out"))).toBe("cannot read a.out: it looks like a binary file (it has a NUL byte at offset 7), not a text file");
  });

  it("firstInvalidUtf8 agrees with a strict decoder on any bytes, and no bytes make decodeText throw", () => {
    const strict = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
      let valid = true;
      try { strict.decode(bytes); } catch { valid = false; }
      const bad = firstInvalidUtf8(bytes);
      expect(bad < 0).toBe(valid);
      // the prefix before the reported byte is valid UTF-8
      if (bad >= 0) expect(() => strict.decode(bytes.subarray(0, bad))).not.toThrow();
      const r = decodeText(bytes, "f");
      if ("text" in r) expect(r.text).not.toContain("\ufffd");
    }), { numRuns: 3000, seed: 13 });
  });

  it("any string round-trips through UTF-8", () => {
    fc.assert(fc.property(fc.string({ unit: "grapheme", maxLength: 40 }), (s) => {
      const text = s.replace(/\u0000/g, "").replace(/^\ufeff/, "");
      expect(decodeText(enc.encode(text), "f")).toEqual({ text });
    }), { numRuns: 1000, seed: 13 });
  });
});
