// Issue 12, item 10: `npm start` (and `npm ci`) printed "npm warn install-scripts ... not yet covered by
// allowScripts", which a user takes for an error. npm 11 warns about every locked package with an install
// script that package.json's `allowScripts` does not answer; each one is answered (and .ci/ensure-deps.sh says why).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(__dirname, "..");
const json = (f: string) => JSON.parse(readFileSync(join(root, f), "utf8"));

/** Package names with an install script in a lockfile (npm's `hasInstallScript`). */
function withInstallScripts(lock: { packages: Record<string, { hasInstallScript?: boolean }> }): string[] {
  return Object.entries(lock.packages).filter(([, p]) => p.hasInstallScript).map(([path]) => path.slice(path.lastIndexOf("node_modules/") + "node_modules/".length)).sort();
}

describe("install scripts (npm 11 allowScripts)", () => {
  it("every locked package with an install script is answered in package.json, and ensure-deps.sh says why", () => {
    const names = withInstallScripts(json("package-lock.json"));
    expect(names.length).toBeGreaterThan(0);
    const allow = json("package.json").allowScripts ?? {};
    expect(names.filter((n) => typeof allow[n] !== "boolean")).toEqual([]);
    const explained = readFileSync(join(root, ".ci", "ensure-deps.sh"), "utf8");
    for (const n of names) expect(explained, n).toMatch(new RegExp(`#\\s+${n.replace(/[/.]/g, "\\$&")}\\s`));
  });

  it("the e2e harness's own install approves what it needs (code-server's native build)", () => {
    const allow = json("test/e2e/package.json").allowScripts ?? {};
    expect(allow["code-server"]).toBe(true);
  });
});
