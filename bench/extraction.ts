// Static extraction speed: re-extracting generated builder chains of 10/50/200/1,000 variables,
// median of 50 runs after warm-up (goal: 50 variables well under 10 ms, since the DAG view
// re-extracts on every keystroke). Also the time of one parentEdits call on the same texts.
import { parentEdits } from "../src/core/extract/edit-parents";
import { extractModels } from "../src/core/extract/extract-models";

/** A chain where each variable reads up to three earlier ones (fixed-seed LCG). */
export function generateModel(n: number, seed = 12345): string {
  let s = seed >>> 0;
  const rand = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const lines = [`import { scm, normal, bernoulli } from "causal-studio";`, ``, `export default scm("generated ${n}")`];
  for (let i = 0; i < n; i++) {
    const parents = new Set<number>();
    const k = i === 0 ? 0 : Math.min(i, Math.floor(rand() * 4));
    while (parents.size < k) parents.add(Math.floor(rand() * i));
    const names = [...parents].map((j) => `v${j}`);
    const pattern = names.length ? `({ ${names.join(", ")} })` : "()";
    const body = names.length ? `normal(${names.map((p, t) => `${(0.1 * (t + 1)).toFixed(1)} * ${p}`).join(" + ")}, 1)` : i % 2 ? "normal(0, 1)" : "bernoulli(0.5)";
    lines.push(`  .${i % 10 === 0 ? "latent" : "variable"}("v${i}", ${pattern} => ${body})`);
  }
  return lines.join("\n") + ";\n";
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function time(f: () => void, runs = 50, warmup = 5): number {
  for (let i = 0; i < warmup; i++) f();
  const ts: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    f();
    ts.push(performance.now() - t0);
  }
  return Number(median(ts).toFixed(3));
}

export async function bench(): Promise<Record<string, unknown>> {
  const extractMs: Record<string, number> = {};
  const parentEditMs: Record<string, number> = {};
  for (const n of [10, 50, 200, 1000]) {
    const text = generateModel(n);
    const { models, diagnostics } = extractModels(text, "generated.causal.ts");
    if (diagnostics.length || models[0].variables.length !== n) throw new Error(`generated model with ${n} variables did not extract cleanly`);
    extractMs[String(n)] = time(() => extractModels(text, "generated.causal.ts"));
    const model = models[0];
    parentEditMs[String(n)] = time(() => parentEdits(text, model, { op: "add", parent: "v0", child: `v${n - 1}` }));
  }
  return {
    extractMedianMs: extractMs,
    parentEditsMedianMs: parentEditMs,
    goal: "extract 50 variables well under 10 ms (keystroke-to-DAG budget is 50 ms)",
    meetsGoal: extractMs["50"] < 10,
  };
}
