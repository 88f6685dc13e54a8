/**
 * `causal-studio run [--timeout-ms MS] [--memory-mb MB] [--plots DIR] <script.ts> [args...]`: bundles and runs a
 * script with "causal-studio" resolved to this library; a `main` export is called with the
 * arguments and awaited. The script is the user's own program (a sample's main.ts), so it keeps the
 * environment, the working directory and the terminal, but it runs in a child Node process (this
 * same CLI, told by CAUSAL_STUDIO_RUN_INLINE to run it in place) with a heap limit
 * (--max-old-space-size) and a kill timer: an endless loop ends at --timeout-ms, an allocation loop
 * at --memory-mb with one line instead of V8's out-of-memory dump, and neither can take the CLI down.
 * With --plots DIR, the figures `main` returns ({ figures }, core/figures/figure.ts) are checked
 * (src/protocol/figure-messages.ts) and written as DIR/<id>.svg plus DIR/figures.json (all of them, as
 * data: what the editor's run panel reads). This is the one pipeline for scripts: the run panel runs
 * scripts through this same command.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { writeFileAtomic } from "../core/io/atomic-write";
import { checkFigures } from "../protocol/figure-messages";
import { diagnosticFromThrown } from "../core/io/error-location";
import { error } from "../core/errors/diagnostic";
import { loadModule } from "../core/io/load-module";
import { DEFAULT_SCRIPT_LIMITS } from "../core/io/model-process";
import { type CliIo, EXIT_ERROR, EXIT_OK, nodeIo, report, UsageError } from "./cli-io";
import { takeLimitFlags } from "./limit-args";

/** A script may run for long (the samples' reports take seconds to minutes) and hold data: longer and larger than a query's defaults. */
export const RUN_DEFAULTS = { ...DEFAULT_SCRIPT_LIMITS };
const INLINE = "CAUSAL_STUDIO_RUN_INLINE";
/** Tells the child where --plots writes (an absolute folder). */
const PLOTS = "CAUSAL_STUDIO_RUN_PLOTS";
const OOM = /<--- Last few GCs --->|FATAL ERROR:/;

/** The CLI bundle the child runs: this file's bundle (dist/cli.js); CAUSAL_STUDIO_CLI overrides it (tests run the CLI from source). */
export function cliBundlePath(): string | undefined {
  const own = typeof __filename === "string" && __filename.endsWith(".js") ? __filename : undefined;
  return process.env.CAUSAL_STUDIO_CLI ?? own;
}

export async function runCommand(args: string[], io: CliIo): Promise<number> {
  if (process.env[INLINE] === "1") {
    delete process.env[INLINE];
    return runInPlace(args, io);
  }
  // Our flags come before the script; everything after it is the script's own.
  let i = 0, plots: string | undefined;
  const limitArgs: string[] = [];
  while (i < args.length && /^--(timeout-ms|memory-mb|plots)(=|$)/.test(args[i])) {
    const eq = args[i].indexOf("="), flag = eq < 0 ? args[i] : args[i].slice(0, eq);
    const value = eq < 0 ? args[i + 1] : args[i].slice(eq + 1);
    if (flag === "--plots") {
      if (value === undefined || !value.trim() || (eq < 0 && value.startsWith("-"))) throw new UsageError("--plots takes a folder");
      plots = resolve(io.cwd, value);
    } else limitArgs.push(...(eq < 0 ? args.slice(i, i + 2) : [args[i]]));
    i += eq < 0 ? 2 : 1;
  }
  const { limits } = takeLimitFlags(limitArgs, RUN_DEFAULTS);
  const [script, ...rest] = args.slice(i);
  if (script === undefined || script.startsWith("-")) throw new UsageError("missing the script to run");
  const entry = cliBundlePath();
  if (!entry || !existsSync(entry)) return report(io, [error("internal", `the CLI bundle ${entry ?? "dist/cli.js"} is missing; run \`npm run build\``)]), EXIT_ERROR;

  const terminal = io === nodeIo;
  const child = spawn(process.execPath, [`--max-old-space-size=${limits.memoryMb}`, entry, "run", resolve(io.cwd, script), ...rest], {
    cwd: io.cwd, env: { ...process.env, [INLINE]: "1", ...(plots !== undefined ? { [PLOTS]: plots } : {}) }, stdio: [terminal ? "inherit" : "ignore", terminal ? "inherit" : "pipe", "pipe"],
  });
  child.stdout?.on("data", (b: Buffer) => io.stdout(b.toString()));
  let oom = false;
  child.stderr?.on("data", (b: Buffer) => {
    const text = b.toString(), at = text.search(OOM);
    if (!oom) io.stderr(at < 0 ? text : text.slice(0, at));
    if (at >= 0) oom = true;
  });
  let timedOut = false;
  const timer = setTimeout(() => ((timedOut = true), child.kill("SIGKILL")), limits.timeoutMs);
  const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => {
    child.once("error", (e) => {
      io.stderr(`causal-studio run: cannot start ${process.execPath}: ${e.message}\n`);
      done({ code: EXIT_ERROR, signal: null });
    });
    child.once("close", (c, s) => done({ code: c, signal: s }));
  });
  clearTimeout(timer);
  if (timedOut) return report(io, [error("model-timeout", `${script} did not finish within ${limits.timeoutMs} ms (--timeout-ms), so it was stopped (an endless loop?); raise --timeout-ms if it only needs longer`)]), EXIT_ERROR;
  if (oom) return report(io, [error("model-out-of-memory", `${script} ran out of memory (limit ${limits.memoryMb} MB, --memory-mb), so it was stopped; raise --memory-mb if it needs more`)]), EXIT_ERROR;
  if (signal) return report(io, [error("model-crashed", `${script} was killed by ${signal}`)]), EXIT_ERROR;
  return code ?? EXIT_ERROR;
}

/** In the child: bundle the script, run its top level, then await its `main`. */
async function runInPlace(args: string[], io: CliIo): Promise<number> {
  const [script, ...rest] = args;
  if (script === undefined) throw new UsageError("missing the script to run");
  const plots = process.env[PLOTS];
  delete process.env[PLOTS];
  const loaded = await loadModule(script, rest);
  if ("diagnostics" in loaded) return report(io, loaded.diagnostics), EXIT_ERROR;
  const main = loaded.exports.main;
  if (typeof main !== "function") return plots !== undefined ? writeFigures(io, script, plots, []) : EXIT_OK;
  let result: unknown;
  try {
    result = await main(rest);
  } catch (e) {
    return report(io, [diagnosticFromThrown(e, loaded.info, `${script}: main()`)]), EXIT_ERROR;
  }
  const object = typeof result === "object" && result !== null ? (result as { exitCode?: unknown; figures?: unknown }) : undefined;
  const exit = typeof result === "number" ? result : object?.exitCode;
  const code = typeof exit === "number" && Number.isInteger(exit) ? exit : EXIT_OK;
  if (plots === undefined) return code;
  const written = await writeFigures(io, script, plots, object?.figures ?? []);
  return written === EXIT_OK ? code : written;
}

/** --plots: check what main returned as figures, then write each as <id>.svg and all of them as figures.json (atomically). */
async function writeFigures(io: CliIo, script: string, dir: string, raw: unknown): Promise<number> {
  const checked = checkFigures(raw);
  if (!checked.ok) return report(io, [error("invalid-argument", `${script}: main() returned figures that cannot be drawn: ${checked.error}`)]), EXIT_ERROR;
  const { renderFigureSvgs } = await import("./figure-svg");
  try {
    await mkdir(dir, { recursive: true });
    const files = renderFigureSvgs(checked.figures);
    for (const f of files) await writeFileAtomic(join(dir, f.name), f.svg);
    await writeFileAtomic(join(dir, "figures.json"), JSON.stringify({ figures: checked.figures }) + "\n");
    io.stderr(files.length ? `wrote ${files.length} figure${files.length === 1 ? "" : "s"} to ${dir}\n` : `${script}: main() returned no figures; wrote an empty ${join(dir, "figures.json")}\n`);
    return EXIT_OK;
  } catch (e) {
    return report(io, [error("invalid-argument", `--plots ${dir}: ${e instanceof Error ? e.message : String(e)}`)]), EXIT_ERROR;
  }
}
