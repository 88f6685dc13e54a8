import { describe, expect, it } from "vitest";
import { error, rangeFromOffsets } from "../core/errors/diagnostic";
import { formatDiagnostic } from "./format-diagnostic";

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
