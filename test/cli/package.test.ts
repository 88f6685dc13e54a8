// `npm install causal-studio` from a packed tarball works in a fresh project with zero setup:
// the model's import resolves, its parents are typed from the package's declarations (reading
// an undeclared parent is a compile error), and the package's `causal-studio` command answers a
// query on it. Needs the build (npm test builds first; this builds when dist/ is missing).
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

const root = join(__dirname, "..", "..");
const project = mkdtempSync(join(tmpdir(), "causal-studio-user-"));
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

const model = `import { scm, bernoulli } from "causal-studio";

export default scm("treatment")
  .latent("u", () => bernoulli(0.5))
  .variable("x", ({ u }) => bernoulli(u ? 0.8 : 0.2))
  .variable("y", ({ x, u }) => bernoulli(0.1 + 0.5 * x + 0.3 * u));
`;

beforeAll(() => {
  if (!existsSync(join(root, "dist", "index.cjs")) || !existsSync(join(root, "dist", "types"))) {
    execFileSync(process.execPath, [join(root, ".ci", "build.mjs")], { cwd: root, stdio: "ignore" });
  }
  const packDir = join(project, "pack");
  mkdirSync(packDir);
  execFileSync(npm, ["pack", "--silent", "--pack-destination", packDir], { cwd: root, stdio: "ignore" });
  const tarball = join(packDir, readdirSync(packDir).find((f) => f.endsWith(".tgz"))!);
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "user-project", private: true, type: "module" }));
  writeFileSync(join(project, "tsconfig.json"), JSON.stringify({
    compilerOptions: { strict: true, module: "NodeNext", moduleResolution: "NodeNext", target: "ES2022", noEmit: true, skipLibCheck: false, types: [] },
    include: ["*.ts"],
  }));
  writeFileSync(join(project, "model.causal.ts"), model);
  writeFileSync(join(project, "typo.causal.ts"), model.replace("0.3 * u", "0.3 * z").replace("({ x, u })", "({ x, z })"));
  execFileSync(npm, ["install", "--no-audit", "--no-fund", "--silent", tarball], { cwd: project, stdio: "ignore", timeout: 240_000 });
}, 300_000);

const tsc = () => spawnSync(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.json"], { cwd: project, encoding: "utf8" });

describe("the packed package in a fresh project", () => {
  it("types a model's parents from the package's declarations", () => {
    const r = tsc();
    // model.causal.ts type-checks; typo.causal.ts reads `z`, which is not declared before y.
    expect(r.stdout).not.toMatch(/model\.causal\.ts/);
    expect(r.stdout).toMatch(/typo\.causal\.ts\(6,\d+\): error TS2339: Property 'z' does not exist/);
  });

  it("answers a query with the package's own causal-studio command", () => {
    const bin = join(project, "node_modules", ".bin", "causal-studio");
    const r = spawnSync(bin, ["query", "model.causal.ts", "--do", "x=1", "--target", "y=1", "--json"], { cwd: project, encoding: "utf8", timeout: 60_000 });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    // P(y=1 | do(x=1)) = 0.1 + 0.5 + 0.3 * P(u=1) = 0.75, exactly.
    expect(JSON.parse(r.stdout).answer.rows[0].estimate.value).toBeCloseTo(0.75, 12);
  });

  it("loads as a library from plain Node (ESM import of the CommonJS build)", () => {
    const r = spawnSync(process.execPath, ["--input-type=module", "-e",
      `import { scm, normal } from "causal-studio"; const m = scm("g").variable("a", () => normal(1, 2)).variable("b", ({ a }) => normal(3 * a, 1)); console.log(m.do({ a: 2 }).mean("b", { seed: 3, samples: 20000 }).value.toFixed(1));`,
    ], { cwd: project, encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.stdout.trim()).toBe("6.0");
  });
});
