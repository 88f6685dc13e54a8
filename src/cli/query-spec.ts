/**
 * `causal-studio query` arguments -> a QuerySpec (plain data from core/query/query-spec.ts, also
 * echoed in --json output). Pure: no model is loaded here.
 */
import { parseArgs } from "node:util";
import type { QueryRunOptions, QuerySpec } from "../core/query/query-spec";
import { MAX_SEED, queryShapeProblem } from "../core/query/validate-query";
import { UsageError } from "./cli-io";
import { parseAssignments, parseEvent, parseTarget, parseValue, parseWorlds, type ValueLabels } from "./parse-assignments";

export type { QuerySpec };

export interface QueryArgs {
  file: string;
  spec: QuerySpec;
  options: QueryRunOptions;
  json: boolean;
  /** A parameters file (JSON: name -> number or [numbers]) whose values replace the model's declared ones. */
  params?: string;
  /** Things worth saying on stderr that do not stop the query (a huge --samples). */
  warnings: string[];
}

/** Above this budget a query warns that it may take minutes and much memory. */
export const SAMPLES_WARNING = 10_000_000;

const OPTIONS = {
  do: { type: "string", multiple: true }, given: { type: "string", multiple: true }, target: { type: "string" },
  counterfactual: { type: "boolean" }, world: { type: "string", multiple: true }, event: { type: "string" },
  pns: { type: "string" }, harm: { type: "string" }, ett: { type: "string" },
  treated: { type: "string" }, control: { type: "string" },
  samples: { type: "string" }, seed: { type: "string" }, method: { type: "string" }, json: { type: "boolean" },
  params: { type: "string" },
} as const;

const NEGATIVE_NUMBER = /^-(\d|\.\d|Infinity)/;

/**
 * Before parseArgs: a flag given an empty value (`--seed=`, `--given " "`) is refused, not read as 0
 * or as nothing; a negative number after a flag that takes a value (`--control -1`) is that flag's
 * value (parseArgs would take it for an option).
 */
function normaliseValues(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const eq = /^(--[\w-]+)=(.*)$/s.exec(a);
    if (eq && !eq[2].trim()) throw new UsageError(`${eq[1]}= has an empty value; give one, e.g. ${eq[1]}=VALUE, or leave the flag out`);
    const name = a.startsWith("--") && !eq ? a.slice(2) : undefined;
    const takesValue = name !== undefined && Object.hasOwn(OPTIONS, name) && OPTIONS[name as keyof typeof OPTIONS].type === "string";
    const next = args[i + 1];
    if (takesValue && next !== undefined && !next.trim()) throw new UsageError(`${a} has an empty value; give one after it, or leave the flag out`);
    if (takesValue && next !== undefined && NEGATIVE_NUMBER.test(next)) {
      out.push(`${a}=${next}`);
      i += 1;
    } else out.push(a);
  }
  return out;
}

const SHORTCUTS = ["--pns", "--harm", "--ett"] as const;

/** `--pns X Y` takes two values, which parseArgs cannot express: fold them into `--pns=X,Y`. */
function foldShortcuts(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if ((SHORTCUTS as readonly string[]).includes(a)) {
      const x = args[i + 1];
      if (x === undefined || x.startsWith("--")) throw new UsageError(`${a} expects a treatment and an outcome: ${a} X Y`);
      if (x.includes(",")) (out.push(`${a}=${x}`), (i += 1));
      else {
        const y = args[i + 2];
        if (y === undefined || y.startsWith("--")) throw new UsageError(`${a} expects a treatment and an outcome: ${a} X Y`);
        out.push(`${a}=${x},${y}`);
        i += 2;
      }
    } else out.push(a);
  }
  return out;
}

/** The model file among the arguments, before they are read in full (to find a BIF network's state names first); undefined when unclear. */
export function queryFileArgument(raw: string[]): string | undefined {
  try {
    const { positionals } = parseArgs({ args: normaliseValues(foldShortcuts(raw)), allowPositionals: true, strict: false, options: OPTIONS });
    return positionals.length === 1 ? positionals[0] : undefined;
  } catch {
    return undefined;
  }
}

/** `labels`: each variable's state names (a .bif network's), so values may be given by name. */
export function parseQueryArgs(raw: string[], labels?: ValueLabels): QueryArgs {
  const { values: v, positionals } = parseArgs({
    args: normaliseValues(foldShortcuts(raw)), allowPositionals: true, strict: true, options: OPTIONS,
  });
  if (positionals.length !== 1) throw new UsageError(positionals.length ? `expected one model file, got ${positionals.join(" ")}` : "missing the model file");
  const options: QueryArgs["options"] = { seed: v.seed === undefined ? 1 : seed(v.seed) };
  const warnings: string[] = [];
  if (v.samples !== undefined) {
    options.samples = samples(v.samples);
    if (options.samples > SAMPLES_WARNING) warnings.push(`--samples ${options.samples} is more than 10,000,000: the query may take minutes and much memory (the progress line shows how far it is; --timeout-ms stops it)`);
  }
  if (v.method !== undefined) {
    if (v.method !== "auto" && v.method !== "exact" && v.method !== "sampling") throw new UsageError(`--method must be exact, sampling or auto, got "${v.method}"`);
    options.method = v.method;
  }
  const given = parseAssignments(v.given, "--given", labels);
  const shortcuts = (["pns", "harm", "ett"] as const).filter((k) => v[k] !== undefined);
  const modes = [shortcuts.length > 0, v.world !== undefined, v.counterfactual === true].filter(Boolean).length;
  if (shortcuts.length > 1 || modes > 1) throw new UsageError("use one of --counterfactual, --world, --pns, --harm, --ett");

  let spec: QuerySpec;
  if (shortcuts.length) {
    const k = shortcuts[0];
    const [x, y, extra] = v[k]!.split(",");
    if (!x || !y || extra !== undefined) throw new UsageError(`--${k} expects a treatment and an outcome: --${k} X Y`);
    if (v.do || v.target || v.event) throw new UsageError(`--${k} takes no --do, --target or --event`);
    const treated = v.treated === undefined ? 1 : parseValue(v.treated, "--treated", labels?.get(x));
    const control = v.control === undefined ? 0 : parseValue(v.control, "--control", labels?.get(x));
    if (treated === control) throw new UsageError(`--${k} compares treated with control, but both set ${x} = ${treated}; give --treated and --control different values`);
    const worlds = { t: { [x]: treated }, c: { [x]: control } };
    if (k === "ett") {
      if (x in given && given[x] !== treated) throw new UsageError(`--ett conditions on ${x}=${treated}; --given sets ${x}=${given[x]}`);
      spec = { kind: "joint", shortcut: k, worlds, given: { ...given, [x]: treated }, mean: { difference: ["t", "c"], variable: y } };
    } else {
      const [yt, yc] = k === "pns" ? [1, 0] : [0, 1];
      spec = { kind: "joint", shortcut: k, worlds, given, event: [{ world: "t", variable: y, value: yt }, { world: "c", variable: y, value: yc }] };
    }
  } else if (v.world) {
    const worlds = parseWorlds(v.world, labels);
    if (v.do) throw new UsageError("with --world, put interventions in the worlds (--world NAME:X=1), not in --do");
    if ((v.event === undefined) === (v.target === undefined)) throw new UsageError("with --world, give either --event \"w.Y=1,...\" or --target w.Y");
    if (v.event !== undefined) spec = { kind: "joint", worlds, given, event: parseEvent(v.event, Object.keys(worlds), labels) };
    else {
      const [world, variable] = splitOnce(v.target!, ".");
      if (!world || !variable || !(world in worlds)) throw new UsageError(`--target with --world must be WORLD.VAR with a declared world, got "${v.target}"`);
      spec = { kind: "joint", worlds, given, mean: { world, variable } };
    }
  } else {
    if (v.event !== undefined) throw new UsageError("--event needs --world declarations");
    if (v.target === undefined) throw new UsageError("missing --target VAR[=VALUE | >VALUE | >=VALUE | <VALUE | <=VALUE]");
    const { target, value, threshold } = parseTarget(v.target, labels);
    const doA = parseAssignments(v.do, "--do", labels);
    if (v.counterfactual && !Object.keys(doA).length) throw new UsageError("--counterfactual needs --do (the counterfactual action)");
    spec = { kind: "single", counterfactual: !!v.counterfactual, do: doA, given, target, ...(value !== undefined ? { value } : {}), ...(threshold ? { threshold } : {}) };
  }
  const shape = queryShapeProblem(spec);
  if (shape) throw new UsageError(shape);
  if (spec.kind === "single" && !spec.counterfactual && Object.hasOwn(spec.given, spec.target)) {
    throw new UsageError(`${spec.target} is both observed (--given) and the target: there is nothing left to ask; remove it from --given, or use --counterfactual for what was observed before an action`);
  }
  return { file: positionals[0], spec, options, json: !!v.json, ...(v.params !== undefined ? { params: v.params } : {}), warnings };
}

function splitOnce(s: string, sep: string): [string, string | undefined] {
  const i = s.indexOf(sep);
  return i < 0 ? [s.trim(), undefined] : [s.slice(0, i).trim(), s.slice(i + 1).trim()];
}

/** Batch seeds are uint32s: 2^32 would silently be seed 0, so the range is refused, not wrapped. */
function seed(raw: string): number {
  const n = Number(raw.trim());
  if (!Number.isInteger(n) || n < 0 || n > MAX_SEED) throw new UsageError(`--seed must be an integer from 0 to ${MAX_SEED}, got "${raw}"`);
  return n;
}

function samples(raw: string): number {
  const n = Number(raw.trim());
  if (!Number.isInteger(n)) throw new UsageError(`--samples must be an integer, got "${raw}"`);
  if (n < 2) throw new UsageError(`--samples needs at least 2 to estimate a standard error, got "${raw}"`);
  return n;
}
