// Level names for the DAG panel's value list, from a parameters file that training wrote.
import { mkdtempSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { GraphNodeDto } from "../protocol/messages";
import { trainedLevels, withLevels } from "./trained-levels";

describe("trained level names", () => {
  it("reads data.levels from a parameters file, re-reading it when it changes, and nothing from other files", () => {
    const dir = mkdtempSync(join(tmpdir(), "cs-levels-"));
    const file = join(dir, "m.params.json");
    writeFileSync(file, JSON.stringify({ model: "m", params: { a: 1 }, data: { file: "d.csv", rows: 3, levels: { grade: ["low", "mid", "high"], bad: [1, 2] } } }));
    expect(trainedLevels(file)).toEqual({ grade: ["low", "mid", "high"] });
    writeFileSync(file, JSON.stringify({ model: "m", params: { a: 1 }, data: { file: "d.csv", rows: 3, levels: { grade: ["c", "b", "a"] } } }));
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    expect(trainedLevels(file)).toEqual({ grade: ["c", "b", "a"] });
    writeFileSync(join(dir, "plain.json"), JSON.stringify({ a: 1 }));
    expect(trainedLevels(join(dir, "plain.json"))).toBeUndefined();
    writeFileSync(join(dir, "broken.json"), "{");
    expect(trainedLevels(join(dir, "broken.json"))).toBeUndefined();
    expect(trainedLevels(join(dir, "missing.json"))).toBeUndefined();
  });

  it("names only the nodes whose support the names fit", () => {
    const nodes: GraphNodeDto[] = [
      { id: "grade", support: { kind: "finite", values: [0, 1, 2] } },
      { id: "size", support: { kind: "finite", values: [0, 1] } },
      { id: "cell", support: { kind: "integer", min: 0 } },
      { id: "wage", support: { kind: "real" } },
    ];
    const named = withLevels(nodes, { grade: ["low", "mid", "high"], size: ["s", "m", "l"], cell: ["start", "goal"], wage: ["x"] });
    expect(named.map((n) => n.levels)).toEqual([["low", "mid", "high"], undefined, ["start", "goal"], undefined]);
    expect(withLevels(nodes, undefined)).toBe(nodes);
  });
});
