// The CLI as users run it: bundled by esbuild like dist/cli.js (cjs, node20, with esbuild left
// external because its JS API locates its binary relative to itself) and spawned with node.
import { build, buildSync } from "esbuild";
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { fixture } from "./run-cli";

const root = join(__dirname, "..", "..");
const out = join(root, ".tmp", "cli-test", "cli.js");

beforeAll(() => {
  mkdirSync(join(root, ".tmp", "cli-test"), { recursive: true });
  buildSync({
    entryPoints: [join(root, "src", "cli", "main.ts")], bundle: true, platform: "node", format: "cjs", target: "node20", outfile: out,
    external: ["esbuild", "@duckdb/node-api", "@duckdb/node-bindings*"], alias: { "causal-studio": join(root, "src", "core", "index.ts") }, logLevel: "error",
  });
  // query runs the model in the model runner, found beside the CLI (as dist/model-runner.js is beside dist/cli.js).
  buildSync({
    entryPoints: [join(root, "src", "core", "io", "model-process-child.ts")], bundle: true, platform: "node", format: "cjs", target: "node20", outfile: join(root, ".tmp", "cli-test", "model-runner.js"),
    external: ["esbuild", "@duckdb/node-api", "@duckdb/node-bindings*"], alias: { "causal-studio": join(root, "src", "core", "index.ts") }, logLevel: "error",
  });
}, 120_000);

const cli = (...args: string[]) => spawnSync(process.execPath, [out, ...args], { cwd: join(root, "test", "fixtures"), encoding: "utf8", timeout: 60_000 });

describe("bundled CLI", () => {
  it("answers a query and prints JSON", () => {
    const r = cli("query", fixture("confounded.causal.ts"), "--do", "X=1", "--target", "Y=1", "--json");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).answer.rows[0].estimate.value).toBeCloseTo(0.75, 12);
  });

  it("exits 1 with file:line:col and no stack trace on a broken model, 2 on bad usage", () => {
    const r = cli("query", fixture("bad/throws.causal.ts"), "--target", "a");
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^bad\/throws\.causal\.ts:4:9: error: throws\.causal\.ts threw TypeError/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(cli("graph", "--bogus").status).toBe(2);
  });

  it("exports a graph", () => {
    const r = cli("graph", fixture("iv.dagitty"), "--to", "dot");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^digraph/);
  });

  it("stops quietly when its reader closes the pipe early (`graph big.dagitty | head`): exit 0, no EPIPE stack trace", async () => {
    const file = join(root, ".tmp", "cli-test", "chain-3000.dagitty");
    writeFileSync(file, `dag {\n${Array.from({ length: 3000 }, (_, i) => `v${i} -> v${i + 1}`).join("\n")}\n}\n`);
    const child = spawn(process.execPath, [out, "graph", file, "--max-implications", "all"], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    await new Promise<void>((resolve) => child.stdout.once("data", () => { child.stdout.destroy(); resolve(); }));
    const code = await new Promise<number | null>((resolve) => child.on("close", (c) => resolve(c)));
    expect(stderr).not.toMatch(/EPIPE|Unhandled/);
    expect(code).toBe(0);
  });

  it("loads the TypeScript compiler only for TypeScript files: built as dist/cli.js is, a .dagitty graph needs no dist/typescript.js beside it", async () => {
    const { lazyTypescript } = await import("../../.ci/lazy-typescript.mjs");
    const dir = join(root, ".tmp", "cli-lazy");
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    // Plugins need esbuild's async API.
    await build({
      entryPoints: [join(root, "src", "cli", "main.ts")], bundle: true, platform: "node", format: "cjs", target: "node20", outfile: join(dir, "cli.js"), plugins: [lazyTypescript],
      external: ["esbuild", "@duckdb/node-api", "@duckdb/node-bindings*"], alias: { "causal-studio": join(root, "src", "core", "index.ts") }, logLevel: "error",
    });
    const lazy = (...args: string[]) => spawnSync(process.execPath, [join(dir, "cli.js"), ...args], { encoding: "utf8", timeout: 60_000 });
    const dagitty = lazy("graph", fixture("iv.dagitty"));
    expect(dagitty.stderr).toBe("");
    expect(dagitty.status).toBe(0);
    expect(lazy("--help").status).toBe(0);
    copyFileSync(join(root, "node_modules", "typescript", "lib", "typescript.js"), join(dir, "typescript.js"));
    const model = lazy("graph", fixture("confounded.causal.ts"), "--json");
    expect(model.status).toBe(0);
    expect(JSON.parse(model.stdout).models[0].nodes.length).toBeGreaterThan(1);
  }, 120_000);
});

