/**
 * The graph engine's verdict on a panel query (src/core/query/identify-query.ts) as the protocol's
 * IdentificationDto: "estimand = formula" with the adjustment set, or the hedge (in words for the model,
 * naming the unobserved causes, and formally for the details), or why it does not apply.
 * Static (graph only), so it runs in untrusted workspaces too.
 */
import type { ExtractedModel } from "../core/extract/extract-models";
import { identifyQuery } from "../core/query/identify-query";
import type { SingleQuerySpec } from "../core/query/query-spec";
import type { IdentificationDto } from "../protocol/messages";
import { queryText } from "../protocol/query-text";

/** The identification verdict for the panel: "estimand = formula" and the adjustment set, or why not. */
export function identifyForPanel(model: ExtractedModel, spec: SingleQuerySpec): IdentificationDto {
  const r = identifyQuery(model.graph, spec);
  const estimand = queryText(spec, "compact");
  switch (r.status) {
    case "identified":
      return { status: "identified", formula: `${estimand} = ${r.formula.text}`, ...(r.adjustmentSet ? { adjustmentSet: r.adjustmentSet } : {}), ...(r.note ? { note: r.note } : {}) };
    case "not-identified":
      return {
        status: "not-identified", reason: `${estimand}: ${r.reason}`, hedge: r.hedge, explanation: r.explanation,
        latents: r.hiddenCauses.flatMap((c) => (c.latent ? [c.latent] : [])),
      };
    case "counterfactual":
      return { status: "counterfactual", reason: r.reason };
    case "not-applicable":
      return { status: "not-applicable", reason: r.reason };
  }
}
