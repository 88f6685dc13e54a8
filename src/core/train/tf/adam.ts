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

function exclusive(t: tf.Tensor): boolean {
  const b = tf.backend() as unknown as Internals;
  return typeof b.refCount === "function" && b.refCount(t.dataId) === 1;
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
        // matrix must get new storage to be seen; its new values are written to a reused JS buffer, then
        // assigned (one copy into the heap).
        const g = storage(gt) ?? (gt.dataSync() as Float32Array);
        const name = tf.getBackend();
        const view = name === "cpu" && exclusive(x) ? storage(x) : undefined;
        const src = view ?? storage(x) ?? (x.dataSync() as Float32Array);
        const dst = view ?? (name === "wasm" ? (this.buffer[k] ??= new Float32Array(x.size)) : new Float32Array(x.size));
        for (let i = 0; i < dst.length; i++) {
          const gi = g[i];
          const mi = (m[i] = b1 * m[i] + (1 - b1) * gi);
          const vi = (v[i] = b2 * v[i] + (1 - b2) * gi * gi);
          dst[i] = src[i] - (lr * (mi / c1)) / (Math.sqrt(vi / c2) + eps);
        }
        if (!view) x.assign(tf.tensor(dst, x.shape, "float32"));
      });
      return value.dataSync()[0];
    });
  }
}
