/**
 * The small argument languages of `causal-studio query`:
 *   assignments  "smoking=1,tar=2.5"          (--do, --given; values are numbers, true/false)
 *   world        "t:smoking=1,tar=0"          (--world NAME:ASSIGNMENTS)
 *   event        "t.cancer=1,c.cancer=0"      (--event; a conjunction over worlds)
 *   target       "wage", "cancer=1", "wage>30" (--target; also >=, <, <=: a threshold event)
 * On a .bif network a value may be a state's name (`--given smoke=yes`): `labels` maps each
 * variable to its states, and a name is read as its state's index (a name wins over a number that
 * is also an index: states "1", "2" read "1" as the first).
 */
import type { ValueAssignment, WorldCondition } from "../core/query/query-spec";
import type { Threshold } from "../core/query/threshold";
import { nameRecord } from "../core/runtime/name-record";
import { UsageError } from "./cli-io";

export type Assignment = ValueAssignment;
export type { WorldCondition };

/** Each variable's state names (a BIF network's), by variable. */
export type ValueLabels = ReadonlyMap<string, readonly string[]>;
const NO_LABELS: ValueLabels = new Map();

export function parseValue(raw: string, what: string, states?: readonly string[]): number {
  const t = raw.trim();
  const state = states?.indexOf(t) ?? -1;
  if (state >= 0) return state;
  if (t === "true") return 1;
  if (t === "false") return 0;
  const v = Number(t);
  if (states && (t === "" || !Number.isFinite(v))) throw new UsageError(`${what}: "${raw}" is not a state (its states: ${states.join(", ")})`);
  if (t === "" || !Number.isFinite(v)) throw new UsageError(`${what}: "${raw}" is not a number`);
  return v;
}

export function parseAssignments(texts: string[] | undefined, flag: string, labels: ValueLabels = NO_LABELS): Assignment {
  const out: Assignment = nameRecord();
  for (const text of texts ?? []) {
    for (const part of text.split(",")) {
      if (!part.trim()) continue;
      const eq = part.indexOf("=");
      const name = part.slice(0, eq).trim();
      if (eq < 0 || !name) throw new UsageError(`${flag} expects NAME=VALUE pairs separated by commas, got "${part}"`);
      if (Object.hasOwn(out, name)) throw new UsageError(`${flag} sets "${name}" twice`);
      out[name] = parseValue(part.slice(eq + 1), `${flag} ${name}`, labels.get(name));
    }
  }
  return out;
}

export function parseWorlds(texts: string[] | undefined, labels: ValueLabels = NO_LABELS): Record<string, Assignment> {
  const worlds: Record<string, Assignment> = nameRecord();
  for (const text of texts ?? []) {
    const colon = text.indexOf(":");
    const name = text.slice(0, colon).trim();
    if (colon < 0 || !/^[A-Za-z_][\w]*$/.test(name)) throw new UsageError(`--world expects NAME:VAR=VALUE[,VAR=VALUE], got "${text}"`);
    if (Object.hasOwn(worlds, name)) throw new UsageError(`--world "${name}" is given twice`);
    worlds[name] = parseAssignments([text.slice(colon + 1)], `--world ${name}`, labels);
  }
  return worlds;
}

export function parseEvent(text: string, worlds: string[], labels: ValueLabels = NO_LABELS): WorldCondition[] {
  const out: WorldCondition[] = [];
  for (const part of text.split(",")) {
    if (!part.trim()) continue;
    const eq = part.indexOf("=");
    const lhs = part.slice(0, eq).trim();
    const dot = lhs.indexOf(".");
    if (eq < 0 || dot < 0) throw new UsageError(`--event expects WORLD.VAR=VALUE conditions separated by commas, got "${part}"`);
    const world = lhs.slice(0, dot);
    if (!worlds.includes(world)) throw new UsageError(`--event refers to world "${world}", but the worlds are ${worlds.map((w) => `"${w}"`).join(", ") || "not declared (use --world)"}`);
    out.push({ world, variable: lhs.slice(dot + 1), value: parseValue(part.slice(eq + 1), `--event ${lhs}`, labels.get(lhs.slice(dot + 1))) });
  }
  if (!out.length) throw new UsageError("--event is empty");
  return out;
}

/** `--target` of a single-world query: VAR (its distribution), VAR=VALUE (one probability) or VAR>VALUE, >=, <, <= (a threshold event). */
export function parseTarget(text: string, labels: ValueLabels = NO_LABELS): { target: string; value?: number; threshold?: Threshold } {
  const m = /^([^<>=]*?)\s*(>=|<=|>|<|=)\s*(.*)$/.exec(text.trim());
  if (!m) {
    if (!text.trim()) throw new UsageError(`--target expects VAR, VAR=VALUE or VAR>VALUE (also >=, <, <=), got "${text}"`);
    return { target: text.trim() };
  }
  const [, target, op, rhs] = m;
  if (!target) throw new UsageError(`--target expects VAR, VAR=VALUE or VAR>VALUE (also >=, <, <=), got "${text}"`);
  if (/[<>=]/.test(rhs)) throw new UsageError(`--target has one comparison (VAR>VALUE), got "${text}"`);
  const value = parseValue(rhs, `--target ${target}${op}`, labels.get(target));
  return op === "=" ? { target, value } : { target, threshold: { op: op as Threshold["op"], value } };
}
