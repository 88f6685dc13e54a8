/**
 * The BIF reader and writer (issue 14, item 2): the grammar's forms, every error with its place,
 * normalisation of rows within 1e-6, print → parse exactness on random networks (fast-check), a
 * fuzzer that the reader never throws on, and queries on the model built from a file equal to a
 * brute-force sum over the file's own tables.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bifModel } from "../../dsl/bif-model";
import type { SourcePosition } from "../../errors/diagnostic";
import { MAX_DIAGNOSTICS } from "../../errors/diagnostic-cap";
import { type BifNetwork, parseBif } from "./parse-bif";
import { printBif } from "./print-bif";
import { randomBifNetwork } from "./random-network";

const SPRINKLER = `// a small network, our own numbers
network "lawn" {
  property author = test ;
}
variable season { type discrete [ 3 ] { winter, summer, autumn }; }
variable rain {
  type discrete [ 2 ] = { yes, no };
  property position = (1, 2) ;
}
variable sprinkler { type discrete [ 2 ] { on, off }; }
variable level { type discrete [ 3 ] { <7.5, >=7.5, Asy/Patchy }; }
variable wet { type discrete [ 2 ] { yes, no }; }
/* a block comment */
probability ( season ) { table 0.25, 0.5, 0.25; }
probability ( rain | season ) {
  (winter) 0.7, 0.3;
  default 0.2, 0.8;
}
probability ( sprinkler | season ) {
  table 0.1, 0.8, 0.4,
        0.9, 0.2, 0.6;
}
probability ( level ) { table 0.2, 0.3, 0.5; }
probability ( wet | rain, sprinkler ) {
  (yes, on) 0.99, 0.01;
  (yes, off) 0.9, 0.1;
  (no, on) 0.8, 0.2;
  (no, off) 0.05, 0.95;
}
`;

function ok(text: string): BifNetwork {
  const r = parseBif(text, "/w/lawn.bif");
  expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return r.network!;
}

describe("parseBif", () => {
  it("reads variables, states, rows, default rows, `table` (child slowest) and properties", () => {
    const net = ok(SPRINKLER);
    expect(net.name).toBe("lawn");
    expect(net.properties).toEqual(["author = test"]);
    expect(net.variables.map((v) => v.name)).toEqual(["season", "rain", "sprinkler", "level", "wet"]);
    expect(net.variables[3].states).toEqual(["<7.5", ">=7.5", "Asy/Patchy"]);
    expect(net.variables[1]).toMatchObject({ states: ["yes", "no"], properties: ["position = (1, 2)"] });
    const t = Object.fromEntries(net.tables.map((x) => [x.child, x]));
    expect([...t.season.values]).toEqual([0.25, 0.5, 0.25]);
    expect([...t.rain.values]).toEqual([0.7, 0.3, 0.2, 0.8, 0.2, 0.8]);
    // table 0.1 0.8 0.4 / 0.9 0.2 0.6: P(on | winter, summer, autumn), then P(off | ...).
    expect([...t.sprinkler.values]).toEqual([0.1, 0.9, 0.8, 0.2, 0.4, 0.6]);
    expect(t.wet.parents).toEqual(["rain", "sprinkler"]);
    expect([...t.wet.values]).toEqual([0.99, 0.01, 0.9, 0.1, 0.8, 0.2, 0.05, 0.95]);
    expect(t.wet.range.start.line).toBe(24);
  });

  it("orders variables parents first even when the file declares a child first", () => {
    const net = ok("variable b { type discrete [2] {x, y}; }\nvariable a { type discrete [2] {x, y}; }\nprobability (b | a) { (x) 0.5, 0.5; (y) 0.1, 0.9; }\nprobability (a) { table 0.3, 0.7; }\n");
    expect(net.variables.map((v) => v.name)).toEqual(["a", "b"]);
    expect(net.tables.map((t) => t.child)).toEqual(["a", "b"]);
  });

  it("normalises rows that miss 1 by at most 1e-6, with one info diagnostic for the file", () => {
    const r = parseBif("variable a { type discrete [3] {p, q, r}; }\nvariable b { type discrete [3] {p, q, r}; }\nprobability (a) { table 0.3333333, 0.3333333, 0.3333333; }\nprobability (b | a) { (p) 0.3333333, 0.3333333, 0.3333333; default 0.2, 0.3, 0.5; }\n");
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ severity: "info", message: expect.stringMatching(/normalised 2 rows in 2 tables .* 1e-6 .*largest deviation 1\.0e-7/) });
    const a = r.network!.tables[0].values;
    expect(a[0]).toBeCloseTo(1 / 3, 15);
    expect(a[0] + a[1] + a[2]).toBeCloseTo(1, 15);
  });

  const bad: [string, string, RegExp, number][] = [
    ["a row off by more than 1e-6", "variable a { type discrete [2] {x, y}; }\nprobability (a) { table 0.5, 0.4; }", /"a" sum to 0\.9, not 1/, 2],
    ["a negative entry", "variable a { type discrete [2] {x, y}; }\nprobability (a) { table -0.5, 1.5; }", /"-0\.5" is not a probability/, 2],
    ["an unknown parent state", "variable a { type discrete [2] {x, y}; }\nvariable b { type discrete [2] {x, y}; }\nprobability (a) { table 0.5, 0.5; }\nprobability (b | a) { (x) 0.5, 0.5; (z) 0.5, 0.5; }", /"z" is not a state of "a" \(its states: x, y\)/, 4],
    ["a missing row", "variable a { type discrete [2] {x, y}; }\nvariable b { type discrete [2] {x, y}; }\nprobability (a) { table 0.5, 0.5; }\nprobability (b | a) { (x) 0.5, 0.5; }", /has 1 of 2 rows; \(y\) and 0 more are missing/, 4],
    ["a row of the wrong length", "variable a { type discrete [2] {x, y}; }\nprobability (a) { table 0.5, 0.25, 0.25; }", /has 3 entries; 2 states × 1 parent configurations need 2/, 2],
    ["a state count that disagrees", "variable a { type discrete [3] {x, y}; }\nprobability (a) { table 0.5, 0.5; }", /declares 3 states but lists 2/, 1],
    ["an undeclared parent", "variable a { type discrete [2] {x, y}; }\nprobability (a | q) { (x) 0.5, 0.5; }", /names parent "q", which no "variable" block declares/, 2],
    ["a variable without a table", "variable a { type discrete [2] {x, y}; }\n", /"a" has no probability table/, 1],
    ["a cycle", "variable a { type discrete [2] {x, y}; }\nvariable b { type discrete [2] {x, y}; }\nprobability (a | b) { (x) 0.5, 0.5; (y) 0.5, 0.5; }\nprobability (b | a) { (x) 0.5, 0.5; (y) 0.5, 0.5; }", /directed cycle: (a -> b -> a|b -> a -> b)/, 1],
    ["a continuous variable", "variable a { type continuous; }", /only discrete variables are supported/, 1],
    ["an unclosed block", "variable a { type discrete [2] {x, y};\n", /file ends/, 2],
    ["junk at the top level", "varaible a { }", /expected "network", "variable" or "probability", found "varaible"/, 1],
  ];
  it.each(bad)("reports %s as an error at its line, with no network", (_, text, message, line) => {
    const r = parseBif(text, "/w/x.bif");
    expect(r.network).toBeUndefined();
    const d = r.diagnostics.find((x) => message.test(x.message));
    expect(d, r.diagnostics.map((x) => x.message).join("\n")).toBeDefined();
    expect(d!.severity).toBe("error");
    expect(d!.range?.start.line).toBe(line);
  });

  it("keeps the graph it could read when the tables have errors (the editor still draws it)", () => {
    const r = parseBif("variable a { type discrete [2] {x, y}; }\nvariable b { type discrete [2] {x, y}; }\nprobability (a) { table 0.5, 0.6; }\nprobability (b | a) { (x) 0.5, 0.5; (y) 0.5, 0.5; }");
    expect(r.network).toBeUndefined();
    expect(r.graph.nodes.map((n) => n.id)).toEqual(["a", "b"]);
    expect(r.graph.edges).toMatchObject([{ from: "a", to: "b", kind: "directed" }]);
  });
});

/** Random networks over a safe alphabet: up to 7 variables, 1..4 states, parents among earlier variables. */
const networkArb = fc.integer({ min: 1, max: 7 }).chain((n) =>
  fc.tuple(
    fc.array(fc.integer({ min: 1, max: 4 }), { minLength: n, maxLength: n }),
    fc.array(fc.array(fc.boolean(), { minLength: 7, maxLength: 7 }), { minLength: n, maxLength: n }),
    fc.array(fc.double({ min: 0.001, max: 1, noNaN: true }), { minLength: 400, maxLength: 400 }),
    fc.stringMatching(/^[A-Za-z_][\w.-]{0,8}$/),
  ).map(([cards, edges, weights, name]): BifNetwork => {
    let w = 0;
    const variables = cards.map((k, i) => ({ name: `v${i}_${name}`, states: Array.from({ length: k }, (_, s) => (s % 2 ? `s${s}` : String(s * 1.5))), properties: [], range: undefined!, declarationRange: undefined! }));
    const tables = variables.map((v, i) => {
      const parents = variables.slice(0, i).filter((_, j) => edges[i][j]).slice(0, 3);
      const rows = parents.reduce((a, q) => a * q.states.length, 1);
      const k = v.states.length;
      const values = new Float64Array(rows * k);
      for (let r = 0; r < rows; r++) {
        let s = 0;
        for (let j = 0; j < k; j++) s += values[r * k + j] = weights[w++ % weights.length];
        for (let j = 0; j < k; j++) values[r * k + j] /= s;
      }
      return { child: v.name, parents: parents.map((q) => q.name), values, range: undefined!, parentRanges: [] };
    });
    return { name, properties: [], variables, tables };
  }),
);

describe("printBif", () => {
  it("print → parse gives the same network, every entry bit for bit", () => {
    fc.assert(fc.property(networkArb, (net) => {
      const back = parseBif(printBif(net), "x.bif");
      expect(back.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      const got = back.network!;
      expect(got.name).toBe(net.name);
      expect(got.variables.map((v) => [v.name, v.states])).toEqual(net.variables.map((v) => [v.name, v.states]));
      got.tables.forEach((t, i) => {
        expect(t.parents).toEqual(net.tables[i].parents);
        // Rows normalised by division can miss 1 by an ulp; those are renormalised, so compare to 1e-15.
        t.values.forEach((x, j) => expect(Math.abs(x - net.tables[i].values[j])).toBeLessThan(1e-15));
      });
    }), { seed: 14, numRuns: 150 });
  });

  it("prints and reads back the sample-style file exactly", () => {
    const net = ok(SPRINKLER);
    const again = ok(printBif(net));
    expect(again.tables.map((t) => [...t.values])).toEqual(net.tables.map((t) => [...t.values]));
    expect(printBif(again)).toBe(printBif(net));
  });
});

describe("parseBif never throws (fuzz)", () => {
  const PIECES = ["network", "variable", "probability", "type", "discrete", "table", "default", "property", "{", "}", "(", ")", "[", "]", ";", ",", "|", "=", '"', "//", "/*", "*/", "0.5", "-1", "1e999", "NaN", "a", "b", "x", "\n", " ", "\u0000", "\uD800", "{".repeat(200)];
  const check = (text: string) => {
    const r = parseBif(text, "f.bif");
    expect(r.diagnostics.length).toBeLessThanOrEqual(MAX_DIAGNOSTICS + 1);
    const ids = new Set(r.graph.nodes.map((n) => n.id));
    for (const e of r.graph.edges) expect(ids.has(e.from) && ids.has(e.to)).toBe(true);
    const within = (p: SourcePosition) => expect(p.offset >= 0 && p.offset <= text.length).toBe(true);
    for (const d of r.diagnostics) if (d.range) { within(d.range.start); within(d.range.end); }
    if (r.network) for (const t of r.network.tables) for (const x of t.values) expect(x >= 0 && x <= 1).toBe(true);
  };
  it("on random token soup", () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 120 }), (ps) => check(ps.join(" "))), { seed: 3, numRuns: 400 });
  });
  it("on random characters", () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), check), { seed: 4, numRuns: 300 });
  });
  it("on a valid file with a random cut or a random character replaced", () => {
    fc.assert(fc.property(fc.nat(SPRINKLER.length), fc.nat(SPRINKLER.length), fc.constantFrom(...PIECES), (cut, at, piece) => {
      check(SPRINKLER.slice(0, cut));
      check(SPRINKLER.slice(0, at) + piece + SPRINKLER.slice(at + 1));
    }), { seed: 5, numRuns: 400 });
  });
});

describe("bifModel", () => {
  /** P(query = q | evidence) by summing the product of the file's tables over every joint state. */
  function bruteForce(net: BifNetwork, query: string, evidence: Record<string, number>, doing: Record<string, number> = {}): number[] {
    const vs = net.variables;
    const k = vs.map((v) => v.states.length);
    const qi = vs.findIndex((v) => v.name === query);
    const out = new Array(k[qi]).fill(0);
    const x = new Array(vs.length).fill(0);
    const total = k.reduce((a, b) => a * b, 1);
    for (let e = 0; e < total; e++) {
      let rest = e;
      for (let i = 0; i < vs.length; i++) { x[i] = rest % k[i]; rest = Math.floor(rest / k[i]); }
      if (Object.entries(evidence).some(([n, s]) => x[vs.findIndex((v) => v.name === n)] !== s)) continue;
      if (Object.entries(doing).some(([n, s]) => x[vs.findIndex((v) => v.name === n)] !== s)) continue;
      let p = 1;
      net.tables.forEach((t, i) => {
        if (t.child in doing) return;
        const row = t.parents.reduce((r, q) => { const j = vs.findIndex((v) => v.name === q); return r * k[j] + x[j]; }, 0);
        p *= t.values[row * k[i] + x[i]];
      });
      out[x[qi]] += p;
    }
    const z = out.reduce((a, b) => a + b, 0);
    return out.map((p) => p / z);
  }

  it("answers conditional and do-queries exactly, equal to a brute-force sum over the file's tables", () => {
    const net = ok(SPRINKLER);
    const m = bifModel(net);
    const cases: [string, Record<string, number>, Record<string, number>][] = [
      ["wet", {}, {}], ["season", { wet: 0 }, {}], ["rain", { wet: 0, sprinkler: 1 }, {}], ["wet", {}, { sprinkler: 0 }], ["season", { wet: 1 }, { rain: 0 }],
    ];
    for (const [q, given, doing] of cases) {
      const want = bruteForce(net, q, given, doing);
      want.forEach((p, s) => {
        const base = Object.keys(doing).length ? m.do(doing) : m;
        const est = (Object.keys(given).length ? base.condition(given) : base).prob({ [q]: s }, { method: "exact" });
        expect(est.standardError).toBe(0);
        expect(Math.abs(est.value - p)).toBeLessThan(1e-14);
      });
    }
  });

  it("exact answers on random networks equal brute force (fast-check)", () => {
    fc.assert(fc.property(networkArb, fc.nat(), (net, pick) => {
      const m = bifModel(net);
      const last = net.variables.at(-1)!;
      const ev = net.variables.length > 1 ? { [net.variables[pick % (net.variables.length - 1)].name]: 0 } : {};
      const want = bruteForce(net, last.name, ev);
      if (!want.every(Number.isFinite)) return;
      want.forEach((p, s) => {
        const q = Object.keys(ev).length ? m.condition(ev) : m;
        expect(Math.abs(q.prob({ [last.name]: s }, { method: "exact" }).value - p)).toBeLessThan(1e-12);
      });
    }), { seed: 21, numRuns: 60 });
  });

  it("carries the state names on the spec, and refuses a parent value that is not a state", () => {
    const m = bifModel(ok(SPRINKLER));
    expect(m.spec().variables.map((v) => v.states)).toEqual([["winter", "summer", "autumn"], ["yes", "no"], ["on", "off"], ["<7.5", ">=7.5", "Asy/Patchy"], ["yes", "no"]]);
    expect(() => m.do({ rain: 2 }).prob({ wet: 0 }, { method: "exact" })).toThrow(/do\(rain = 2\): "rain" is categorical, whose values are 0 and 1/);
    // The mechanism's own guard, for a caller that skips the query checks.
    const wet = m.spec().variables[4];
    expect(() => wet.mechanism({ rain: 0, sprinkler: 2 }, {})).toThrow(/"sprinkler" = 2 is not a state of "sprinkler": its states are 0\.\.1 \(on, off\)/);
  });
});

describe("randomBifNetwork", () => {
  it("has exactly the nodes and arcs asked, parents first, and prints to a file that reads back silently", () => {
    for (const [nodes, arcs, maxStates] of [[8, 8, 2], [37, 46, 4], [70, 123, 4], [200, 0, 3]]) {
      const net = randomBifNetwork({ name: "r", nodes, arcs, maxStates, seed: nodes });
      expect(net.variables).toHaveLength(nodes);
      expect(net.tables.reduce((a, t) => a + t.parents.length, 0)).toBe(arcs);
      const order = new Map(net.variables.map((v, i) => [v.name, i]));
      net.tables.forEach((t, i) => t.parents.forEach((p) => expect(order.get(p)!).toBeLessThan(i)));
      for (const v of net.variables) expect(v.states.length).toBeGreaterThanOrEqual(2), expect(v.states.length).toBeLessThanOrEqual(maxStates);
      const back = parseBif(printBif(net), "r.bif");
      expect(back.diagnostics).toEqual([]);
      back.network!.tables.forEach((t, i) => t.values.forEach((x, j) => expect(Math.abs(x - net.tables[i].values[j])).toBeLessThan(1e-15)));
    }
  });

  it("is seeded, and refuses more arcs than the parent cap allows", () => {
    const a = printBif(randomBifNetwork({ name: "r", nodes: 20, arcs: 30, maxStates: 3, seed: 5 }));
    expect(printBif(randomBifNetwork({ name: "r", nodes: 20, arcs: 30, maxStates: 3, seed: 5 }))).toBe(a);
    expect(printBif(randomBifNetwork({ name: "r", nodes: 20, arcs: 30, maxStates: 3, seed: 6 }))).not.toBe(a);
    expect(() => randomBifNetwork({ name: "r", nodes: 3, arcs: 4 })).toThrow(/4 arcs do not fit 3 nodes/);
  });
});
