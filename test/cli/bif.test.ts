// BIF networks in the CLI (issue 14, item 2): `query` on a .bif file reads and prints state names,
// `graph` draws and analyses it, `graph --to bif` writes a .bif back exactly and exports a discrete
// model's tables (evaluated in the model process); a continuous model is refused with the reason.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseBif } from "../../src/core/graph/bif/parse-bif";
import { fixture, runCli } from "./run-cli";

const LAWN = fixture("lawn.bif");

describe("query on a .bif network", () => {
  it("takes state names in --given and --do and prints the distribution by state name, exactly", async () => {
    const r = await runCli("query", LAWN, "--target", "season", "--given", "wet=yes", "--do", "sprinkler=off");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^P\(season \| do\(sprinkler=off\), wet=yes\):\n  season=winter  0\.\d+  \(variable elimination, largest table \d+ entries\)\n  season=summer /);
  });

  it("--json keeps values as state indices and adds the state names of the rows", async () => {
    const r = await runCli("query", LAWN, "--target", "rain", "--given", "wet=no", "--json");
    const out = JSON.parse(r.stdout);
    expect(out.states).toEqual(["yes", "no"]);
    expect(out.answer.rows.map((x: { value: number }) => x.value)).toEqual([0, 1]);
    // P(rain | wet = no) by hand from the file's tables: sum over season and sprinkler.
    const pS = [0.25, 0.5, 0.25], pR = [[0.7, 0.3], [0.2, 0.8], [0.2, 0.8]], pK = [[0.1, 0.9], [0.8, 0.2], [0.4, 0.6]];
    const pWetNo = [[0.01, 0.1], [0.2, 0.95]];
    const joint = [0, 1].map((r) => [0, 1, 2].reduce((a, s) => a + pS[s] * pR[s][r] * [0, 1].reduce((b, k) => b + pK[s][k] * pWetNo[r][k], 0), 0));
    const z = joint[0] + joint[1];
    expect(Math.abs(out.answer.rows[0].estimate.value - joint[0] / z)).toBeLessThan(1e-15);
    expect(out.answer.rows[0].estimate.standardError).toBe(0);
  });

  it("says which states a variable has when a value is none of them", async () => {
    const r = await runCli("query", LAWN, "--target", "rain", "--given", "wet=maybe");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--given wet: "maybe" is not a state (its states: yes, no)');
  });

  it("reports a broken network at its line before any process starts", async () => {
    const dir = mkdtempSync(join(tmpdir(), "bif-"));
    const file = join(dir, "bad.bif");
    writeFileSync(file, "variable a { type discrete [2] { x, y }; }\nprobability (a) { table 0.5, 0.6; }\n");
    const r = await runCli("query", file, "--target", "a");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/bad\.bif:2:\d+.*the probabilities of "a" sum to 1\.1, not 1/);
  });
});

describe("graph on a .bif network", () => {
  it("draws the DAG with each table's shape and lists its implications", async () => {
    const r = await runCli("graph", LAWN);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("lawn: 4 variables, 4 edges");
    expect(r.stdout).toContain("wet       <- rain, sprinkler   ~ table { yes, no } × 4 parent configurations");
    expect(r.stdout).toContain("wet _||_ season | rain, sprinkler");
  });

  it("--to bif prints the network back; reading that gives the same tables", async () => {
    const r = await runCli("graph", LAWN, "--to", "bif");
    expect(r.code).toBe(0);
    const a = parseBif(r.stdout).network!, b = parseBif(await import("node:fs").then((f) => f.readFileSync(LAWN, "utf8"))).network!;
    expect(a.tables.map((t) => [...t.values])).toEqual(b.tables.map((t) => [...t.values]));
  });

  it("--to bif on a discrete model writes its mechanisms' tables, evaluated in the model process", async () => {
    const r = await runCli("graph", fixture("clinic-discrete.causal.ts"), "--to", "bif");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("probability ( treat | u ) {\n  (0) 0.8, 0.2;\n  (1) 0.5, 0.5;\n  (2) 0.09999999999999998, 0.9;\n}");
    expect(r.stdout).toContain("table 0.2, 0.5, 0.3;");
  });

  it("--to bif refuses a model with a continuous variable, naming it", async () => {
    const r = await runCli("graph", fixture("smoking.causal.ts"), "--to", "bif");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cannot be written as BIF: "tar" has normal\(/);
  });
});
