// The host lists which nodes get sparklines (issue 12, item 8): only the observed descendants of the
// intervention, read from the statically extracted graph; experience, a cause-side sibling of the
// intervened education, gets none (under do(education) its marginal cannot move).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import frontdoor from "../../samples/frontdoor/model.causal";
import { runQueryJob } from "../core/query/query-job";
import type { RunQuery, ToWebview } from "../protocol/messages";
import { readGraphSource } from "./graph-source";
import { identifyForPanel } from "./identify-for-panel";
import type { QueryOutcome, RunQueryJob } from "./query-job-runner";
import { answerRunQuery, queryJobFor } from "./query-session";

const source = `import { normal, scm } from "causal-studio";
export default scm("wages")
  .latent("ability", () => normal(0, 1))
  .variable("experience", ({ ability }) => normal(10 + ability, 2))
  .variable("education", ({ ability }) => normal(12 + 2 * ability, 1))
  .variable("wage", ({ education, experience, ability }) => normal(education + experience + 3 * ability, 1))
  .variable("satisfaction", ({ wage }) => normal(wage / 10, 1))
  .variable("region", () => normal(0, 1));
`;
const model = readGraphSource(source, "/w/wages.causal.ts").models[0];
const req = (over: Partial<RunQuery>): RunQuery => ({ type: "runQuery", id: 1, modelIndex: 0, do: { education: 16 }, given: {}, target: "wage", counterfactual: false, ...over });

describe("queryJobFor: sparkline summaries", () => {
  it("lists the observed descendants of the intervention only, with no budget of their own (they use the answer's)", () => {
    expect(queryJobFor(req({}), model).summaries).toEqual({ variables: ["wage", "satisfaction"] });
    expect(queryJobFor(req({ do: { experience: 12 } }), model).summaries).toEqual({ variables: ["wage", "satisfaction"] });
    expect(queryJobFor(req({ do: { wage: 30 }, target: "satisfaction" }), model).summaries).toEqual({ variables: ["satisfaction"] });
    expect(queryJobFor(req({ do: { satisfaction: 3 }, target: "wage" }), model).summaries).toBeUndefined(); // nothing downstream
    expect(queryJobFor(req({ do: {} }), model).summaries).toBeUndefined();
  });

  it("a counterfactual's cards: factual beside counterfactual, flagged for the webview, with the sample README's numbers", async () => {
    const file = join(__dirname, "..", "..", "samples", "frontdoor", "model.causal.ts");
    const extracted = readGraphSource(readFileSync(file, "utf8"), file).models[0];
    const runner: RunQueryJob = async (_f, job, o): Promise<QueryOutcome> => {
      const code = { typescript: "ts", cli: "cli" };
      const result = await runQueryJob(frontdoor, job, { onProgress: (p) => o?.onProgress?.(p.type === "batch" ? p : { type: "answered", answered: p.answered, code, elapsedMs: 1, notes: [] }) });
      return { status: "answered", result, code, notes: [], elapsedMs: 1, bundled: false };
    };
    const posted: ToWebview[] = [];
    const cf = req({ counterfactual: true, do: { smoking: 0 }, given: { smoking: 1, cancer: 1 }, target: "cancer" });
    await answerRunQuery(cf, { runQueryJob: runner, identify: identifyForPanel, post: (m) => posted.push(m), file, model: extracted });
    const sums = posted.find((m) => m.type === "nodeSummaries");
    if (sums?.type !== "nodeSummaries") throw new Error("no summaries");
    expect(sums).toMatchObject({ action: ["smoking"], counterfactual: true });
    const cancer = sums.nodes.find((n) => n.id === "cancer")!;
    // README: a smoker with cancer, had they not smoked, P(cancer) = 0.05125 / 0.07375; factually, cancer = 1 surely.
    expect(cancer.intervened.kind === "discrete" && cancer.intervened.probabilities[1]).toBeCloseTo(0.05125 / 0.07375, 12);
    expect(cancer.observed.kind === "discrete" && cancer.observed.probabilities[1]).toBeCloseTo(1, 12);
  });
});
