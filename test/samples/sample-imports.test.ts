// Samples are what a user copies: they import only "causal-studio" (and files of their own folder),
// never the repository's sources by relative path.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const samples = join(__dirname, "..", "..", "samples");

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return name === "node_modules" ? [] : tsFiles(p);
    return /\.ts$/.test(name) ? [p] : [];
  });
}

describe("samples", () => {
  it("import only causal-studio, node built-ins and files of their own sample folder", () => {
    const files = tsFiles(samples);
    expect(files.length).toBeGreaterThan(5);
    const bad: string[] = [];
    for (const file of files) {
      const folder = join(samples, relative(samples, file).split(/[\\/]/)[0]);
      const text = readFileSync(file, "utf8");
      for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)[^;'"]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g)) {
        const spec = m[1] ?? m[2];
        const ok = spec === "causal-studio" || spec.startsWith("node:") || (spec.startsWith(".") && resolve(dirname(file), spec).startsWith(folder + "/"));
        if (!ok) bad.push(`${relative(samples, file)} imports ${spec}`);
      }
    }
    expect(bad).toEqual([]);
  });
});
