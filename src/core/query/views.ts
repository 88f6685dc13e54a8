/**
 * Read-only views a user's predicate receives: `v.cancer` for one world, `w.t.cancer` for
 * several. Each read goes through the current Reader; an unknown name is "unknown-variable".
 */
import type { ModelSpec } from "../runtime/model-spec";
import type { Reader } from "../infer/estimate";
import { checkVariable } from "./check-names";
import { nameRecord } from "../runtime/name-record";

export interface ReaderSlot {
  read: Reader;
}

export function worldView(spec: ModelSpec, world: string, slot: ReaderSlot): Record<string, number> {
  const names = new Set(spec.variables.map((v) => v.name));
  return new Proxy({} as Record<string, number>, {
    get(_t, key) {
      if (typeof key !== "string") return undefined;
      if (!names.has(key)) checkVariable(spec, key, "the query");
      return slot.read(world, key);
    },
    has: (_t, key) => typeof key === "string" && names.has(key),
    ownKeys: () => [...names],
    getOwnPropertyDescriptor: (_t, key) => (typeof key === "string" && names.has(key) ? { enumerable: true, configurable: true, value: slot.read(world, key) } : undefined),
  });
}

export function worldsView(spec: ModelSpec, worlds: readonly string[], slot: ReaderSlot): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = nameRecord();
  for (const w of worlds) out[w] = worldView(spec, w, slot);
  return out;
}
