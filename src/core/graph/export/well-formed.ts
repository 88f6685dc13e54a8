/** `s` with NUL and lone surrogates (which neither C strings nor UTF-8 can carry) replaced by U+FFFD. */
export function wellFormed(s: string): string {
  return s.replace(/\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");
}
