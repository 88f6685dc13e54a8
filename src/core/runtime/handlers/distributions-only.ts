/**
 * DistributionsOnlyHandler: turns every site into "evaluate the mechanism and keep the
 * distribution of each row" without sampling. Exact inference uses it to build conditional
 * probability tables: a batch's rows are the parents' configurations.
 */
import type { Handler, SiteMessage } from "../message";

export class DistributionsOnlyHandler implements Handler {
  process(msg: SiteMessage): void {
    msg.distributionsOnly = true;
  }
}
