/**
 * BlockHandler: hides the sites it selects from every handler outside it (below it in the
 * stack), as Pyro's `block` does; the site still gets a value from inner handlers or its effect.
 *
 *     rt.run([outerTrace, block((m) => m.type === "sample" && m.variable.latent)], run);   // outerTrace sees no latent
 */
import type { Handler, SiteMessage } from "../message";

export class BlockHandler implements Handler {
  constructor(readonly hide: (msg: SiteMessage) => boolean = () => true) {}
  process(msg: SiteMessage): void {
    if (this.hide(msg)) msg.stop = true;
  }
}

export const block = (hide?: (msg: SiteMessage) => boolean): BlockHandler => new BlockHandler(hide);
