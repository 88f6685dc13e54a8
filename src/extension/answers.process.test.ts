// A continuous answer and a threshold event through the real model process (the child bundled as for
// dist/model-runner.js): the spread and the threshold cross the process boundary intact (its zod
// schemas would strip unknown fields), the heading says E[...] for the mean and P(wage > 30 | ...) for
// the event, and the numbers are the closed forms of a linear-Gaussian model (the event's too).
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ModelProcess } from "../core/io/model-process";
import { buildChildForTests } from "../core/io/model-process.test-util";
import { parseToWebview, type QueryResult, type RunQuery, type ToWebview } from "../protocol/messages";
import { readGraphSource } from "./graph-source";
import { identifyForPanel } from "./identify-for-panel";
import { queryJobRunner } from "./query-job-runner";
import { answerRunQuery } from "./query-session";

const dir = mkdtempSync(join(tmpdir(), "cs-answers-"));
const file = join(dir, "wages.causal.ts");
// wage | do(education = e) ~ Normal(5 + 1.5 e, 3)
const text = `import { normal, scm } from "causal-studio";
export default scm("wages")
  .variable("education", () => normal(12, 2))
  .variable("wage", ({ education }) => normal(5 + 1.5 * education, 3));
`;
let proc: ModelProcess;

async function ask(req: Partial<RunQuery>): Promise<QueryResult> {
  const model = readGraphSource(text, file).models[0];
  const posted: ToWebview[] = [];
  await answerRunQuery({ type: "runQuery", id: 1, modelIndex: 0, do: { education: 16 }, given: {}, target: "wage", counterfactual: false, ...req }, {
    runQueryJob: queryJobRunner(proc), identify: identifyForPanel, post: (m) => posted.push(m), file, model, maxSummaries: 0,
  });
  for (const m of posted) expect(parseToWebview(m).ok).toBe(true);
  const r = posted.find((m): m is QueryResult => m.type === "queryResult");
  if (!r) throw new Error(JSON.stringify(posted));
  return r;
}

const phi = (z: number) => {
  const t = 1 / (1 + 0.3275911 * Math.abs(z / Math.SQRT2));
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-(z * z) / 2);
  return 0.5 * (1 + (z >= 0 ? erf : -erf));
};

describe("answers through the model process", () => {
  beforeAll(async () => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, text);
    proc = new ModelProcess({ entry: await buildChildForTests(), timeoutMs: 20_000 });
  });
  afterAll(() => proc?.dispose());

  it("E[wage | do(education = 16)] with its sd, 90% interval and histogram (Normal(29, 3))", async () => {
    const r = await ask({});
    expect(r.text).toBe("E[wage | do(education = 16)]");
    const a = r.main.answer;
    if (a.type !== "mean") throw new Error(`expected a mean, got ${a.type}`);
    // The model is linear-Gaussian: answered in closed form, mean, sd, interval and histogram exact.
    expect(a.estimate).toMatchObject({ standardError: 0, method: "closed form (Gaussian conditioning)" });
    expect(a.estimate.value).toBeCloseTo(29, 12);
    expect(a.spread!.sd).toBeCloseTo(3, 12);
    expect(a.spread!.interval!.low).toBeCloseTo(29 - 1.6448536269514722 * 3, 12);
    expect(a.spread!.interval!.high).toBeCloseTo(29 + 1.6448536269514722 * 3, 12);
    expect(a.spread!.histogram).toHaveLength(30);
    // Each bin's mass is Phi(b) - Phi(a): the bins and the tails sum to 1.
    const mass = a.spread!.histogram!.reduce((s, b) => s + b.density * (b.x1 - b.x0), 0) + a.spread!.outside!;
    expect(mass).toBeCloseTo(1, 12);
    // The comparison (the world without the action) has its own spread.
    expect(r.comparison?.answer.type === "mean" && r.comparison.answer.spread?.histogram?.length).toBe(30);
  });

  it("P(wage > 30 | do(education = 16)) = 1 - Phi(1/3), and the code shown asks the same", async () => {
    const r = await ask({ threshold: { op: ">", value: 30 } });
    expect(r.text).toBe("P(wage > 30 | do(education = 16))");
    const a = r.main.answer;
    if (a.type !== "probability") throw new Error(`expected a probability, got ${a.type}`);
    expect(a.event).toBe("wage > 30");
    // Linear-Gaussian: the normal tail at the exact mean 29 and sd 3, in closed form (phi here is A&S 7.1.26, good to 1.5e-7).
    expect(a.estimate).toMatchObject({ standardError: 0, method: "closed form (Gaussian conditioning)" });
    expect(Math.abs(a.estimate.value - (1 - phi(1 / 3)))).toBeLessThan(2e-7);
    expect(r.code.cli).toContain("--target 'wage>30'");
    expect(r.code.typescript).toContain("prob((v) => v.wage > 30");
  });
});
