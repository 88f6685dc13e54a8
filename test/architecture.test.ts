// The allowed imports between layers (DESIGN.md "Architecture"), checked on every run:
// core never imports vscode, protocol, extension or webview code and touches no DOM;
// only core/io touches the file system or processes; cli never imports vscode; the webview
// never imports core or vscode; protocol imports nothing but zod.
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
    expect(violations("src/cli", (s) => s === "vscode" || /extension|webview/.test(s))).toEqual([]);
  });
  it("the webview never imports core or vscode", () => {
    expect(violations("webview", (s) => s === "vscode" || /(^|\/)core(\/|$)/.test(s) || s === "causal-studio")).toEqual([]);
  });
  it("src/protocol imports nothing but zod", () => {
    expect(violations("src/protocol", (s) => s !== "zod" && !s.startsWith("zod/"))).toEqual([]);
  });
});
