// Issue 13 item 9 in the editor: the webview drops a message that fails the protocol's validation
// (a non-finite estimate), so the query it answers stayed "Running…" forever. The host now checks
// each query message before posting it and turns an invalid one into a visible queryFailed.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Answer } from "../core/query/answer";
import type { AnsweredQuery } from "../core/query/query-job";
import { parseToWebview, type RunQuery, type ToWebview } from "../protocol/messages";
import { readGraphSource } from "./graph-source";
import type { QueryOutcome, RunQueryJob } from "./query-job-runner";
import { answerRunQuery } from "./query-session";

const file = join(__dirname, "..", "..", "samples", "frontdoor", "model.causal.ts");
const extracted = readGraphSource(readFileSync(file, "utf8"), file).models[0];
const req: RunQuery = { type: "runQuery", id: 9, modelIndex: 0, do: { smoking: 0 }, given: {}, target: "cancer", counterfactual: false };

/** A runner whose answer carries NaN (what an older model process, or a bug, could send). */
const nanRunner: RunQueryJob = async (_file, _job, o): Promise<QueryOutcome> => {
  const answer: Answer = { type: "distribution", variable: "cancer", support: "declared", rows: [{ value: 0, estimate: { value: NaN, standardError: NaN, method: "ancestral sampling" } }, { value: 1, estimate: { value: NaN, standardError: NaN, method: "ancestral sampling" } }] };
  const progress = { batch: 1, batches: 2, samples: 10, totalSamples: 20, exact: false, answer };
  await o?.onProgress?.({ type: "batch", progress } as never);
  const result = { answer } as AnsweredQuery;
  return { status: "answered", result, code: { typescript: "ts", cli: "cli" }, notes: [], elapsedMs: 1, bundled: false };
};

describe("the host's query messages", () => {
  it("an answer the webview would reject becomes one visible queryFailed, not a silent drop", async () => {
    const posted: ToWebview[] = [];
    await answerRunQuery(req, { runQueryJob: nanRunner, identify: () => ({ status: "identified", formula: "f" }), post: (m) => posted.push(m), file, model: extracted });
    for (const m of posted) expect(parseToWebview(m).ok, JSON.stringify(m)).toBe(true);
    const failed = posted.filter((m) => m.type === "queryFailed");
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ id: 9, reason: "model-error", message: expect.stringMatching(/The answer could not be shown.*not valid for the panel.*answer\.rows\.0\.estimate\.value/) });
    expect(posted.filter((m) => m.type === "queryResult")).toHaveLength(0);
  });
});
