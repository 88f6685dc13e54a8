/**
 * Where a script exports `main` (the function Run Script… calls): the "Run main…" CodeLens goes above
 * it in .ts/.mts/.cts files that are not models. Read from the text alone (no code runs): an
 * `export function main`, `export async function main` or `export const main =` at the start of a
 * line, outside block comments.
 */
const DECLARATION = /^export\s+(?:(?:async\s+)?function\s+main\s*[(<]|(?:const|let)\s+main\s*[=:])/;

/** 0-based lines of the exported main declarations (normally one). */
export function mainDeclarationLines(text: string): number[] {
  const out: number[] = [];
  let inComment = false;
  text.split(/\r?\n/).forEach((line, i) => {
    let rest = line;
    if (inComment) {
      const end = rest.indexOf("*/");
      if (end < 0) return;
      rest = rest.slice(end + 2);
      inComment = false;
    }
    if (DECLARATION.test(rest)) out.push(i);
    const open = rest.lastIndexOf("/*");
    if (open >= 0 && rest.indexOf("*/", open + 2) < 0) inComment = true;
  });
  return out;
}

/** Run Script… runs scripts, not models (a *.causal.ts file is run by its queries, training and diagnosis). */
export const isScriptFile = (fileName: string) => /\.(ts|mts|cts)$/i.test(fileName) && !/\.causal\.ts$/i.test(fileName) && !/\.d\.[cm]?ts$/i.test(fileName);
