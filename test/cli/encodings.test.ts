// Files that are not UTF-8 (issue 13, item 16): a UTF-16 model used to "declare no model" and print NUL bytes,
// Latin-1 bytes became U+FFFD in names, and a binary file dumped raw bytes on the terminal. Every command
// now says what the file is and where, and nothing it prints holds a control character (but tab and newline).
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./run-cli";

const dir = mkdtempSync(join(tmpdir(), "cs-encodings-"));
const MODEL = 'import { scm, bernoulli } from "causal-studio";\nexport default scm("m")\n  .variable("café", () => bernoulli(0.5))\n  .variable("y", ({ café }) => bernoulli(café ? 0.9 : 0.1));\n';
const write = (name: string, bytes: Uint8Array | string) => (writeFileSync(join(dir, name), bytes), join(dir, name));
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

describe("files that are not UTF-8", () => {
  const utf16 = write("utf16.causal.ts", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(MODEL, "utf16le")]));
  const latin1 = write("latin1.causal.ts", Buffer.from(MODEL, "latin1"));
  const binary = write("binary.dagitty", Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x1b, 0x5b, 0x32, 0x4a, 0x00, 0x07, 0x1b, 0x5d, 0x30, 0x3b, 0x9b, 0xff]));

  it("a UTF-16 model is 'not valid UTF-8 (looks like UTF-16 LE)' in graph and query, not 'declares no model'", async () => {
    for (const argv of [["graph", utf16], ["query", utf16, "--target", "y"]]) {
      const r = await runCli(...argv);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe("");
      expect(r.stderr).toContain("not valid UTF-8 (looks like UTF-16 LE, with a byte-order mark); save it as UTF-8");
      expect(r.stderr).not.toContain("declares no model");
      expect(r.stderr).not.toMatch(CONTROL);
    }
  });

  it("a Latin-1 model points at the byte, reads it as Latin-1, and never becomes a name with U+FFFD", async () => {
    const r = await runCli("graph", latin1);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/latin1\.causal\.ts:3:17: error: cannot read .*latin1\.causal\.ts: not valid UTF-8: byte 0xE9 at line 3, column 17 \(the file looks like Latin-1 or Windows-1252, where it reads "é"\)/);
    expect(r.stderr).not.toContain("\ufffd");
  });

  it("a binary file is called binary and none of its bytes reach the terminal", async () => {
    const r = await runCli("graph", binary);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("it looks like a binary file (it has a NUL byte at offset 8), not a text file");
    expect(r.stderr).not.toMatch(CONTROL);
  });

  it("names with terminal escapes in a valid UTF-8 file print as escapes in diagnostics and answers", async () => {
    const hostile = write("escapes.dagitty", 'dag { "x\u001b[2J" -> y }');
    const g = await runCli("graph", hostile);
    expect(g.stdout + g.stderr).not.toMatch(CONTROL);
    expect(g.stdout + g.stderr).toContain("\\x1b[2J");
    const m = write("escapes.causal.ts", 'import { scm, bernoulli } from "causal-studio";\nexport default scm("m\\u001b[31m").variable("x", () => bernoulli(0.5)).variable("y", ({ x, zz }) => bernoulli(0.5));\n');
    const q = await runCli("query", m, "--target", "y");
    expect(q.code).toBe(1);
    expect(q.stderr).not.toMatch(CONTROL);
    expect(q.stderr).toContain("zz");
  });
});
