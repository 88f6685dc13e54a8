/**
 * The default name of every export of a model file, shared by the host (save dialogs) and the webviews (the
 * export buttons' tooltips) so that both say the same: `<stem>-<what>.<ext>` beside the model, where `<stem>`
 * is the file's name without its folder and its .causal.ts / .dagitty / .ts suffix (src/extension/file-labels.ts
 * says why). Plain string functions (no node:path: the webview bundles include this file).
 */

/** The model file's name without its folder and its .causal.ts / .dagitty / .ts suffix. */
export function modelFileStem(file: string): string {
  return file.replace(/^.*[\\/]/, "").replace(/\.causal\.ts$|\.dagitty$|\.ts$/i, "") || "model";
}

/** A file-name-safe form of a label: runs of anything but letters, digits, ".", "_" and "-" become "-". */
export function safeFileLabel(label: string): string {
  return label.normalize("NFKD").replace(/[^A-Za-z0-9._-]+/g, "-").replace(/-{2,}/g, "-").replace(/^[-.]+|[-.]+$/g, "").slice(0, 120);
}

/** The default name of an export of `file`: `<stem>-<what>.<extension>`, e.g. `model-dag.svg`, `linear-residuals-y.png`. */
export function exportFileName(file: string, what: string, extension: string): string {
  return `${modelFileStem(file)}-${safeFileLabel(what) || "export"}.${extension}`;
}

/** The default name of a script's figure export: `<stem>-<figure id>.<extension>`, where a sample's `main.ts` takes its folder's name (`causal-bandits-regret-vs-m.svg`, not `main-…`). */
export function scriptExportName(script: string, id: string, extension: string): string {
  const m = /^(.*?)[\\/]+main\.[cm]?[jt]s$/i.exec(script);
  return exportFileName(m && m[1] ? m[1] : script, id, extension);
}
