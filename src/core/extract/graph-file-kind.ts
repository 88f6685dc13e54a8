/** Which reader a file needs, by its extension: DAGitty syntax or a TypeScript model module. */
export type GraphFileKind = "dagitty" | "typescript";

export function graphFileKind(file: string): GraphFileKind | undefined {
  const lower = file.toLowerCase();
  if (lower.endsWith(".dagitty")) return "dagitty";
  if (lower.endsWith(".ts") || lower.endsWith(".mts") || lower.endsWith(".cts")) return "typescript";
  return undefined;
}
