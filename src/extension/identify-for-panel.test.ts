// The panel's identification verdict for a model read from source (issue 12, item 5): a latent
// confounder gives a not-identified verdict whose words name the latent and what it affects, with
// the formal hedge kept for the details.
import { describe, expect, it } from "vitest";
import { parseToWebview } from "../protocol/messages";
import { readGraphSource } from "./graph-source";
import { identifyForPanel } from "./identify-for-panel";

const source = `import { normal, scm } from "causal-studio";
export default scm("wages")
  .latent("ability", () => normal(0, 1))
  .variable("education", ({ ability }) => normal(12 + 2 * ability, 1))
  .variable("experience", () => normal(10, 2))
  .variable("wage", ({ education, experience, ability }) => normal(education + experience + 3 * ability, 1));
`;
const model = readGraphSource(source, "/w/wages.causal.ts").models[0];

describe("identifyForPanel", () => {
  it("not identified because of a latent: the explanation in words, the latents, the formal reason", () => {
    const id = identifyForPanel(model, { kind: "single", counterfactual: false, do: { education: 16 }, given: {}, target: "wage" });
    expect(id).toMatchObject({
      status: "not-identified",
      explanation: "From observational data alone this effect is not identified: ability is unobserved and affects both education and wage. The answer shown comes from your model of ability.",
      latents: ["ability"],
      hedge: { f: expect.arrayContaining(["education", "wage"]) },
      reason: expect.stringMatching(/^P\(wage \| do\(education=16\)\): .*hedge F = /),
    });
    // It travels to the webview as valid protocol.
    const msg = { type: "queryResult", id: 1, text: "x", counterfactual: false, main: { label: "doing", answer: { type: "probability", estimate: { value: 0.5, standardError: 0, method: "exact" } } }, identification: id, code: { typescript: "", cli: "" }, elapsedMs: 1 };
    expect(parseToWebview(msg).ok).toBe(true);
  });
});
