import { describe, expect, it } from "vitest";
import { closestName, editDistance } from "./did-you-mean";

describe("did you mean", () => {
  it("computes Levenshtein distances", () => {
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("smokng", "smoking")).toBe(1);
  });
  it("suggests close names only", () => {
    const names = ["smoking", "tar", "cancer", "X", "genotype"];
    expect(closestName("smokng", names)).toBe("smoking");
    expect(closestName("tarr", names)).toBe("tar");
    expect(closestName("x", names)).toBe("X");
    expect(closestName("Y", names)).toBeUndefined();
    expect(closestName("weather", names)).toBeUndefined();
  });
});
