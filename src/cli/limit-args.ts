/**
 * `--timeout-ms MS` and `--memory-mb MB` for commands that run user code in a child process
 * (query, run): taken out of the argument list before the command's own parser sees it, checked
 * here (whole numbers, at least 100 ms and 64 MB), with the command's defaults filled in.
 */
import { UsageError } from "./cli-io";

export interface Limits {
  timeoutMs: number;
  memoryMb: number;
}

const FLAGS = { "--timeout-ms": { key: "timeoutMs", min: 100 }, "--memory-mb": { key: "memoryMb", min: 64 } } as const;

/** The arguments without the limit flags (both `--flag N` and `--flag=N`), and the limits they set. */
export function takeLimitFlags(args: readonly string[], defaults: Limits): { rest: string[]; limits: Limits } {
  const rest: string[] = [];
  const limits = { ...defaults };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const eq = a.indexOf("=");
    const name = eq < 0 ? a : a.slice(0, eq);
    const flag = Object.hasOwn(FLAGS, name) ? FLAGS[name as keyof typeof FLAGS] : undefined;
    if (!flag) {
      rest.push(a);
      if (a === "--") (rest.push(...args.slice(i + 1)), (i = args.length));
      continue;
    }
    const raw = eq < 0 ? args[++i] : a.slice(eq + 1);
    if (raw === undefined) throw new UsageError(`${name} takes a whole number of at least ${flag.min}`);
    const n = Number(raw);
    if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(n) || n < flag.min) throw new UsageError(`${name} takes a whole number of at least ${flag.min}, got "${raw}"`);
    limits[flag.key] = n;
  }
  return { rest, limits };
}
