// The host's query session against the real model process (the child bundled as for dist/model-runner.js):
// bad input that only running the model reveals (evidence of probability zero) and a counterfactual query
// come back as clear panel messages; the factual world under its own evidence is certain; and one Run,
// with its comparison, ATE and sparkline summaries, is at most two round trips to the process.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ModelProcess } from "../core/io/model-process";
import { buildChildForTests } from "../core/io/model-process.test-util";
import { parseToWebview, type RunQuery, type ToWebview } from "../protocol/messages";
import { readGraphSource } from "./graph-source";
import { identifyForPanel } from "./identify-for-panel";
import { queryJobRunner } from "./query-job-runner";
import { answerRunQuery } from "./query-session";

const dir = mkdtempSync(join(tmpdir(), "cs-query-session-"));
// The child goes inside the repository, where it resolves its external "esbuild" from node_modules.
const file = join(dir, "zp.causal.ts");
const text = `import { bernoulli, scm } from "causal-studio";
export default scm("zero")
  .variable("x", () => bernoulli(0.5))
  .variable("y", ({ x }) => bernoulli(x ? 1 : 0))
  .variable("z", ({ y }) => bernoulli(y ? 0.7 : 0.2));
`;
let proc: ModelProcess;

/** A stop token the test cancels (the panel's is a vscode.CancellationTokenSource's). */
function stopToken() {
  const listeners: (() => void)[] = [];
  const token = { isCancellationRequested: false, onCancellationRequested: (l: () => void) => (listeners.push(l), { dispose: () => undefined }) };
  return { token, stop: () => ((token.isCancellationRequested = true), listeners.forEach((l) => l())) };
}

async function ask(req: Partial<RunQuery>, maxSummaries = 0, stopped = false): Promise<ToWebview[]> {
  const model = readGraphSource(text, file).models[0];
  const posted: ToWebview[] = [];
  const stop = stopToken();
  if (stopped) stop.stop();
  await answerRunQuery({ type: "runQuery", id: 1, modelIndex: 0, do: {}, given: {}, target: "z", counterfactual: false, ...req }, {
    runQueryJob: queryJobRunner(proc), identify: identifyForPanel, post: (m) => posted.push(m), file, model, maxSummaries,
    stop: stop.token,
  });
  for (const m of posted) expect(parseToWebview(m).ok).toBe(true);
  return posted;
}

describe("query session with the real model process", () => {
  beforeAll(async () => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, text);
    proc = new ModelProcess({ entry: await buildChildForTests(), timeoutMs: 20_000 });
  });
  afterAll(() => proc?.dispose());

  it("evidence of probability zero: a clear 'invalid' message naming the evidence, and the next query works", async () => {
    const [f] = await ask({ given: { x: 1, y: 0 } });
    expect(f).toMatchObject({ type: "queryFailed", reason: "invalid", message: expect.stringMatching(/the evidence x = 1, y = 0 has probability 0/) });
    const next = await ask({ do: { x: 1 } });
    const r = next.find((m) => m.type === "queryResult");
    // P(z = 1 | do(x = 1)) = 0.7 exactly (y = 1 surely).
    expect(r?.type === "queryResult" && r.main.answer.type === "distribution" && r.main.answer.rows.find((x) => x.value === 1)?.estimate.value).toBeCloseTo(0.7, 12);
  });

  it("a counterfactual shows the factual world beside it and says it is not identified from data alone", async () => {
    const posted = await ask({ counterfactual: true, given: { x: 1, z: 1 }, do: { x: 0 } });
    const r = posted.find((m) => m.type === "queryResult");
    expect(r?.type).toBe("queryResult");
    if (r?.type !== "queryResult") return;
    expect(r.identification.status).toBe("counterfactual");
    expect(r.comparison?.label).toBe("factual: x = 1, z = 1");
    const p1 = (a: typeof r.main.answer) => (a.type === "distribution" ? a.rows.find((x) => x.value === 1)?.estimate.value : undefined);
    expect(p1(r.comparison!.answer)).toBeCloseTo(1, 12); // z = 1 was observed
    // Had x been 0, y would have been 0 (y copies x); z's noise was abducted from z = 1 with y = 1 (P 0.7),
    // and under Gumbel-max for a bernoulli the monotone coupling keeps z = 1 with P(0.2) / P(0.7): 2/7.
    expect(p1(r.main.answer)).toBeCloseTo(2 / 7, 12);
    expect(r.ate).toBeUndefined();
  });

  it("one Run (answer, comparison, ATE of a binary do, sparkline summaries) costs one round trip to the model process", async () => {
    await ask({ do: { x: 1 } }); // warm: the child is started and the file bundled
    const before = proc.jobsSent;
    const posted = await ask({ do: { x: 1 } }, 40);
    expect(proc.jobsSent - before).toBeLessThanOrEqual(2);
    expect(proc.jobsSent - before).toBe(1);
    const r = posted.find((m) => m.type === "queryResult");
    if (r?.type !== "queryResult") throw new Error("no result");
    // Everything the panel shows came back: P(z = 1 | do(x = 1)) = 0.7 beside seeing P(z = 1 | x = 1) = 0.7 (x is not confounded), and ATE = 0.7 - 0.2 = 0.5.
    const p1 = (a: typeof r.main.answer) => (a.type === "distribution" ? a.rows.find((x) => x.value === 1)?.estimate.value : undefined);
    expect(p1(r.main.answer)).toBeCloseTo(0.7, 12);
    expect(p1(r.comparison!.answer)).toBeCloseTo(0.7, 12);
    expect(r.ate?.value).toBeCloseTo(0.5, 12);
    const sums = posted.find((m) => m.type === "nodeSummaries");
    expect(sums?.type === "nodeSummaries" && sums.nodes.map((n) => n.id)).toEqual(["y", "z"]);
  });

  it("seeing can be impossible where doing is not: the answer stands, with a note instead of the comparison", async () => {
    // y copies x, so y = 0 is never seen with x = 1; setting it is fine: P(z = 1 | do(y = 0), x = 1) = 0.2.
    const posted = await ask({ do: { y: 0 }, given: { x: 1 } });
    const r = posted.find((m) => m.type === "queryResult");
    if (r?.type !== "queryResult") throw new Error("no result");
    expect(r.main.answer.type === "distribution" && r.main.answer.rows.find((x) => x.value === 1)?.estimate.value).toBeCloseTo(0.2, 12);
    expect(r.comparison).toBeUndefined();
    expect(r.notes?.join("\n")).toMatch(/^No comparison world: .*probability 0/m);
  });

  // (The panel stops the last Run's summaries when a newer Run comes; here the stop is there from the start, so it lands for sure.)
  it("a stop skips what is left of the job (the summaries), not the answer", async () => {
    await ask({ do: { x: 1 } });
    const posted = await ask({ do: { x: 1 } }, 40, true);
    expect(posted.map((m) => m.type)).toContain("queryResult");
    expect(posted.map((m) => m.type)).not.toContain("nodeSummaries");
    expect((await ask({ do: { x: 1 } }, 40)).map((m) => m.type)).toContain("nodeSummaries");
  });
});
