/**
 * The explicit Runtime: it owns a stack of handlers through which every sample site passes
 * (Pyro's poutine / numpyro's handlers.py without the module-global stack). `sample` runs
 * process() from the innermost handler outwards, stopping where a handler sets `stop`, then
 * the default effect if no handler set a value, then postprocess() in reverse.
 *
 *     const rt = new Runtime();
 *     const tr = new TraceHandler();
 *     rt.run([new SeedHandler(createRng(1)), tr], () => runModel(rt, spec, 1000));
 */
import type { Handler, SiteMessage } from "./message";
import { defaultEffect, type ParentArgs } from "./default-effect";
import { makeFillParents, makeParentArgs } from "./parent-args";
import type { VariableSpec } from "./model-spec";

export class Runtime {
  private readonly stack: Handler[] = [];
  private readonly argsCache = new Map<VariableSpec, ParentArgs>();
  private readonly known: ReadonlySet<string>;

  constructor(variableNames: Iterable<string> = []) {
    this.known = new Set(variableNames);
  }

  /** Runs fn with the handlers pushed (first = outermost); always pops them, even on throw. */
  run<T>(handlers: readonly Handler[], fn: () => T): T {
    const depth = this.stack.length;
    this.stack.push(...handlers);
    try {
      return fn();
    } finally {
      this.stack.length = depth;
    }
  }

  get depth(): number {
    return this.stack.length;
  }

  sample(msg: SiteMessage): Float64Array {
    const stack = this.stack;
    let i = stack.length - 1;
    for (; i >= 0; i--) {
      stack[i].process?.(msg);
      if (msg.stop) break;
    }
    const lowest = Math.max(i, 0);
    if (msg.value === undefined) defaultEffect(msg, (m) => this.argsFor(m.variable));
    for (let j = lowest; j < stack.length; j++) stack[j].postprocess?.(msg);
    return msg.value!;
  }

  private argsFor(variable: VariableSpec): ParentArgs {
    let entry = this.argsCache.get(variable);
    if (!entry) {
      entry = { args: makeParentArgs(variable, this.known), fill: makeFillParents(variable.parents) };
      this.argsCache.set(variable, entry);
    }
    return entry;
  }
}
