/**
 * Adam with the moment updates done in one fused JS pass per variable instead of tfjs's ~14
 * elementwise tensor ops per variable (each a full pass over memory and a fresh tensor): on the wasm
 * and cpu backends the gradient and the variable are read directly in the backend's own memory (wasm
 * heap / cpu Float32Array) and the moments live in JS Float32Arrays; the cpu backend's variable is
 * written in place, the wasm one assigned new storage (XNNPACK caches packed weights per tensor). Same formula as
 * tf.train.adam: m = b1 m + (1 - b1) g, v = b2 v + (1 - b2) g², w -= lr (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps).
 * Other backends (tfjs-node) read the variable with dataSync and assign the update.
 */
import { tf } from "./backend";

type Internals = {
  typedArrayFromHeap?: (t: { shape: number[]; dtype: string; dataId: object }) => Float32Array;
  data?: { get(id: object): { values?: Float32Array } | undefined };
  refCount?: (id: object) => number;
  makeOutput?: (shape: number[], dtype: string) => unknown;
};

/** The backend's own storage of a float32 tensor (a live view: write it and the tensor changes), when reachable. */
function storage(t: tf.Tensor): Float32Array | undefined {
  const b = tf.backend() as unknown as Internals;
  const name = tf.getBackend();
  if (t.dtype !== "float32") return undefined;
  if (name === "wasm" && b.typedArrayFromHeap) return b.typedArrayFromHeap({ shape: t.shape, dtype: t.dtype, dataId: t.dataId });
  if (name === "cpu" && b.data) {
    const v = b.data.get(t.dataId)?.values;
    return v instanceof Float32Array && v.length === t.size ? v : undefined;
  }
  return undefined;
}

/** An uninitialised float32 tensor of x's shape in the wasm heap (tracked by the enclosing tidy), when reachable. */
function freshTensor(x: tf.Tensor): tf.Tensor | undefined {
  const b = tf.backend() as unknown as Internals;
  const engine = tf.engine() as unknown as { makeTensorFromTensorInfo?: (info: unknown) => tf.Tensor };
  if (tf.getBackend() !== "wasm" || !b.makeOutput || !engine.makeTensorFromTensorInfo) return undefined;
  return engine.makeTensorFromTensorInfo(b.makeOutput(x.shape, "float32"));
}

function exclusive(t: tf.Tensor): boolean {
  const b = tf.backend() as unknown as Internals;
  return typeof b.refCount === "function" && b.refCount(t.dataId) === 1;
}

/** dst = src - a m / (sqrt(v) s2 + eps) after the moment updates; a plain top-level loop (V8 optimises it best). */
function adamUpdate(g: Float32Array, src: Float32Array, dst: Float32Array, m: Float32Array, v: Float32Array, b1: number, b2: number, a: number, s2: number, eps: number): void {
  const n = dst.length, c1 = 1 - b1, c2 = 1 - b2;
  for (let i = 0; i < n; i++) {
    const gi = g[i];
    const mi = b1 * m[i] + c1 * gi;
    m[i] = mi;
    const vi = b2 * v[i] + c2 * gi * gi;
    v[i] = vi;
    dst[i] = src[i] - (a * mi) / (Math.sqrt(vi) * s2 + eps);
  }
}

export class FusedAdam {
  private readonly m: Float32Array[];
  private readonly v: Float32Array[];
  private t = 0;
  private readonly buffer: (Float32Array | undefined)[] = [];

  constructor(readonly vars: readonly tf.Variable[], readonly lr = 1e-3, readonly beta1 = 0.9, readonly beta2 = 0.999, readonly epsilon = 1e-7) {
    this.m = vars.map((x) => new Float32Array(x.size));
    this.v = vars.map((x) => new Float32Array(x.size));
  }

  /** One step on the scalar loss `f` (called inside tf.tidy); returns the loss before the step. */
  minimize(f: () => tf.Scalar): number {
    return tf.tidy(() => {
      const { value, grads } = tf.variableGrads(f, this.vars as tf.Variable[]);
      this.t++;
      const c1 = 1 - this.beta1 ** this.t, c2 = 1 - this.beta2 ** this.t;
      const { beta1: b1, beta2: b2, lr, epsilon: eps } = this;
      this.vars.forEach((x, k) => {
        const gt = grads[x.name];
        if (!gt) return;
        const m = this.m[k], v = this.v[k];
        // Views are taken after every allocation of this step (the wasm heap may grow on malloc). On cpu the
        // variable is updated in place. Not on wasm: XNNPACK caches packed weights per tensor, so a weight
        // matrix must get new storage to be seen: the update is written straight into a fresh heap tensor,
        // which the variable then takes (assign).
        const name = tf.getBackend();
        const view = name === "cpu" && exclusive(x) ? storage(x) : undefined;
        const fresh = view ? undefined : freshTensor(x);
        const g = storage(gt) ?? (gt.dataSync() as Float32Array);
        const src = view ?? storage(x) ?? (x.dataSync() as Float32Array);
        const freshView = fresh ? storage(fresh) : undefined;
        const dst = view ?? freshView ?? new Float32Array(x.size);
        const a = lr / c1, s2 = 1 / Math.sqrt(c2);
        adamUpdate(g, src, dst, m, v, b1, b2, a, s2, eps);
        // Assign the fresh tensor itself: copying its view into another tensor would malloc first, and a
        // heap that grows on that malloc detaches the view (CI's image decoders, 1M weights, hit it).
        if (!view) x.assign(freshView ? fresh! : tf.tensor(dst, x.shape, "float32"));
      });
      return value.dataSync()[0];
    });
  }
}
