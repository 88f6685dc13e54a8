import { describe, expect, it } from "vitest";
import { error, rangeFromOffsets } from "../core/errors/diagnostic";
import { omittedBy } from "../core/errors/diagnostic-cap";
import { parseDagitty } from "../core/graph/dagitty/parse-dagitty";
import { EXCERPT_WIDTH, formatDiagnostic, formatDiagnostics, MAX_PRINTED } from "./format-diagnostic";

describe("formatDiagnostic", () => {
  const text = 'scm("m")\n  .variable("tar", ({ smokng }) => normal(smokng, 1));\n';
  const start = text.indexOf("smokng");
  const range = rangeFromOffsets(text, start, start + 6, "/proj/models/m.causal.ts");

  it("prints file:line:col (1-based column), the source line with carets, and notes", () => {
    const d = error("unknown-parent", '"tar" reads "smokng"', range, ["did you mean smoking?"]);
    expect(formatDiagnostic(d, { cwd: "/proj", sources: new Map([["/proj/models/m.causal.ts", text]]) })).toBe(
      'models/m.causal.ts:2:23: error: "tar" reads "smokng"\n' +
        '    .variable("tar", ({ smokng }) => normal(smokng, 1));\n' +
        "                        ^^^^^^\n" +
        "  note: did you mean smoking?\n",
    );
  });

  it("keeps absolute paths outside the working directory and works without a range", () => {
    expect(formatDiagnostic(error("parse-error", "bad", range), { cwd: "/elsewhere" })).toBe("/proj/models/m.causal.ts:2:23: error: bad\n");
    expect(formatDiagnostic({ ...error("not-a-model", "no model"), severity: "warning" })).toBe("causal-studio: warning: no model\n");
  });
});

describe("formatDiagnostics bounds (issue 13 item 3)", () => {
  it("prints a window of the source line around the column, with … marks, not the whole line", () => {
    const line = `${"a".repeat(500)}!${"b".repeat(500)}`;
    const d = error("parse-error", 'Unexpected character "!".', rangeFromOffsets(line, 500, 501, "/p/j.dagitty"));
    const out = formatDiagnostic(d, { sources: new Map([["/p/j.dagitty", line]]) }).split("\n");
    expect(out[1].length).toBeLessThanOrEqual(2 + EXCERPT_WIDTH + 2);
    expect(out[1]).toMatch(/^ {2}…a+!b+…$/);
    expect(out[1][out[2].indexOf("^")]).toBe("!");
  });

  it("prints at most MAX_PRINTED diagnostics and counts the rest, including those the parser only counted", () => {
    let s = 7;
    const junk = Array.from({ length: 200 * 1024 }, () => "!$%&()*+:?^`|~@x"[(s = (s * 1103515245 + 12345) % 2147483648) % 16]).join("");
    const { diagnostics } = parseDagitty(junk, "/p/junk.dagitty");
    const out = formatDiagnostics(diagnostics, { sources: new Map([["/p/junk.dagitty", junk]]) });
    expect(out.length).toBeLessThan(20_000);
    expect(out.split("\n").filter((l) => /: error: /.test(l))).toHaveLength(MAX_PRINTED);
    const total = diagnostics.reduce((n, d) => n + (omittedBy(d) ? omittedBy(d) : 1), 0);
    expect(total).toBeGreaterThan(100_000);
    expect(out).toContain(`… and ${(total - MAX_PRINTED).toLocaleString("en-US")} more`);
  });
});
