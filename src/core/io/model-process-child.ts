/**
 * The child side of the model runner (bundled to dist/model-runner.js and forked by
 * model-process.ts): loads a user's model file (esbuild transpile, loadModelFile) and answers
 * one query at a time, streaming a progress message after each sampling batch. Every message
 * in either direction is validated (model-process-messages.ts). User code runs here and only
 * here; a hang, a throw or running out of memory costs this process, never the editor.
 * Models are re-loaded for every query, so edits to the file (or its imports) always count.
 */
import { basename } from "node:path";
import { CausalError, type Diagnostic, error } from "../errors/diagnostic";
import { answerQuery, answerQueryProgressive, comparisonSpec, type QueryModel } from "../query/answer-query";
import { referencedNames } from "../query/query-spec";
import { diagnosticFromThrown } from "./error-location";
import { loadModelFile } from "./load-module";
import { FromChild, type RunMessage, ToChild } from "./model-process-messages";

function send(message: FromChild): Promise<void> {
  const checked = FromChild.parse(message);
  return new Promise((resolve) => {
    if (!process.send) return resolve();
    process.send(checked, undefined, {}, () => resolve());
  });
}

/** Lets the IPC channel flush (and the parent's kill land) between batches. */
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

async function run(msg: RunMessage): Promise<FromChild> {
  const loaded = await loadModelFile(msg.file);
  if ("diagnostics" in loaded) return { type: "failed", id: msg.id, diagnostics: loaded.diagnostics };
  const m = loaded.model as unknown as QueryModel;
  const names = m.variables.map((v) => v.name);
  const unknown = referencedNames(msg.spec).filter((n) => !names.includes(n));
  if (unknown.length) {
    const diagnostics = unknown.map((n): Diagnostic => error("unknown-variable", `model "${m.name}" has no variable "${n}"`, undefined, [`variables: ${names.join(", ")}`]));
    return { type: "failed", id: msg.id, diagnostics };
  }
  try {
    const onProgress = async (progress: Parameters<Parameters<typeof answerQueryProgressive>[3]>[0]) => {
      await send({ type: "progress", id: msg.id, progress });
      await yieldToLoop();
    };
    const answer = await answerQueryProgressive(m, msg.spec, msg.options, onProgress, { distribution: msg.distribution });
    const cmp = msg.comparison ? comparisonSpec(msg.spec) : undefined;
    const comparison = cmp ? answerQuery(m, cmp, msg.options, msg.distribution) : undefined;
    return { type: "answered", id: msg.id, model: m.name, answer, ...(comparison ? { comparison } : {}) };
  } catch (e) {
    const d = diagnosticFromThrown(e, loaded.info, `${basename(msg.file)}, while answering the query,`);
    return { type: "failed", id: msg.id, diagnostics: [e instanceof CausalError || d.range ? d : { ...d, notes: [...(d.notes ?? []), String((e as Error)?.stack ?? e)] }] };
  }
}

let queue = Promise.resolve();
process.on("message", (raw: unknown) => {
  const parsed = ToChild.safeParse(raw);
  if (!parsed.success) {
    const id = typeof (raw as { id?: unknown })?.id === "number" ? (raw as { id: number }).id : -1;
    queue = queue.then(() => send({ type: "failed", id, diagnostics: [error("internal", `model runner: malformed request: ${parsed.error.message}`)] }));
    return;
  }
  queue = queue.then(async () => send(await run(parsed.data).catch((e: unknown) => ({ type: "failed" as const, id: parsed.data.id, diagnostics: [error("internal", `model runner: ${String(e)}`)] }))));
});
process.on("disconnect", () => process.exit(0));
void send({ type: "ready", pid: process.pid });
