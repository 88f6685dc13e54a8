/**
 * Test helpers (no production code imports this): the .causal.ts files under samples/ and fast-check
 * mutations of a text — delete, insert, duplicate or swap spans, insert brackets and quotes, random
 * bytes — for the extraction and `graph` fuzzers (issue 13).
 */
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";

const ROOT = join(__dirname, "..", "..", "samples");

/** Every *.causal.ts under samples/, sorted (so a seed gives the same cases everywhere). */
export function sampleModels(dir = ROOT): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sampleModels(p));
    else if (name.endsWith(".causal.ts")) out.push(p);
  }
  return out;
}

const PIECES = ["(", ")", "{", "}", "[", "]", "${", "`", '"', "'", ",", "=>", ";", "/", "/*", "//", "\\", ".variable(", "scm(", "...", "\n"];

type Edit = (text: string) => string;

const at = (text: string, f: number) => Math.floor(f * (text.length + 1));

const oneEdit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ a: fc.double({ min: 0, max: 1, noNaN: true }), n: fc.nat({ max: 40 }) }).map(({ a, n }) => (t: string) => t.slice(0, at(t, a)) + t.slice(at(t, a) + n)),
  fc.record({ a: fc.double({ min: 0, max: 1, noNaN: true }), s: fc.constantFrom(...PIECES) }).map(({ a, s }) => (t: string) => t.slice(0, at(t, a)) + s + t.slice(at(t, a))),
  fc.record({ a: fc.double({ min: 0, max: 1, noNaN: true }), b: fc.double({ min: 0, max: 1, noNaN: true }), n: fc.nat({ max: 60 }) }).map(({ a, b, n }) => (t: string) => {
    const span = t.slice(at(t, a), at(t, a) + n);
    return t.slice(0, at(t, b)) + span + t.slice(at(t, b));
  }),
  fc.record({ a: fc.double({ min: 0, max: 1, noNaN: true }), b: fc.double({ min: 0, max: 1, noNaN: true }), n: fc.nat({ max: 30 }) }).map(({ a, b, n }) => (t: string) => {
    const [i, j] = [at(t, a), at(t, b)].sort((x, y) => x - y);
    const m = Math.min(n, j - i);
    return t.slice(0, i) + t.slice(j, j + m) + t.slice(i + m, j) + t.slice(i, i + m) + t.slice(j + m);
  }),
  fc.record({ a: fc.double({ min: 0, max: 1, noNaN: true }), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }).map(({ a, bytes }) => (t: string) => t.slice(0, at(t, a)) + String.fromCharCode(...bytes) + t.slice(at(t, a))),
);

/** One to five edits, applied in order. */
export function mutation(): fc.Arbitrary<Edit> {
  return fc.array(oneEdit, { minLength: 1, maxLength: 5 }).map((edits) => (t: string) => edits.reduce((s, e) => e(s), t));
}
