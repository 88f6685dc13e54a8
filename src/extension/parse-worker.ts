/**
 * The parse worker (dist/parse-worker.js, a worker_threads Worker of the extension host): static
 * extraction / DAGitty parsing of one document per message, off the host's main thread, so a large or
 * pathological file cannot freeze the editor (graph-reader.ts sends the work and enforces the time limit).
 * Runs no user code: the same pure core functions the host runs for small files.
 */
import { parentPort } from "node:worker_threads";
import { extractGraphFile } from "../core/extract/extract-graph-file";

export interface ParseRequest { id: number; text: string; fileName: string }

parentPort?.on("message", (req: ParseRequest) => {
  parentPort!.postMessage({ id: req.id, result: extractGraphFile(req.text, req.fileName) });
});
