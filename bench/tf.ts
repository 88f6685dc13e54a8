// TensorFlow.js training speed per backend (wasm, cpu; tfjs-node when the user has it), side by
// side with PyTorch when a Python with torch is found (bench/.venv or $CAUSAL_BENCH_PYTHON):
//   - raw matmul GFLOP/s: 1024², and 512x4096 · 4096x512 in the plain (NN) layout, the transposed
//     layouts tfjs's own matMul gradient uses (NT, TN), and our fast path (explicit transpose + NN);
//   - an mlp 1 -> 64 -> 64 -> 1 (tanh, normal likelihood) on 20,000 rows x 50 epochs (batch 256, Adam);
//     the cpu backend runs 5 epochs and is extrapolated x10 (stated in the figures);
//   - one VAE step (encoder 4096 -> 512 -> 2x20, decoder 20 -> 512 -> 4096, Bernoulli, batch 64, Adam).
// Every figure gives CPU time (process.cpuUsage) and wall time, medians of repeats; the machine may be
// shared, so CPU time is the better estimate of uncontended speed for these single-threaded backends.
// Goal (issue 10): the VAE step on wasm within 2x of one-thread PyTorch.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { initBackend, setBackendLog, tf } from "../src/core/train/tf/backend";
import { trainMlp } from "../src/core/train/tf/mlp";
import { matMulFast } from "../src/core/train/tf/ops";
import { Vae } from "../src/core/train/tf/vae";
import { createRng } from "../src/core/random/rng";

type Timing = { cpuMs: number; wallMs: number };

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function timed(fn: () => void, repeats: number, warmup = 1): Timing {
  for (let i = 0; i < warmup; i++) fn();
  const cpu: number[] = [], wall: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const c0 = process.cpuUsage(), t0 = performance.now();
    fn();
    const c = process.cpuUsage(c0);
    wall.push(performance.now() - t0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { cpuMs: round(median(cpu)), wallMs: round(median(wall)) };
}

const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
const gflops = (flop: number, ms: number) => round(flop / (ms / 1000) / 1e9, 2);

function matmulFigures(backend: string): Record<string, unknown> {
  const slow = backend === "cpu";
  const reps = slow ? 1 : 5;
  const rnd = (r: number, c: number) => tf.randomNormal([r, c], 0, 1, "float32", 1) as tf.Tensor2D;
  const out: Record<string, unknown> = {};
  const run = (name: string, flop: number, f: () => tf.Tensor) => {
    const t = timed(() => tf.tidy(() => { f().dataSync(); }), reps, slow ? 0 : 1);
    out[name] = { ...t, gflopsByCpuTime: gflops(flop, t.cpuMs), gflopsByWall: gflops(flop, t.wallMs) };
  };
  const a = rnd(1024, 1024), b = rnd(1024, 1024);
  run("1024x1024·1024x1024 NN", 2 * 1024 ** 3, () => tf.matMul(a, b));
  const x = rnd(512, 4096), w = rnd(4096, 512), dy = rnd(512, 512);
  const flop = 2 * 512 * 4096 * 512;
  run("512x4096·4096x512 NN", flop, () => tf.matMul(x, w));
  if (!slow) {
    // the two products of the gradient of x·w, with tfjs's transposed kernels and with our fast path
    run("dy·wᵀ via transposeB (tfjs gradient)", flop, () => tf.matMul(dy, w, false, true));
    run("dy·wᵀ via transpose + NN (matMulFast)", flop, () => tf.matMul(dy, tf.transpose(w)));
    run("xᵀ·dy via transposeA (tfjs gradient)", flop, () => tf.matMul(x, dy, true, false));
    run("xᵀ·dy via transpose + NN (matMulFast)", flop, () => tf.matMul(tf.transpose(x), dy));
    const g = (mm: (p: tf.Tensor2D, q: tf.Tensor2D) => tf.Tensor2D) => tf.grads((p: tf.Tensor, q: tf.Tensor) => tf.sum(mm(p as tf.Tensor2D, q as tf.Tensor2D)));
    const builtin = g((p, q) => tf.matMul(p, q)), fast = g(matMulFast);
    run("forward+backward of x·w, tf.matMul", 3 * flop, () => tf.add(builtin([x, w])[1].sum(), 0));
    run("forward+backward of x·w, matMulFast", 3 * flop, () => tf.add(fast([x, w])[1].sum(), 0));
  } else out.note = "cpu backend: NN only, one run each (a transposed 512x4096 product takes seconds there)";
  tf.dispose([a, b, x, w, dy]);
  return out;
}

async function mlpFigures(backend: "wasm" | "cpu"): Promise<Record<string, unknown>> {
  const n = 20_000, rng = createRng(1);
  const x = Float64Array.from({ length: n }, () => -3 + 6 * rng.next());
  const y = Float64Array.from(x, (v) => Math.sin(v) + 0.1 * rng.normal());
  const epochs = backend === "cpu" ? 5 : 50;
  const spec = { family: "mlp" as const, features: ["x"], featureParents: ["x"], featuresOf: (p: Readonly<Record<string, number>>) => Float64Array.of(p.x), hidden: [64, 64], activation: "tanh" as const, likelihood: "normal" as const, params: { weights: ["y.w0", "y.w1", "y.w2"], biases: ["y.b0", "y.b1", "y.b2"] } };
  const c0 = process.cpuUsage(), t0 = performance.now();
  const r = await trainMlp({ name: "y", spec, x, y, n, d: 1 }, { epochs, batch: 256, lr: 3e-3, seed: 1, backend });
  const wallS = (performance.now() - t0) / 1000, c = process.cpuUsage(c0), cpuS = (c.user + c.system) / 1e6;
  const scale = 50 / epochs;
  return {
    rows: n, epochs, batch: 256, steps: r.steps, stepsPerSecond: round(r.stepsPerSecond, 1), finalLoss: round(r.finalLoss, 4),
    cpuSeconds: round(cpuS), wallSeconds: round(wallS),
    ...(scale !== 1 ? { extrapolatedTo50Epochs: { cpuSeconds: round(cpuS * scale), wallSeconds: round(wallS * scale), note: `ran ${epochs} epochs, times x${scale}` } } : {}),
  };
}

function vaeFigures(backend: string): Record<string, unknown> {
  const m = 64, D = 4096, rng = createRng(2);
  const x = Float32Array.from({ length: m * D }, () => (rng.next() < 0.2 ? 1 : 0));
  const vae = new Vae({ input: D, hidden: 512, latent: 20, lr: 1e-3, seed: 1 });
  try {
    const slow = backend === "cpu";
    const t = timed(() => { vae.step(x, m); }, slow ? 2 : 10, slow ? 1 : 3);
    return { batch: m, msPerStepCpu: t.cpuMs, msPerStepWall: t.wallMs, repeats: slow ? 2 : 10 };
  } finally { vae.dispose(); }
}

const TORCH = String.raw`
import json, sys, time, resource, torch
torch.manual_seed(0)
def cpu(): r = resource.getrusage(resource.RUSAGE_SELF); return r.ru_utime + r.ru_stime
def timed(f, reps, warm=2):
    for _ in range(warm): f()
    c, w = [], []
    for _ in range(reps):
        c0, t0 = cpu(), time.perf_counter(); f(); w.append((time.perf_counter()-t0)*1000); c.append((cpu()-c0)*1000)
    c.sort(); w.sort(); return {"cpuMs": round(c[len(c)//2], 2), "wallMs": round(w[len(w)//2], 2)}
out = {"torch": torch.__version__}
for threads in (1, 2):
    torch.set_num_threads(threads)
    r = {}
    a, b = torch.randn(1024, 1024), torch.randn(1024, 1024)
    t = timed(lambda: a @ b, 7); t["gflopsByWall"] = round(2*1024**3/(t["wallMs"]/1000)/1e9, 1); r["matmul 1024"] = t
    x, w = torch.randn(512, 4096), torch.randn(4096, 512)
    t = timed(lambda: x @ w, 7); t["gflopsByWall"] = round(2*512*4096*512/(t["wallMs"]/1000)/1e9, 1); r["matmul 512x4096x512"] = t
    D, H, L, m = 4096, 512, 20, 64
    enc = torch.nn.Sequential(torch.nn.Linear(D, H), torch.nn.ReLU(), torch.nn.Linear(H, 2*L))
    dec = torch.nn.Sequential(torch.nn.Linear(L, H), torch.nn.ReLU(), torch.nn.Linear(H, D))
    opt = torch.optim.Adam(list(enc.parameters()) + list(dec.parameters()), lr=1e-3)
    xb = (torch.rand(m, D) < 0.2).float()
    def step():
        loc, raw = enc(xb).chunk(2, 1); scale = torch.nn.functional.softplus(raw) + 1e-6
        z = loc + scale * torch.randn_like(loc); logits = dec(z)
        ll = -torch.nn.functional.binary_cross_entropy_with_logits(logits, xb, reduction="sum")
        kl = 0.5 * (loc**2 + scale**2 - 1).sum() - scale.log().sum()
        loss = (kl - ll) / m; opt.zero_grad(); loss.backward(); opt.step()
    r["vae step"] = timed(step, 20, 3)
    if threads == 1:
        n = 20000; xs = torch.rand(n, 1) * 6 - 3; ys = torch.sin(xs) + 0.1 * torch.randn(n, 1)
        net = torch.nn.Sequential(torch.nn.Linear(1, 64), torch.nn.Tanh(), torch.nn.Linear(64, 64), torch.nn.Tanh(), torch.nn.Linear(64, 2))
        o2 = torch.optim.Adam(net.parameters(), lr=3e-3)
        c0, t0 = cpu(), time.perf_counter()
        for ep in range(50):
            perm = torch.randperm(n)
            for i in range(0, n, 256):
                idx = perm[i:i+256]; pred = net(xs[idx]); loc, raw = pred[:, :1], pred[:, 1:]
                s = torch.nn.functional.softplus(raw) + 1e-6
                loss = (s.log() + 0.5 * ((ys[idx] - loc) / s) ** 2).mean(); o2.zero_grad(); loss.backward(); o2.step()
        r["mlp 20000 rows x 50 epochs"] = {"cpuSeconds": round(cpu()-c0, 2), "wallSeconds": round(time.perf_counter()-t0, 2)}
    out[f"{threads} thread" + ("s" if threads > 1 else "")] = r
print(json.dumps(out))
`;

function findPython(): string | undefined {
  const c = [process.env.CAUSAL_BENCH_PYTHON, "bench/.venv/bin/python"].filter((p): p is string => !!p);
  for (const p of c) {
    if (!existsSync(p)) continue;
    try { execFileSync(p, ["-c", "import torch"], { stdio: "ignore" }); return p; } catch { /* no torch there */ }
  }
  return undefined;
}

export async function bench(): Promise<Record<string, unknown>> {
  setBackendLog(() => {});
  const out: Record<string, unknown> = {};
  const backends: string[] = ["wasm", "cpu"];
  // tfjs-node only when the user has it (never installed by us)
  try { await initBackend("node"); backends.unshift("tensorflow"); } catch { out.tensorflow = "not installed (@tensorflow/tfjs-node is optional and user-side)"; }
  for (const b of backends) {
    await initBackend(b === "tensorflow" ? "node" : (b as "wasm" | "cpu"));
    process.stderr.write(`bench tf: ${b}...\n`);
    const before = tf.memory().numTensors;
    out[b] = {
      matmul: matmulFigures(b),
      mlp: await mlpFigures(b === "cpu" ? "cpu" : "wasm"),
      vae: vaeFigures(b),
      leakedTensors: tf.memory().numTensors - before,
    };
  }
  const py = findPython();
  if (py) {
    process.stderr.write(`bench tf: PyTorch (${py})...\n`);
    try {
      const torch = JSON.parse(execFileSync(py, ["-c", TORCH], { encoding: "utf8", maxBuffer: 1 << 20, timeout: 600_000 }).trim().split("\n").at(-1)!);
      out.pytorch = torch;
      const wasmVae = (out.wasm as { vae: { msPerStepCpu: number; msPerStepWall: number } }).vae;
      const t1 = torch["1 thread"]["vae step"], t2 = torch["2 threads"]["vae step"];
      out.vaeStepComparison = {
        wasmMsCpu: wasmVae.msPerStepCpu, wasmMsWall: wasmVae.msPerStepWall, torch1ThreadMsCpu: t1.cpuMs, torch1ThreadMsWall: t1.wallMs, torch2ThreadsMsWall: t2.wallMs,
        // single-threaded both: CPU time against CPU time; two threads: against wall time
        ratioWasmToTorch1Thread: round(wasmVae.msPerStepCpu / t1.cpuMs, 2), ratioWasmToTorch2Threads: round(wasmVae.msPerStepCpu / t2.wallMs, 2),
        goal: "wasm within 2x of one-thread PyTorch", met: wasmVae.msPerStepCpu <= 2 * t1.cpuMs,
      };
    } catch (e) {
      out.pytorch = { error: e instanceof Error ? e.message.slice(0, 500) : String(e) };
    }
  } else out.pytorch = "no Python with torch: create bench/.venv (python3 -m venv bench/.venv && bench/.venv/bin/pip install torch) or set CAUSAL_BENCH_PYTHON";
  await initBackend("cpu");
  return out;
}
