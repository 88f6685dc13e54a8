// The .vsix that `npm start` installs and `npm run package` writes: vsce packs it without a warning a
// user would take for an error (it warned "consists of 601 files ... you should bundle" while
// @duckdb/node-api shipped as ~180 loose files), and the DuckDB it carries still answers SQL from the
// unpacked extension, as the installed extension loads it.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { unzipSync } from "fflate";
import { describe, expect, it } from "vitest";

const root = join(__dirname, "..", "..");

describe("the packaged extension", () => {
  it("packs without vsce warnings, and its bundled @duckdb/node-api runs a query", () => {
    const dir = mkdtempSync(join(tmpdir(), "causal-studio-vsix-"));
    const out = join(dir, "causal-studio.vsix");
    // The build npm test made (no rebuild of dist/ under the other tests' feet), in a stage of its own.
    if (!existsSync(join(root, "dist", "extension.js"))) execFileSync(process.execPath, [join(root, ".ci", "build.mjs")], { cwd: root, stdio: "ignore" });
    const r = spawnSync(process.execPath, [join(root, ".ci", "package-vsix.mjs"), "--no-build", `--stage=${join(dir, "stage")}`, `--out=${out}`], { cwd: root, encoding: "utf8", timeout: 240_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(`${r.stdout}\n${r.stderr}`).not.toMatch(/WARNING/);
    const files = unzipSync(readFileSync(out));
    const names = Object.keys(files);
    expect(names.filter((n) => n.endsWith(".js")).length).toBeLessThan(100);
    const api = names.filter((n) => n.includes("dist/node_modules/@duckdb/node-api/") && n.endsWith(".js"));
    expect(api).toEqual(["extension/dist/node_modules/@duckdb/node-api/lib/index.js"]);
    // Run Script… runs the packaged CLI (dist/cli.js) and reads the figures it writes, and the run panel loads run.js/run.css.
    for (const f of ["extension/dist/cli.js", "extension/dist/webview/run.js", "extension/dist/webview/run.css"]) expect(names).toContain(f);
    for (const n of names.filter((x) => x.startsWith("extension/dist/"))) {
      const target = join(dir, "x", n);
      mkdirSync(dirname(target), { recursive: true });
      // (fflate keeps no file modes: the executables get theirs back, as VS Code's installer keeps them.)
      writeFileSync(target, files[n], { mode: /\/bin\/[^/]+$/.test(n) ? 0o755 : 0o644 });
    }
    // Both ways the extension's bundles load it: require(), and Node's own import() (which sees only the names a static scan finds).
    const esm = spawnSync(process.execPath, ["--input-type=module", "-e", `const m = await import("@duckdb/node-api"); console.log(typeof m.DuckDBInstance, typeof m.DuckDBConnection);`],
      { cwd: join(dir, "x", "extension", "dist"), encoding: "utf8", timeout: 60_000 });
    expect(esm.stderr).toBe("");
    expect(esm.stdout.trim()).toBe("function function");
    const probe = `const { DuckDBInstance } = require("@duckdb/node-api");
(async () => { const c = await (await DuckDBInstance.create(":memory:")).connect();
  const r = await c.runAndReadAll("select sum(i) as s from range(1, 101) t(i)"); console.log(JSON.stringify(r.getRowObjectsJson())); })()
  .catch((e) => { console.error(e); process.exit(1); });`;
    const run = spawnSync(process.execPath, ["-e", probe], { cwd: join(dir, "x", "extension", "dist"), encoding: "utf8", timeout: 60_000 });
    expect(run.stderr).toBe("");
    // 1 + 2 + ... + 100 = 5050.
    expect(JSON.parse(run.stdout)).toEqual([{ s: "5050" }]);
    // The packaged CLI runs a script as Run Script… does: bundled with the esbuild it carries, its figures written.
    const plots = join(dir, "plots");
    const script = spawnSync(process.execPath, [join(dir, "x", "extension", "dist", "cli.js"), "run", `--plots=${plots}`, join(root, "test", "fixtures", "figures-script.ts")], { cwd: dir, encoding: "utf8", timeout: 120_000 });
    expect(script.status, script.stderr).toBe(2);
    expect(script.stdout).toBe("two figures\n");
    expect(JSON.parse(readFileSync(join(plots, "figures.json"), "utf8")).figures).toHaveLength(2);
    expect(readFileSync(join(plots, "regret-vs-m.svg"), "utf8")).toContain("<title>Simple regret against m</title>");
    rmSync(dir, { recursive: true, force: true });
  }, 300_000);
});
