// Runs every benchmark suite (or those named on the command line) and writes one JSON file
// to bench/results/ with the machine's details. Goals are stated beside the figures; nothing
// here fails a build: speed is judged by reading these files, never by timed test assertions.
import { execSync } from "node:child_process";
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import { bench as bnlearn } from "./bnlearn";
import { bench as diagnose } from "./diagnose/index";
import { bench as dsprites } from "./dsprites";
import { bench as engine } from "./engine";
import { bench as exactAnswers } from "./exact-answers";
import { bench as extraction } from "./extraction";
import { bench as fit } from "./fit";
import { bench as graph } from "./graph";
import { bench as graphCli } from "./graph-cli";
import { bench as graphImplications } from "./graph-implications";
import { bench as gumbel } from "./gumbel";
import { bench as query } from "./query";
import { bench as runner } from "./runner";
import { bench as tf } from "./tf";
import { bench as webview } from "./webview";
import { bench as webviewE2e } from "./webview-e2e";
import { bench as webppl } from "./webppl";

const suites: Record<string, () => Promise<Record<string, unknown>>> = { engine, "exact-answers": exactAnswers, bnlearn, gumbel, graph, "graph-cli": graphCli, "graph-implications": graphImplications, extraction, runner, query, webview, "webview-e2e": webviewE2e, webppl, fit, tf, diagnose, dsprites };

function machine(): Record<string, unknown> {
  let commit = "unknown";
  try { commit = execSync("git rev-parse --short HEAD", { stdio: ["ignore", "pipe", "ignore"] }).toString().trim(); } catch { /* not a git checkout */ }
  return {
    date: new Date().toISOString(), commit, node: process.version, platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    cpu: os.cpus()[0]?.model ?? "unknown", cores: os.cpus().length, memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    loadAverage: os.loadavg(),
  };
}

export async function main(argv: string[]): Promise<void> {
  const wanted = argv.filter((a) => !a.startsWith("-"));
  for (const w of wanted) if (!suites[w]) throw new Error(`unknown suite "${w}"; known: ${Object.keys(suites).join(", ")}`);
  const results: Record<string, unknown> = {};
  for (const [name, run] of Object.entries(suites)) {
    if (wanted.length && !wanted.includes(name)) continue;
    process.stderr.write(`bench: ${name}...\n`);
    const t0 = performance.now();
    try {
      results[name] = await run();
      process.stderr.write(`bench: ${name} done in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
    } catch (e) {
      // One failing suite must not lose the others' figures: record the failure and go on.
      results[name] = { error: e instanceof Error ? e.message : String(e) };
      process.exitCode = 1;
      process.stderr.write(`bench: ${name} FAILED: ${e instanceof Error ? e.message : String(e)}\n`);
    }
  }
  const report = { machine: machine(), results };
  mkdirSync("bench/results", { recursive: true });
  const file = `bench/results/${new Date().toISOString().replace(/[:.]/g, "-")}.json`;
  writeFileSync(`${file}.tmp`, JSON.stringify(report, null, 2) + "\n");
  renameSync(`${file}.tmp`, file);
  process.stdout.write(JSON.stringify(report, null, 2) + "\n");
  process.stderr.write(`bench: wrote ${file}\n`);
}
