/**
 * The webview's side of the protocol: every outgoing message is checked against its schema before it
 * is posted, and every incoming one is validated; an invalid message is logged, ignored, reported to
 * the host and shown to the user (the drawing stays as it was).
 */
import { FromWebview, parseToWebview, type ToWebview } from "../src/protocol/messages";

export interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

export class Bridge {
  constructor(private readonly api: VsCodeApi, private readonly onInvalid: (error: string) => void) {}

  post(message: FromWebview): void {
    const checked = FromWebview.safeParse(message);
    if (!checked.success) {
      console.error("Causal Studio webview: refusing to send an invalid message", checked.error.issues);
      return;
    }
    this.api.postMessage(checked.data);
  }

  /** Subscribes to host messages; `handle` only ever sees valid ones. */
  listen(target: Window, handle: (message: ToWebview) => void): void {
    target.addEventListener("message", (event: MessageEvent) => {
      const parsed = parseToWebview(event.data);
      if (parsed.ok) {
        handle(parsed.message);
        return;
      }
      console.error(parsed.error);
      this.onInvalid(parsed.error);
      this.post({ type: "webviewError", message: parsed.error });
    });
  }
}
