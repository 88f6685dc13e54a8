/**
 * What the DAG panel's queries need from the rest of the extension: the model runner (a separate
 * process; src/extension/model-runner.ts) and the identification verdict from the graph engine
 * (src/core/query/identify-query.ts), adapted to the panel's protocol DTOs.
 */
import type { ExtractedModel } from "../core/extract/extract-models";
import type { SingleQuerySpec } from "../core/query/query-spec";
import type { IdentificationDto } from "../protocol/messages";
import { identifyForPanel } from "./identify-for-panel";
import type { Ctx } from "./ctx";
import { createModelRunner, type ModelRunner, type RunQuery } from "./model-runner";

export interface QueryService {
  runQuery: RunQuery;
  identify: (model: ExtractedModel, spec: SingleQuerySpec) => IdentificationDto;
}

let runner: ModelRunner | undefined;

/** The extension's one model runner (created on first use, disposed with the extension) and the identifier. */
export function queryService(ctx: Ctx): QueryService & { warm(): void } {
  if (!runner) {
    runner = createModelRunner(ctx);
    ctx.push({ dispose: () => { runner = undefined; } });
  }
  const r = runner;
  return { runQuery: r.runQuery, identify: identifyForPanel, warm: () => r.warm() };
}
