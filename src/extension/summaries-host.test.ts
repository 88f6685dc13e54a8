// The host lists which nodes get sparklines (issue 12, item 8): only the observed descendants of the
// intervention, read from the statically extracted graph; experience, a cause-side sibling of the
// intervened education, gets none (under do(education) its marginal cannot move).
import { describe, expect, it } from "vitest";
import type { RunQuery } from "../protocol/messages";
import { readGraphSource } from "./graph-source";
import { queryJobFor } from "./query-session";

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
});
