/**
 * The names Causal Studio shows and writes for a model file, in one place so that every place agrees:
 * the DAG tab's title and the default name of every export (Export DAG as SVG/PNG/DAGitty/dot/Mermaid,
 * a diagnosis plot's SVG/PNG). Pure (paths in, strings out); no `vscode` import, so it is unit-tested.
 *
 * Why the file and not the model's name: the file is always there (a .dagitty graph has no model name, a
 * file being typed may have no readable scm(...) chain for a moment, a file may hold several models), it is
 * what the panel follows and what the editor's own tab shows, so the DAG tab does not change while typing;
 * the model's name is in the panel's status line. Exports sit beside the model file, named
 * `<stem>-<what>.<ext>` (`<stem>` the file's name without .causal.ts / .dagitty / .ts), the way training
 * names its parameters file `<stem>.params.json` (trained-params.ts).
 */
import { basename } from "node:path";

export { exportFileName, modelFileStem, safeFileLabel } from "../protocol/export-names";

/** The DAG tab's title for the document it follows: always the file's name, e.g. "DAG: model.causal.ts". */
export function dagTabTitle(file: string): string {
  return `DAG: ${basename(file)}`;
}
