/**
 * `readNpy(path)` and `readNpz(path, options)`: a NumPy `.npy` or `.npz` file read from disk and
 * decoded by core/data's parseNpy / parseNpz (which take bytes and never touch the file system).
 * A file that cannot be read, or does not decode, is a CausalError naming the path.
 */
import { CausalError } from "../errors/diagnostic";
import { parseNpy, type NdArray } from "../data/parse-npy";
import { parseNpz, type ParseNpzOptions } from "../data/parse-npz";
import { readBinaryFile } from "./read-binary-file";

export async function readNpy(path: string): Promise<NdArray> {
  return parseNpy(await bytesOf(path), path);
}

export async function readNpz(path: string, options: ParseNpzOptions = {}): Promise<Map<string, NdArray>> {
  return parseNpz(await bytesOf(path), options, path);
}

async function bytesOf(path: string): Promise<Uint8Array> {
  const read = await readBinaryFile(path);
  if ("diagnostics" in read) throw new CausalError(read.diagnostics[0]);
  return read.bytes;
}
