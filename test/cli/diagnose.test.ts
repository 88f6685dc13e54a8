// `causal-studio diagnose`: the criticism checks on the two samples, run through the CLI in the
// model process (the "diagnose" job, as the editor runs it). samples/wrong-graph omits the edge exercise -> heart: the one implication it breaks FAILs,
// the rest pass. samples/misspecification (y = x^2 + noise in five environments): the line FAILs
// Chow, LOEO and invariance, the quadratic passes everything. The --json shape is checked field by
// field, Holm's adjustment recomputed here from the raw p-values; bad data exit 1 naming the
// column, bad usage exit 2.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildChildForTests } from "../../src/core/io/model-process.test-util";
import { createRng, readTable, trainModel } from "causal-studio";
import { loadModelFile } from "../../src/core/io/load-module";
import { runCli } from "./run-cli";

const SAMPLES = join(__dirname, "..", "..", "samples");
const WRONG = join(SAMPLES, "wrong-graph", "model.causal.ts"), WRONG_DATA = join(SAMPLES, "wrong-graph", "data.csv");
const LINE = join(SAMPLES, "misspecification", "linear.causal.ts"), QUAD = join(SAMPLES, "misspecification", "quadratic.causal.ts");
const MIS_DATA = join(SAMPLES, "misspecification", "data.csv");
const dir = mkdtempSync(join(tmpdir(), "cs-diagnose-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(async () => void (process.env.CAUSAL_STUDIO_MODEL_RUNNER = await buildChildForTests("cli-diagnose")), 60_000);

const KINDS = ["local-test", "residual-reset", "residual-input-curvature", "residual-breusch-pagan", "chow", "loeo", "invariance", "reweighting-drift", "interventional-fidelity", "posterior-predictive", "held-out-likelihood"];

async function diagnoseJson(...args: string[]) {
  const r = await runCli("diagnose", ...args, "--json");
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
}

/** Every check object has the documented fields, consistent with each other and with alpha. */
function validateShape(j: any): void {
  expect(Object.keys(j).sort()).toEqual(["alpha", "cannotSee", "checks", "counts", "data", "edges", "environment", "file", "interventions", "model", "params", "plots", "skipped", "timings", "variables", "verdict", "violated"]);
  // Each variable's verdict is the worst of its mechanism's checks (local tests colour pairs, not nodes).
  const rank = { pass: 0, warn: 1, fail: 2 } as Record<string, number>;
  for (const v of j.variables) {
    const mine = j.checks.filter((c: any) => c.kind !== "local-test" && c.variable === v.variable);
    expect(v.checks.map((i: number) => j.checks[i])).toEqual(mine);
    expect(v.verdict).toBe(mine.length ? ["pass", "warn", "fail"][Math.max(...mine.map((c: any) => rank[c.verdict]))] : "untested");
    expect(v.sentence).toContain(v.variable);
  }
  for (const x of j.violated) expect(j.checks[x.check]).toMatchObject({ kind: "local-test", pair: { x: x.x, y: x.y, given: x.given }, verdict: x.verdict });
  expect(j.violated.length).toBe(j.checks.filter((c: any) => c.kind === "local-test" && c.verdict !== "pass").length);
  for (const p of j.plots) expect(typeof p.id).toBe("string");
  expect(new Set(j.plots.map((p: any) => p.id)).size).toBe(j.plots.length);
  for (const t of Object.values(j.timings)) expect(t).toBeGreaterThanOrEqual(0);
  expect(j.cannotSee).toHaveLength(3);
  const la = Math.log10(j.alpha);
  for (const c of j.checks) {
    expect(KINDS).toContain(c.kind);
    expect(["pass", "warn", "fail"]).toContain(c.verdict);
    expect(Number.isFinite(c.statistic)).toBe(true);
    expect(typeof c.text).toBe("string");
    if (c.kind === "local-test") {
      expect(c.pair).toEqual({ x: expect.any(String), y: expect.any(String), given: expect.any(Array) });
      expect(c.variable).toBeUndefined();
    } else if (c.kind === "held-out-likelihood") expect(c.variable).toBeUndefined(); // one row for the whole model
    else expect(typeof c.variable).toBe("string");
    if (c.kind === "loeo") {
      expect(c.p).toBeNull();
      expect(c.verdict).toBe(c.statistic > 2 ? "fail" : "pass");
    } else {
      expect(c.log10P).toBeLessThanOrEqual(0);
      expect(c.log10PAdjusted).toBeGreaterThanOrEqual(c.log10P);
      expect(c.p).toBeCloseTo(10 ** c.log10P, 12);
      expect(c.pAdjusted).toBeCloseTo(10 ** c.log10PAdjusted, 12);
      expect(c.verdict).toBe(c.log10PAdjusted < la ? "fail" : c.log10P < la ? "warn" : "pass");
    }
    if (c.effect && c.effect.lower !== null) {
      expect(c.effect.lower).toBeLessThanOrEqual(c.effect.estimate);
      expect(c.effect.upper).toBeGreaterThanOrEqual(c.effect.estimate);
      expect(c.effect.level).toBe(0.95);
    }
  }
  const counts = { pass: 0, warn: 0, fail: 0 } as Record<string, number>;
  for (const c of j.checks) counts[c.verdict]++;
  expect(j.counts).toEqual(counts);
  expect(j.verdict).toBe(counts.fail ? "fail" : counts.warn ? "warn" : "pass");
}

/** Holm's step-down on log10 p, written again here. */
function holm(l: number[]): number[] {
  const m = l.length, order = l.map((_, i) => i).sort((a, b) => l[a] - l[b]), out: number[] = [];
  let run = -Infinity;
  order.forEach((i, k) => { run = Math.max(run, Math.min(0, l[i] + Math.log10(m - k))); out[i] = run; });
  return out;
}

describe("causal-studio diagnose", () => {
  it("wrong-graph: the implication the omitted edge breaks FAILs, the others pass", async () => {
    const j = await diagnoseJson(WRONG, "--data", WRONG_DATA);
    validateShape(j);
    expect(j).toMatchObject({ model: "heart health", alpha: 0.01, environment: null, params: { source: "fitted" }, data: { file: WRONG_DATA, rows: 2000 } });
    const local = j.checks.filter((c: any) => c.kind === "local-test");
    expect(local).toHaveLength(5);
    const failed = local.filter((c: any) => c.verdict === "fail");
    expect(failed).toHaveLength(1);
    expect([failed[0].pair.x, failed[0].pair.y].sort()).toEqual(["exercise", "heart"]);
    expect(failed[0].effect.kind).toBe("partial-correlation");
    expect(failed[0].effect.lower).toBeGreaterThan(0);
    for (const c of local) if (c !== failed[0]) expect(c.verdict).toBe("pass");
    const adjusted = holm(local.map((c: any) => c.log10P));
    local.forEach((c: any, i: number) => expect(c.log10PAdjusted).toBeCloseTo(adjusted[i], 9));
    // No environment column, so no environment checks.
    expect(j.checks.some((c: any) => ["chow", "loeo", "invariance"].includes(c.kind))).toBe(false);
  });

  it("wrong-graph: the readable report puts the verdict first and says what the checks cannot see", async () => {
    const r = await runCli("diagnose", WRONG, "--data", WRONG_DATA);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ {2}FAIL {2}heart ⊥ exercise \| age, fitness {2}fisher-z z \d+\.\d+, p 10\^-\d+\.\d \(Holm 10\^-\d+\.\d\); r 0\.\d+ \[0\.\d+, 0\.\d+\]$/m);
    expect(r.stdout).toMatch(/^ {2}PASS {2}diet ⊥ age /m);
    expect(r.stdout).toContain("What these checks cannot see: An extra edge is not falsifiable by independence tests");
    expect(r.stdout).toContain("Hidden confounding is invisible");
    expect(r.stdout).toContain("Reweighting only probes where the data have support");
    expect(r.stdout).toMatch(/^FAIL: 1 fail, /m);
  });

  it("misspecification: the line FAILs Chow, LOEO and invariance across env; the quadratic passes", async () => {
    const line = await diagnoseJson(LINE, "--data", MIS_DATA, "--env", "env");
    const quad = await diagnoseJson(QUAD, "--data", MIS_DATA, "--env", "env");
    for (const j of [line, quad]) validateShape(j);
    expect(line.environment).toBe("env");
    const of = (j: any, kind: string) => j.checks.filter((c: any) => c.kind === kind && c.variable === "y");
    for (const kind of ["chow", "loeo", "invariance", "reweighting-drift", "residual-reset"]) {
      expect(of(line, kind), kind).toHaveLength(1);
      expect(of(line, kind)[0].verdict, kind).toBe("fail");
      expect(of(quad, kind), kind).toHaveLength(1);
      expect(of(quad, kind)[0].verdict, kind).toBe("pass");
    }
    // Tiny p-values are exact in log10, not floored at 0.
    expect(of(line, "chow")[0].log10P).toBeLessThan(-300);
    expect(of(line, "loeo")[0].statistic).toBeGreaterThan(2);
    expect(quad.verdict).toBe("pass");
    const r = await runCli("diagnose", LINE, "--data", MIS_DATA, "--env", "env");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ {2}FAIL {2}y {2}coefficients equal across 5 environments of "env" \(Chow\)/m);
    expect(r.stdout).toMatch(/^ {2}FAIL {2}y {2}residual invariance .*No invariant set/m);
  });

  it("--params: the trained values from a parameters file give the same residual checks as fitting here", async () => {
    const loaded = await loadModelFile(LINE);
    if ("diagnostics" in loaded) throw new Error("model did not load");
    const trained = await trainModel(loaded.model, await readTable(MIS_DATA, { columns: ["x", "y"] }));
    const params = join(dir, "line.params.json");
    writeFileSync(params, JSON.stringify(trained.params.toJSON()));
    const withFile = await diagnoseJson(LINE, "--data", MIS_DATA, "--params", params);
    const fitted = await diagnoseJson(LINE, "--data", MIS_DATA);
    expect(withFile.params).toEqual({ source: "file", file: params });
    const residual = (j: any) => j.checks.filter((c: any) => c.kind.startsWith("residual-")).map((c: any) => c.statistic);
    expect(residual(withFile).length).toBeGreaterThan(0);
    residual(withFile).forEach((s: number, i: number) => expect(s).toBeCloseTo(residual(fitted)[i], 6));
    // Values far from the fit: the residuals' mean is off, and the reset statistic moves.
    const bad = join(dir, "bad.params.json");
    const off = Object.fromEntries(Object.entries(trained.params.toJSON()).map(([k, v]) => [k, Array.isArray(v) ? v.map((x) => x + 5) : v]));
    writeFileSync(bad, JSON.stringify(off));
    const worse = await diagnoseJson(LINE, "--data", MIS_DATA, "--params", bad);
    expect(residual(worse)).not.toEqual(residual(withFile));
    writeFileSync(join(dir, "broken.json"), "{ not json");
    const broken = await runCli("diagnose", LINE, "--data", MIS_DATA, "--params", join(dir, "broken.json"));
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain("not valid JSON");
  });

  it("a variable without a column exits 1 naming the column; so does a missing --env column", async () => {
    const rows = readFileSync(WRONG_DATA, "utf8").trim().split("\n").map((l) => l.split(",").filter((_, k) => k !== 2).join(","));
    const noDiet = join(dir, "no-diet.csv");
    writeFileSync(noDiet, rows.join("\n") + "\n");
    const r = await runCli("diagnose", WRONG, "--data", noDiet);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/no column "diet"/);
    const mapped = await runCli("diagnose", WRONG, "--data", WRONG_DATA, "--map", "diet=food");
    expect(mapped.code).toBe(1);
    expect(mapped.stderr).toMatch(/no column "food" \(mapped from variable "diet"\)/);
    const env = await runCli("diagnose", LINE, "--data", MIS_DATA, "--env", "site");
    expect(env.code).toBe(1);
    expect(env.stderr).toMatch(/no column "site"/);
  });

  it("a non-numeric cell exits 1 naming the column and the row", async () => {
    const lines = readFileSync(MIS_DATA, "utf8").trim().split("\n");
    lines[3] = lines[3].replace(/^[^,]+/, "oops");
    const bad = join(dir, "bad-cell.csv");
    writeFileSync(bad, lines.join("\n") + "\n");
    const r = await runCli("diagnose", LINE, "--data", bad, "--env", "env");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/"x"/);
    expect(r.stderr).toMatch(/row 4/);
  });

  it("--interventions: do-predictions against interventional rows pass for the true slope and fail for another", async () => {
    // y = 1 + 2x + e; 600 observational rows and 300 rows each with did=x and x set to -1 or 2.
    const model = join(dir, "line-do.causal.ts");
    writeFileSync(model, `import { normal, scm } from "causal-studio";\nexport default scm("line").variable("x", () => normal(0, 1)).variable("y", ({ x }) => normal(1 + 2 * x, 1));\n`);
    const rng = createRng(11);
    const gauss = () => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
    const write = (slope: number) => {
      const lines = ["x,y,did"];
      for (let i = 0; i < 600; i++) { const x = gauss(); lines.push(`${x},${1 + 2 * x + gauss()},none`); }
      for (const set of [-1, 2]) for (let i = 0; i < 300; i++) lines.push(`${set},${1 + slope * set + gauss()},x`);
      const f = join(dir, `do-${slope}.csv`);
      writeFileSync(f, lines.join("\n") + "\n");
      return f;
    };
    const good = await diagnoseJson(model, "--data", write(2), "--interventions", "did");
    // Empty cells for observational rows are refused with a note saying to write "none".
    const emptyCells = join(dir, "do-empty.csv");
    writeFileSync(emptyCells, readFileSync(join(dir, "do-2.csv"), "utf8").replace(/,none\n/g, ",\n"));
    const refused = await runCli("diagnose", model, "--data", emptyCells, "--interventions", "did");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/column "did": empty cell/);
    expect(refused.stderr).toContain('mark observational rows "none"');
    const bad = await diagnoseJson(model, "--data", write(3), "--interventions", "did");
    validateShape(good);
    expect(good.interventions).toBe("did");
    const fidelity = (j: any) => j.checks.filter((c: any) => c.kind === "interventional-fidelity" && c.variable === "y");
    expect(fidelity(good)).toHaveLength(2);
    for (const c of fidelity(good)) expect(c.verdict).toBe("pass");
    // do(x = 2) under slope 3 is one unit above the model's 5: the mean test sees it; do(x = -1) two below... and fails too.
    expect(fidelity(bad).every((c: any) => c.verdict === "fail")).toBe(true);
    const observedMinusPredicted = fidelity(bad).map((c: any) => c.effect.estimate).sort((a: number, b: number) => a - b);
    expect(observedMinusPredicted[0]).toBeCloseTo(-1, 0);
    expect(observedMinusPredicted[1]).toBeCloseTo(2, 0);
    expect(bad.plots.some((p: any) => p.kind === "interventional-fidelity" && p.variable === "y")).toBe(true);
    expect(bad.variables.find((v: any) => v.variable === "y").verdict).toBe("fail");
  });

  it("a latent model gets posterior predictive checks: pass on its own data, fail on heavy-tailed data", async () => {
    const model = join(dir, "factor.causal.ts");
    writeFileSync(model, `import { normal, scm } from "causal-studio";\nexport default scm("factor").latent("z", () => normal(0, 1)).variable("x", ({ z }) => normal(z, 1)).variable("y", ({ z }) => normal(2 * z, 1));\n`);
    const rng = createRng(5);
    const gauss = () => rng.normal();
    const t3 = () => gauss() / Math.sqrt((gauss() ** 2 + gauss() ** 2 + gauss() ** 2) / 3) / Math.sqrt(3);
    const write = (name: string, noise: () => number) => {
      const lines = ["x,y"];
      for (let i = 0; i < 1500; i++) { const z = gauss(); lines.push(`${z + noise()},${2 * z + noise()}`); }
      writeFileSync(join(dir, name), lines.join("\n") + "\n");
      return join(dir, name);
    };
    const own = await diagnoseJson(model, "--data", write("own.csv", gauss));
    const heavy = await diagnoseJson(model, "--data", write("heavy.csv", t3));
    validateShape(own);
    const ppc = (j: any) => j.checks.filter((c: any) => c.kind === "posterior-predictive");
    expect(ppc(own).length).toBeGreaterThan(4);
    expect(ppc(own).filter((c: any) => c.verdict === "fail").map((c: any) => c.text)).toEqual([]);
    expect(ppc(heavy).filter((c: any) => c.verdict === "fail").map((c: any) => c.text).join("\n")).toMatch(/kurtosis/);
    expect(own.checks.some((c: any) => c.kind === "held-out-likelihood")).toBe(true);
    expect(own.plots.some((p: any) => p.kind === "posterior-predictive")).toBe(true);
  });

  it("--plots DIR writes each plot of the report as an SVG file: the local tests' dots, the residuals' points", async () => {
    const plots = join(dir, "plots");
    const r = await runCli("diagnose", WRONG, "--data", WRONG_DATA, "--plots", plots, "--json");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    const files = readdirSync(plots).sort();
    expect(files).toHaveLength(j.plots.length);
    expect(files).toContain("local-tests.svg");
    expect(files).toContain("residuals-heart.svg");
    const local = readFileSync(join(plots, "local-tests.svg"), "utf8");
    expect(local).toMatch(/^(<\?xml[^>]*>\s*)?<svg /);
    // One dot per tested implication, and the failing pair named.
    expect((local.match(/<circle/g) ?? []).length).toBeGreaterThanOrEqual(j.checks.filter((c: any) => c.kind === "local-test").length);
    expect(local).toContain("exercise");
    const residuals = readFileSync(join(plots, "residuals-heart.svg"), "utf8");
    expect((residuals.match(/<circle/g) ?? []).length).toBeGreaterThanOrEqual(2000);
  });

  it("--spark with no server listening exits 1 naming the server, without a stack trace", async () => {
    const r = await runCli("diagnose", WRONG, "--spark", "127.0.0.1:9", "--table", "heart", "--timeout-ms", "60000");
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/127\.0\.0\.1:9/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("bad usage exits 2 with the usage line", async () => {
    for (const args of [[WRONG], ["--data", WRONG_DATA], [WRONG, "--data", WRONG_DATA, "--alpha", "1.5"], [WRONG, "--data", WRONG_DATA, "--bogus"],
      [WRONG, "--data", WRONG_DATA, "--map", "diet"], ["model.dagitty", "--data", WRONG_DATA],
      [WRONG, "--spark", "localhost:1"], [WRONG, "--table", "t"], [WRONG, "--data", WRONG_DATA, "--spark", "h", "--table", "t"], [WRONG, "--spark", "h:99999", "--table", "t"],
      [WRONG, "--spark", "h", "--table", "t", "--spark-transport", "pigeon"]]) {
      const r = await runCli("diagnose", ...args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toContain("Usage: causal-studio diagnose");
    }
    const help = await runCli("diagnose", "--help");
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("--env COLUMN");
    expect(help.stdout).toContain("--interventions COLUMN");
    expect(help.stdout).toContain("--plots DIR");
    expect((await runCli("--help")).stdout).toContain("diagnose <file>");
  });
});
