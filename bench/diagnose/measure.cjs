// Preloaded into every Node process of a measured command (NODE_OPTIONS="--require <this>"), so a
// command that forks a model process is measured whole: at exit each process appends one line to
// $CAUSAL_BENCH_MEASURE with its pid, CPU time (user + system, all its threads) and peak RSS.
"use strict";
const { appendFileSync } = require("node:fs");
const out = process.env.CAUSAL_BENCH_MEASURE;
if (out) {
  const t0 = Date.now();
  process.on("exit", () => {
    const c = process.cpuUsage(), r = process.resourceUsage();
    try {
      appendFileSync(out, JSON.stringify({ pid: process.pid, ppid: process.ppid, argv: process.argv.slice(1, 3), cpuMs: (c.user + c.system) / 1000, maxRssKiB: r.maxRSS, wallMs: Date.now() - t0 }) + "\n");
    } catch { /* the measurement is best effort; the command's own result stands */ }
  });
}
