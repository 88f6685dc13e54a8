/**
 * The loaded model per file version, for the model process: a file is bundled (esbuild) and run
 * once, and reused until the entry file or one of the files it imports changes. The key is every
 * input esbuild read (its metafile) with its size and modification time in nanoseconds, as make and
 * esbuild's own watch mode decide staleness; touching a file counts as a change. Packages are left
 * to Node (not bundled), so they are not inputs. Failed loads are not cached. A `.bif` file is read
 * as a network (load-bif.ts) instead of bundled; it is its own only input.
 */
import { statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { Diagnostic } from "../errors/diagnostic";
import type { BundleInfo } from "./error-location";
import { isBifFile, loadBifFile } from "./load-bif";
import { loadModelFile } from "./load-module";

type Loaded = Extract<Awaited<ReturnType<typeof loadModelFile>>, { model: unknown }>;

interface Entry {
  loaded: Loaded;
  stamps: Map<string, string>;
}

export type LoadedModel = Loaded["model"];
export type CachedModel = { model: LoadedModel; info: BundleInfo; bundled: boolean } | { diagnostics: Diagnostic[] };

export class ModelCache {
  private readonly entries = new Map<string, Entry>();
  /** How many times a file was bundled (for tests and the bench). */
  bundles = 0;

  async load(path: string): Promise<CachedModel> {
    const file = resolve(path);
    const hit = this.entries.get(file);
    if (hit && [...hit.stamps].every(([f, s]) => stamp(f) === s)) return { model: hit.loaded.model, info: hit.loaded.info, bundled: false };
    // Stamped before bundling too: a file saved while esbuild reads it must not be cached as current.
    const before = new Map([file, ...(hit?.stamps.keys() ?? [])].map((f) => [f, stamp(f)]));
    this.entries.delete(file);
    this.bundles++;
    const loaded = isBifFile(file) ? await loadBif(file) : await loadModelFile(file);
    if ("diagnostics" in loaded) return loaded;
    const stamps = new Map(loaded.inputs.map((f) => [f, stamp(f)]));
    if ([...before].every(([f, s]) => !stamps.has(f) || stamps.get(f) === s)) this.entries.set(file, { loaded, stamps });
    return { model: loaded.model, info: loaded.info, bundled: true };
  }
}

/** A .bif file as a loaded model: nothing is bundled, its only input is itself, and errors have no bundle to remap. */
async function loadBif(file: string): Promise<Loaded | { diagnostics: Diagnostic[] }> {
  const r = await loadBifFile(file);
  if ("diagnostics" in r) return r;
  return { model: r.model, info: { bundleName: file, sourceRoot: dirname(file) }, inputs: [file] };
}

/** size:mtime(ns), or "missing" (a deleted import invalidates the entry). */
function stamp(file: string): string {
  try {
    const s = statSync(file, { bigint: true });
    return `${s.size}:${s.mtimeNs}`;
  } catch {
    return "missing";
  }
}
