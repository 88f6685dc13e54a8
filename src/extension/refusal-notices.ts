/**
 * Where Causal Studio says no to something the user did in the DAG panel (an edge that would close a cycle,
 * "nothing to change", a node with no declaration): in the panel's banner, as a HostNotice, not in a toast.
 * The banner is tied to the drawing of one document: the webview replaces it with that document's own
 * problems (usually none) at the next graph update, which comes with every edit and when the panel follows
 * another file, so a refusal never outlives the file it is about. A toast stays in the notification centre
 * after the file is closed or changed, saying something about code that no longer exists. Questions with
 * actions (move a declaration up, undo an edge removal) stay toasts: they need buttons.
 */
import type { HostNotice } from "../protocol/messages";

export function refusalNotice(message: string, level: HostNotice["level"] = "error"): HostNotice {
  return { type: "notice", level, message: message.replace(/^Causal Studio: /, "") };
}
