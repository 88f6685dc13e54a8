/**
 * `parseNpz(bytes, options)`: a NumPy `.npz` archive — a ZIP of `.npy` files, stored (`np.savez`)
 * or deflated (`np.savez_compressed`), ZIP64 for members of 4 GB or more — decoded into a map from
 * member name (without `.npy`) to NdArray. The ZIP container is fflate's (`unzipSync`); each member
 * is parsed by parseNpy. Bytes in, arrays out: this file reads no files (core/io's readNpz does).
 *
 * Lazy by member: with `arrays`, only those members are inflated and parsed (dSprites' `imgs` is
 * 3 GB inflated; its `metadata` is a pickled object array this reader refuses), the rest are
 * skipped unread. A name asked for that is not in the archive is an error listing the members.
 */
import { unzipSync } from "fflate";
import { CausalError, error } from "../errors/diagnostic";
import { didYouMean } from "../extract/did-you-mean";
import { parseNpy, type NdArray } from "./parse-npy";

export interface ParseNpzOptions {
  /** Read only these arrays (member names without `.npy`); default: every member. */
  arrays?: readonly string[];
}

export function parseNpz(bytes: Uint8Array, options: ParseNpzOptions = {}, name = "the .npz data"): Map<string, NdArray> {
  const wanted = options.arrays ? new Set(options.arrays) : undefined;
  const members: string[] = [];
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (file) => {
        const key = memberKey(file.name);
        members.push(key);
        return !wanted || wanted.has(key);
      },
    });
  } catch (e) {
    if (e instanceof CausalError) throw e;
    throw new CausalError(error("unreadable-data-file", `${name}: not a readable .npz (ZIP) archive: ${(e as Error).message}.`));
  }
  for (const asked of wanted ?? []) {
    if (!members.includes(asked)) {
      throw new CausalError(
        error("invalid-argument", `${name}: no array "${asked}" in the archive (it has: ${members.join(", ") || "no members"}).${didYouMean(asked, members)}`),
      );
    }
  }
  const arrays = new Map<string, NdArray>();
  for (const [member, data] of Object.entries(files)) {
    const key = memberKey(member);
    try {
      arrays.set(key, parseNpy(data, `${name}, array "${key}"`));
    } catch (e) {
      if (wanted || !(e instanceof CausalError)) throw e;
      const others = members.filter((m) => m !== key).map((m) => JSON.stringify(m));
      const hint = others.length ? ` To read the others alone, ask for them: { arrays: [${others.join(", ")}] }.` : "";
      throw new CausalError({ ...e.diagnostic, message: e.diagnostic.message + hint });
    }
  }
  if (wanted) return new Map([...wanted].map((k) => [k, arrays.get(k) as NdArray]));
  return arrays;
}

function memberKey(member: string): string {
  return member.endsWith(".npy") ? member.slice(0, -4) : member;
}
