/**
 * The explicit Runtime: it owns a stack of handlers through which every site passes (Pyro's
 * poutine / numpyro's handlers.py without the module-global stack). `apply` runs process() from
 * the innermost handler outwards, stopping where a handler sets `stop`, then the site's effect if
 * no handler set a value (for a sample site: msg.effect, else "sample fn"; for a param site: its
 * initial value), then postprocess() in reverse.
 *
 *     const rt = new Runtime();
 *     const tr = new TraceHandler();
 *     rt.run([new SeedHandler(createRng(1)), tr], () => runModel(rt, spec, 1000));
 */
import type { BatchDistribution } from "../distributions/batch-distribution";
import { CausalError, error } from "../errors/diagnostic";
import { evaluateMechanism } from "./evaluate-mechanism";
import type { Handler, ParamMessage, ParamValue, SampleMessage, SiteEffect, SiteMessage } from "./message";
import { observedColumn } from "./message";
import type { VariableSpec } from "./model-spec";
import { fillParentsOf, makeParentArgs, type FillParents } from "./parent-args";
import type { NoiseColumns } from "../distributions/distribution";
import type { Rng } from "../random/rng";

interface ArgsEntry {
  args: Record<string, unknown>;
  fill: FillParents;
}

const NO_PARAMS: Readonly<Record<string, ParamValue>> = Object.freeze({});

export class Runtime {
  private readonly stack: Handler[] = [];
  private readonly argsCache = new Map<VariableSpec, ArgsEntry>();
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

  /** A sample site for one variable in one world over a batch of n rows. */
  site(variable: VariableSpec, world: string, n: number, parentValues: Float64Array[], params: Readonly<Record<string, ParamValue>> = NO_PARAMS): SampleMessage {
    return new SampleSite(variable, world, n, parentValues, params, this.argsFor(variable));
  }

  /** Passes a sample site through the stack; returns its value column. */
  sample(msg: SampleMessage): Float64Array {
    this.apply(msg);
    return msg.value!;
  }

  /** Passes a param site through the stack; returns its value (the initial value unless a handler substituted one). */
  param(name: string, init: ParamValue): ParamValue {
    const msg: ParamMessage = { type: "param", name, init, stop: false };
    this.apply(msg);
    return msg.value!;
  }

  private apply(msg: SiteMessage): void {
    const stack = this.stack;
    let i = stack.length - 1;
    for (; i >= 0; i--) {
      stack[i].process?.(msg);
      if (msg.stop) break;
    }
    const lowest = Math.max(i, 0);
    if (msg.value === undefined) {
      if (msg.type === "param") msg.value = msg.init;
      else (msg.effect ?? sampleEffect)(msg);
    }
    for (let j = lowest; j < stack.length; j++) stack[j].postprocess?.(msg);
  }

  private argsFor(variable: VariableSpec): ArgsEntry {
    let entry = this.argsCache.get(variable);
    if (!entry) {
      entry = { args: makeParentArgs(variable, this.known), fill: fillParentsOf(variable) };
      this.argsCache.set(variable, entry);
    }
    return entry;
  }
}

/** The default meaning of a sample site: its observed value if observed, else a draw from fn. */
export const sampleEffect: SiteEffect = (msg) => {
  const observed = observedColumn(msg);
  if (observed) {
    msg.value = observed;
    return;
  }
  const out = new Float64Array(msg.n);
  msg.fn.sample(requireRng(msg), out);
  msg.value = out;
};

export function requireRng(msg: SampleMessage): Rng {
  if (!msg.rng) throw new CausalError(error("internal", `site "${msg.name}" has no random generator: run the model under a seed handler`));
  return msg.rng;
}

class SampleSite implements SampleMessage {
  readonly type = "sample" as const;
  readonly name: string;
  value?: Float64Array;
  observed?: number | Float64Array;
  logProb?: Float64Array;
  logWeight?: Float64Array;
  noise?: NoiseColumns;
  effect?: SiteEffect;
  intervened = false;
  rng?: Rng;
  stop = false;
  private evaluated?: BatchDistribution;

  constructor(
    readonly variable: VariableSpec,
    readonly world: string,
    readonly n: number,
    readonly parentValues: Float64Array[],
    private readonly params: Readonly<Record<string, ParamValue>>,
    private readonly entry: ArgsEntry,
  ) {
    this.name = variable.name;
  }

  get fn(): BatchDistribution {
    return (this.evaluated ??= evaluateMechanism({
      variable: this.variable, n: this.n, parentValues: this.parentValues, params: this.params, args: this.entry.args, fill: this.entry.fill,
    }));
  }
}
