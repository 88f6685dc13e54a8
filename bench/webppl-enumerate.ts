// Runs P(target = 1 | evidence = 1) on a binary network with WebPPL's own exact enumeration
// (Infer({ method: 'enumerate' })), an algorithm independent of our variable elimination. The
// network is written as a WebPPL program: one `flip(table[index])` per node in topological order,
// `condition(evidence)` right after the evidence node is drawn, and the target returned.
import { createRequire } from "node:module";
import type { BinaryNode } from "./binary-networks";

interface Webppl {
  compile(code: string): unknown;
  prepare(compiled: unknown, k: (store: unknown, value: unknown) => void): { run(): void };
}

let loaded: Webppl | undefined;
/** Loaded on first use: requiring webppl makes its header functions global. */
function webppl(): Webppl {
  loaded ??= createRequire(import.meta.url)("webppl") as Webppl;
  return loaded;
}

/** The WebPPL program text; it evaluates to [P(target = true), ms spent inside Infer]. */
export function webpplProgram(nodes: BinaryNode[], evidence: string, target: string, maxRuntimeMs = Infinity): string {
  const lines = nodes.map(({ name, parents, table }) => {
    const index = parents.map((p, j) => `(${p} ? ${1 << j} : 0)`).join(" + ") || "0";
    const draw = `  var ${name} = flip(t_${name}[${index}]);`;
    return name === evidence ? `${draw}\n  condition(${name});` : draw;
  });
  const tables = nodes.map(({ name, table }) => `var t_${name} = [${table.map((p) => String(p)).join(", ")}];`);
  const options = Number.isFinite(maxRuntimeMs) ? `{ method: 'enumerate', maxRuntimeInMS: ${maxRuntimeMs} }` : `{ method: 'enumerate' }`;
  return [
    ...tables,
    "var model = function() {", ...lines, `  return ${target};`, "};",
    "var t0 = performance.now();",
    `var d = Infer(${options}, model);`,
    "var t1 = performance.now();",
    "[Math.exp(d.score(true)), t1 - t0];",
  ].join("\n");
}

export interface CompiledProgram { compiled: unknown; compileMs: number }

export function compileWebppl(code: string): CompiledProgram {
  const t0 = performance.now();
  const compiled = webppl().compile(code);
  return { compiled, compileMs: performance.now() - t0 };
}

export interface WebpplRun { probability: number; inferMs: number; runMs: number }

/** Runs a compiled program; throws WebPPL's own error (e.g. "Enumerate timeout") if it fails. */
export function runWebppl({ compiled }: CompiledProgram): WebpplRun {
  let value: unknown;
  const t0 = performance.now();
  webppl().prepare(compiled, (_store, v) => { value = v; }).run(); // the Node runner is synchronous
  const runMs = performance.now() - t0;
  if (!Array.isArray(value) || typeof value[0] !== "number" || typeof value[1] !== "number") {
    throw new Error(`WebPPL program did not return [probability, ms]: ${JSON.stringify(value)}`);
  }
  return { probability: value[0], inferMs: value[1], runMs };
}
