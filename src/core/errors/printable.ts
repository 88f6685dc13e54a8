/**
 * Text safe to print on a terminal: control characters (C0 but tab and newline, DEL, C1, and the
 * bidirectional overrides that reorder what a reader sees) are shown as escapes, `\x1b` or
 * `\u202e`, so a name or message read from a hostile or binary file can neither move the cursor,
 * recolour or clear the terminal, nor hide text. Only for human-readable output: JSON escapes itself.
 */
const UNPRINTABLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (c) => {
    const n = c.charCodeAt(0);
    return n <= 0xff ? `\\x${n.toString(16).padStart(2, "0")}` : `\\u${n.toString(16).padStart(4, "0")}`;
  });
}
