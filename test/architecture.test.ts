// The allowed imports between layers (DESIGN.md "Architecture"), checked on every run:
// core never imports vscode, protocol, extension or webview code and touches no DOM;
// only core/io touches the file system or processes; cli never imports vscode; the webview
// never imports core or vscode; protocol imports nothing but zod and its own files. Inside src/core, each folder may
// import only the folders listed for it below (DESIGN.md's arrows), so the folders form no cycle.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(__dirname, "..");

function sources(dir: string): string[] {
  const abs = join(root, dir);
  const out: string[] = [];
  if (!existsSync(abs)) return out;
  for (const name of readdirSync(abs)) {
    const p = join(abs, name);
    if (statSync(p).isDirectory()) out.push(...sources(relative(root, p)));
    else if (/\.ts$/.test(name) && !/\.test\.ts$/.test(name)) out.push(relative(root, p));
  }
  return out;
}

function importsOf(file: string): string[] {
  const text = readFileSync(join(root, file), "utf8");
  const specs: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)[^;'"]*?from\s*["']([^"']+)["']/g)) specs.push(m[1]);
  for (const m of text.matchAll(/(?:require|import)\(\s*["']([^"']+)["']\s*\)/g)) specs.push(m[1]);
  return specs;
}

function violations(dir: string, banned: (spec: string, file: string) => boolean): string[] {
  return sources(dir).flatMap((f) => importsOf(f).filter((s) => banned(s, f)).map((s) => `${f} imports ${s}`));
}

describe("layering", () => {
  it("src/core imports no vscode, protocol, extension, cli or webview code", () => {
    expect(violations("src/core", (s) => s === "vscode" || /(^|\/)(protocol|extension|cli)(\/|$)/.test(s) || s.includes("webview"))).toEqual([]);
  });
  it("only src/core/io touches the file system or child processes", () => {
    const io = /^(node:)?(fs|fs\/promises|child_process|worker_threads)$/;
    expect(violations("src/core", (s, f) => io.test(s) && !f.startsWith(join("src", "core", "io")))).toEqual([]);
  });
  it("src/core touches no DOM globals", () => {
    const dom = /\b(document|window|HTMLElement|navigator)\./;
    const hits = sources("src/core").filter((f) => dom.test(readFileSync(join(root, f), "utf8")));
    expect(hits).toEqual([]);
  });
  it("src/cli never imports vscode, the extension or the webview", () => {
    // Two exceptions: `diagnose --plots` and `run --plots` draw with the panels' own plot builders, which import only Plot, the protocol and their frame.
    const sharedPlots = (s: string) => /(^|\/)webview\/(diagnostics\/plots|figures\/figure-plot)$/.test(s);
    expect(violations("src/cli", (s) => s === "vscode" || (/extension|webview/.test(s) && !sharedPlots(s)))).toEqual([]);
    // The builders and their frame (figure.ts) import only Plot, the protocol and each other.
    for (const file of ["plots.ts", "figure.ts"]) {
      expect(importsOf(join("webview", "diagnostics", file)).filter((s) => s !== "@observablehq/plot" && s !== "./figure" && !/^(\.\.\/)+src\/protocol\//.test(s)), file).toEqual([]);
    }
    expect(importsOf(join("webview", "figures", "figure-plot.ts")).filter((s) => s !== "@observablehq/plot" && s !== "../diagnostics/figure" && !/^(\.\.\/)+src\/protocol\//.test(s))).toEqual([]);
  });
  it("the webview never imports core or vscode", () => {
    expect(violations("webview", (s) => s === "vscode" || /(^|\/)core(\/|$)/.test(s) || s === "causal-studio")).toEqual([]);
  });
  it("only src/core/data imports DuckDB, and only lazily (type imports and `await import`)", () => {
    const all = ["src", "webview"].flatMap((d) => violations(d, (s, f) => /^@duckdb\//.test(s) && !f.startsWith(join("src", "core", "data"))));
    expect(all).toEqual([]);
    const eager = sources("src/core/data").filter((f) => /^\s*import\s+(?!type\b)[^;]*?from\s*["']@duckdb\//m.test(readFileSync(join(root, f), "utf8")));
    expect(eager).toEqual([]);
  });
  it("only src/core/train/tf imports TensorFlow.js, and the rest of core/train loads it lazily", () => {
    const all = ["src", "webview"].flatMap((d) => violations(d, (s, f) => /^@tensorflow\//.test(s) && !f.startsWith(join("src", "core", "train", "tf"))));
    expect(all).toEqual([]);
    // A model without mlp mechanisms never loads TensorFlow.js: outside tf/, only type imports or `await import("./tf/...")`.
    const eager = sources("src/core/train").filter((f) => !f.startsWith(join("src", "core", "train", "tf")) && !f.endsWith(".test.ts"))
      .filter((f) => /^\s*import\s+(?!type\b)[^;]*?from\s*["']\.\/tf\//m.test(readFileSync(join(root, f), "utf8")));
    expect(eager).toEqual([]);
  });
  it("src/protocol imports nothing but zod (and its own files)", () => {
    expect(violations("src/protocol", (s) => s !== "zod" && !s.startsWith("zod/") && !/^\.\/[\w-]+$/.test(s))).toEqual([]);
  });
});

/**
 * Inside src/core: which folders each folder may import (besides itself). Listed lowest first; a
 * folder lists only folders above it in this table, so a cycle cannot pass the check. `index`
 * is the public API file (src/core/index.ts); only io (which loads user models) reads it.
 */
const CORE_FOLDERS: Record<string, string[]> = {
  errors: [],
  figures: [],
  random: ["errors"],
  graph: ["random", "errors"],
  distributions: ["random", "errors"],
  runtime: ["distributions", "random", "errors"],
  learned: ["runtime", "distributions", "random", "errors"],
  infer: ["runtime", "distributions", "random", "errors"],
  criticism: ["graph", "infer", "learned", "runtime", "distributions", "random", "errors"],
  query: ["criticism", "infer", "learned", "runtime", "distributions", "random", "graph", "errors"],
  dsl: ["query", "infer", "learned", "runtime", "distributions", "random", "graph", "errors"],
  extract: ["graph", "distributions", "errors"],
  data: ["extract", "errors"],
  train: ["infer", "learned", "runtime", "distributions", "random", "data", "errors"],
  io: ["index", "dsl", "query", "infer", "learned", "runtime", "distributions", "random", "graph", "extract", "data", "train", "criticism", "errors"],
};

function coreFolderOf(path: string): string {
  const rel = relative(join(root, "src", "core"), path).split(/[\\/]/);
  return rel.length === 1 ? rel[0].replace(/\.ts$/, "") : rel[0];
}

describe("src/core folders", () => {
  const order = Object.keys(CORE_FOLDERS);
  it("the table itself has no cycle: every folder lists only folders before it", () => {
    for (const [f, allowed] of Object.entries(CORE_FOLDERS)) {
      for (const a of allowed) if (a !== "index") expect(order.indexOf(a), `${f} -> ${a}`).toBeLessThan(order.indexOf(f));
    }
  });
  it("every folder of src/core is in the table", () => {
    const folders = readdirSync(join(root, "src", "core")).filter((n) => statSync(join(root, "src", "core", n)).isDirectory());
    expect(folders.filter((f) => !CORE_FOLDERS[f])).toEqual([]);
  });
  it("each folder imports only the folders the table allows", () => {
    const bad: string[] = [];
    for (const file of sources("src/core")) {
      const from = coreFolderOf(join(root, file));
      if (from === "index") continue;
      for (const spec of importsOf(file)) {
        if (!spec.startsWith(".")) continue;
        const target = join(root, file, "..", spec);
        if (!target.startsWith(join(root, "src", "core"))) continue;
        const to = coreFolderOf(target);
        if (to !== from && !CORE_FOLDERS[from]?.includes(to)) bad.push(`${file} (${from}) imports ${spec} (${to})`);
      }
    }
    expect(bad).toEqual([]);
  });
});
