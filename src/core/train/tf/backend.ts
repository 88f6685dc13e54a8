/**
 * The TensorFlow.js backend training runs on. "auto" takes @tensorflow/tfjs-node when the user has it
 * installed (it is never a dependency of ours: its install downloads a native library), else the wasm
 * backend (SIMD, single-threaded in Node), else the pure-JS cpu backend (13-140x slower).
 *
 * The wasm backend loads its .wasm binaries from a folder: node_modules/@tensorflow/tfjs-backend-wasm/dist
 * when that package resolves (tests, the library from npm), else the folder of the running bundle, where
 * .ci/build.mjs copies tfjs-backend-wasm-simd.wasm and tfjs-backend-wasm.wasm (the extension's dist/).
 */
import { createRequire } from "node:module";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import { CausalError, error } from "../../errors/diagnostic";

export type BackendPreference = "auto" | "wasm" | "cpu" | "node";
/** The backend names TensorFlow.js reports: "tensorflow" is tfjs-node. */
export type BackendName = "tensorflow" | "wasm" | "cpu";

// __filename is the bundle's own path once bundled (dist/cli.js), this file's path in tests.
const here: string = typeof __filename === "string" ? __filename : path.join(process.cwd(), "index.js");
const req = createRequire(here);

let wasmPathSet = false;
let log: (line: string) => void = (line) => process.stderr.write(`${line}\n`);

/** Where the log line saying which backend runs goes (default stderr). */
export function setBackendLog(sink: (line: string) => void): void {
  log = sink;
}

/** The folder holding the wasm backend's .wasm files, with a trailing separator. */
export function wasmFolder(): string {
  try {
    return path.dirname(req.resolve("@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm")) + path.sep;
  } catch {
    return path.dirname(here) + path.sep;
  }
}

function tryNode(): boolean {
  try {
    // Looked up at run time only; bundlers must keep it external.
    const name = ["@tensorflow", "tfjs-node"].join("/");
    req(name);
    return tf.findBackend("tensorflow") !== null;
  } catch {
    return false;
  }
}

let wasmFailure = "";

async function tryWasm(): Promise<boolean> {
  try {
    if (!wasmPathSet) {
      setWasmPaths(wasmFolder());
      wasmPathSet = true;
    }
    return await tf.setBackend("wasm");
  } catch (e) {
    wasmFailure = e instanceof Error ? e.message : String(e);
    return false;
  }
}

/**
 * Makes `pref` (or the best available for "auto") the running backend and returns its name. An explicit
 * preference that cannot run is an error; "auto" falls back down the list.
 */
export async function initBackend(pref: BackendPreference = "auto"): Promise<BackendName> {
  // Production mode: no debug checks, and no console banner urging tfjs-node on every first tensor
  // (this function logs which backend runs instead).
  if (!tf.env().getBool("PROD")) tf.enableProdMode();
  const current = tf.getBackend() as BackendName | undefined;
  const wanted = pref === "node" ? "tensorflow" : pref;
  if (wanted !== "auto" && current === wanted) return current;
  let chosen: BackendName | undefined;
  if (pref === "node" || pref === "auto") {
    if (tryNode() && (await tf.setBackend("tensorflow"))) chosen = "tensorflow";
    else if (pref === "node") {
      throw new CausalError(error("invalid-argument", `backend "node" needs @tensorflow/tfjs-node, which is not installed where Causal Studio can require it; install it yourself (npm install @tensorflow/tfjs-node, which downloads libtensorflow) or use backend "wasm" or "auto"`));
    }
  }
  if (!chosen && (pref === "wasm" || pref === "auto")) {
    if (await tryWasm()) chosen = "wasm";
    else if (pref === "wasm") {
      throw new CausalError(error("invalid-argument", `backend "wasm" failed to start${wasmFailure ? ` (${wasmFailure})` : ""}; it loads tfjs-backend-wasm-simd.wasm or tfjs-backend-wasm.wasm from ${wasmFolder()} (they ship beside the bundle); reinstall, or use backend "cpu"`));
    }
  }
  if (!chosen) {
    if (!(await tf.setBackend("cpu"))) throw new CausalError(error("internal", `TensorFlow.js could not start even its cpu backend`));
    chosen = "cpu";
  }
  await tf.ready();
  if (chosen !== current) log(`train: TensorFlow.js backend ${chosen}${chosen === "wasm" ? " (SIMD, 1 thread)" : chosen === "cpu" ? " (pure JS, 13-140x slower than wasm)" : " (tfjs-node)"}`);
  return chosen;
}

export { tf };
