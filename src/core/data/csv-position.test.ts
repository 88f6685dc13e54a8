import { describe, expect, it } from "vitest";
import { csvPosition, unclosedQuote } from "./csv-position";

describe("csvPosition", () => {
  it("counts the header as row 1, blank lines as rows, and quoted newlines as lines only", () => {
    const text = 'a,b\n1,"x\ny"\n\n2,z\r\n3,w\n';
    expect(csvPosition(text, 0)).toEqual({ row: 1, line: 1 });
    expect(csvPosition(text, 1)).toEqual({ row: 2, line: 2 });
    expect(csvPosition(text, 2)).toEqual({ row: 4, line: 5 });
    expect(csvPosition(text, 3)).toEqual({ row: 5, line: 6 });
  });
  it("finds the quote that never closes", () => {
    expect(unclosedQuote('a\n"x""y"\n"z\n')).toEqual({ row: 3, line: 3 });
    expect(unclosedQuote('a\n"x\ny"\n')).toBeUndefined();
  });
});
