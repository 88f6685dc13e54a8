// The "Run main…" CodeLens goes where a script exports main, found from the text alone.
import { describe, expect, it } from "vitest";
import { isScriptFile, mainDeclarationLines } from "./main-lens";

describe("Run main… CodeLens", () => {
  it.each([
    ["export async function main(args: string[]) {}", [0]],
    ["import x from 'y';\n\nexport function main(): number {\n  return 0;\n}", [2]],
    ["export const main = async () => 0;", [0]],
    ["export function main<T>(a: T) {}", [0]],
    ["function main() {}\nexport { main };", []],
    ["export function mainly() {}", []],
    ["// export function main() {}", []],
    ["/*\nexport function main() {}\n*/\nexport function main() {}", [3]],
    ["/* one line */ export function main() {}", []],
    ["  export function main() {}", []],
  ])("%j", (text, lines) => expect(mainDeclarationLines(text)).toEqual(lines));

  it("offers it on scripts, not on models or declaration files", () => {
    expect(["main.ts", "run.mts", "a.cts"].map(isScriptFile)).toEqual([true, true, true]);
    expect(["model.causal.ts", "index.d.ts", "x.js", "data.csv"].map(isScriptFile)).toEqual([false, false, false, false]);
  });
});
