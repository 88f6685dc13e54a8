/** Which reader a file needs, by its extension: DAGitty syntax, a BIF network, lavaan model syntax or a TypeScript model module. */
export type GraphFileKind = "dagitty" | "bif" | "lavaan" | "typescript";

export function graphFileKind(file: string): GraphFileKind | undefined {
  const lower = file.toLowerCase();
  if (lower.endsWith(".dagitty")) return "dagitty";
  if (lower.endsWith(".bif")) return "bif";
  if (lower.endsWith(".lavaan")) return "lavaan";
  if (lower.endsWith(".ts") || lower.endsWith(".mts") || lower.endsWith(".cts")) return "typescript";
  return undefined;
}
