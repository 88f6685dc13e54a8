/**
 * The simulate job: `rows` rows drawn from the model by ancestral sampling (the seed handler, and the
 * do handler for interventions), as CSV text — one column per variable in causal order (latent ones only
 * when asked: data a study would record), values as JavaScript's shortest round-trip decimals, a BIF
 * network's values as its state names. What `train` and `diagnose` read back, so a model can be checked
 * against data it generated itself. Runs in the model process, like every job that runs user code.
 */
import { error, type Diagnostic } from "../errors/diagnostic";
import { didYouMean } from "../extract/did-you-mean";
import { sampleWorlds } from "../infer/sample-worlds";
import { FACTUAL, type ModelSpec } from "../runtime/model-spec";

export interface SimulateJob {
  rows: number;
  seed: number;
  /** Interventions: each variable set to this value in every row (its mechanism not run). */
  do: Record<string, number>;
  /** Also write the latent variables' columns. */
  latent: boolean;
}

export function runSimulateJob(spec: ModelSpec, job: SimulateJob): { text: string } | { diagnostics: Diagnostic[] } {
  const names = spec.variables.map((v) => v.name);
  const unknown = Object.keys(job.do).filter((n) => !names.includes(n));
  if (unknown.length) return { diagnostics: unknown.map((n) => error("unknown-variable", `--do names "${n}", which is not a variable of model "${spec.name}".${didYouMean(n, names)}`, undefined, [`variables: ${names.join(", ")}`])) };
  for (const v of spec.variables) {
    const x = job.do[v.name];
    if (x !== undefined && v.states && !(Number.isInteger(x) && x >= 0 && x < v.states.length)) {
      return { diagnostics: [error("invalid-argument", `--do ${v.name}=${x}: "${v.name}" has the states ${v.states.join(", ")} (0..${v.states.length - 1})`)] };
    }
  }
  const columns = spec.variables.filter((v) => job.latent || !v.latent);
  if (!columns.length) return { diagnostics: [error("invalid-argument", `every variable of model "${spec.name}" is latent (${spec.variables.map((v) => v.name).join(", ")}), so there is no column to write; pass --latent to write them`)] };
  const lines = [columns.map((v) => csvField(v.name)).join(",")];
  sampleWorlds(spec, { worlds: [{ name: FACTUAL, do: job.do }], evidence: {}, samples: job.rows, seed: job.seed, batchSize: 1 << 14 }, (batch, n) => {
    const env = batch.worlds[FACTUAL];
    const cells = columns.map((v) => {
      const values = env[v.name];
      const states = v.states;
      return states ? (i: number) => csvField(states[values[i]] ?? String(values[i])) : (i: number) => String(values[i]);
    });
    for (let i = 0; i < n; i++) {
      let line = cells[0](i);
      for (let c = 1; c < cells.length; c++) line += "," + cells[c](i);
      lines.push(line);
    }
  });
  lines.push("");
  return { text: lines.join("\n") };
}

/** A CSV field (RFC 4180): quoted, with quotes doubled, when it holds a comma, quote, line break or edge space. */
export function csvField(s: string): string {
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}
