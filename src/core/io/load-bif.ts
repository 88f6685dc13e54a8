/**
 * Loads a `.bif` file as a model (core/dsl/bif-model.ts): read, parsed, its tables become the
 * mechanisms. Runs no user code. Errors come back as the parser's diagnostics; warnings and the
 * info about normalised rows are dropped here (the editor and `graph` show them).
 */
import type { Diagnostic } from "../errors/diagnostic";
import { bifModel } from "../dsl/bif-model";
import type { Model } from "../dsl/scm";
import { parseBif } from "../graph/bif/parse-bif";
import { readTextFile } from "./read-text-file";

export function isBifFile(file: string): boolean {
  return file.toLowerCase().endsWith(".bif");
}

export async function loadBifFile(path: string): Promise<{ model: Model; file: string } | { diagnostics: Diagnostic[] }> {
  const read = await readTextFile(path);
  if ("diagnostics" in read) return read;
  const parsed = parseBif(read.text, read.file);
  if (!parsed.network) return { diagnostics: parsed.diagnostics.filter((d) => d.severity === "error") };
  return { model: bifModel(parsed.network), file: read.file };
}
