// Issue 13 item 8 in the panel's job: `v.name in req.do` was true for a variable named toString
// (inherited from Object.prototype), so its sparkline was left out as if it were intervened on.
import { describe, expect, it } from "vitest";
import { readGraphSource } from "./graph-source";
import { queryJobFor } from "./query-session";

const source = `import { scm, bernoulli } from "causal-studio";
export default scm("names")
  .variable("a", () => bernoulli(0.5))
  .variable("toString", ({ a }) => bernoulli(a ? 0.8 : 0.1))
  .variable("constructor", ({ toString }) => bernoulli(toString ? 0.6 : 0.2));
`;

describe("queryJobFor with variables named after Object.prototype's keys", () => {
  it("summarises toString and constructor downstream of do(a = 1), and records their declared families", () => {
    const model = readGraphSource(source, "/w/names.causal.ts").models[0];
    const job = queryJobFor({ type: "runQuery", id: 1, modelIndex: 0, do: { a: 1 }, given: {}, target: "constructor", counterfactual: false }, model);
    expect(job.summaries?.variables).toEqual(["toString", "constructor"]);
    expect(Object.hasOwn(job.declared ?? {}, "toString") && job.declared!["toString"]).toBe("bernoulli");
  });
});
