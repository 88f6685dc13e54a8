/**
 * The webview drops a message that fails the protocol's validation (a non-finite number, say), so
 * posting one for a query would leave the panel "Running…" forever (issue 13). This posts a query's
 * messages only once they validate; the first that does not becomes a visible queryFailed for the
 * query, and the query's later messages are dropped (it has ended).
 */
import { parseToWebview, type ToWebview } from "../protocol/messages";

export function checkedPost(post: (m: ToWebview) => void, id: number): (m: ToWebview) => void {
  let failed = false;
  return (m) => {
    if (failed) return;
    const parsed = parseToWebview(m);
    if (parsed.ok) return post(m);
    failed = true;
    post({ type: "queryFailed", id, reason: "model-error", message: `The answer could not be shown: it is not valid for the panel (${parsed.error.replace(/^Ignored an /, "an ")}).` });
  };
}
