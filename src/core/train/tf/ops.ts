/**
 * Differentiable ops whose gradients stay on fast kernels of the wasm backend (see
 * shared/notes/tfjs.md): tfjs's own matMul gradient uses matMul with transposeA/transposeB, 10-37x
 * slower on wasm than materialising the transpose; and wasm has no Conv2DBackpropFilter kernel, so
 * the filter gradient of conv2d / conv2dTranspose is computed here as one dilated conv2d.
 * All three give the same values as the built-in ops, and gradients equal to the cpu backend's.
 */
import * as tf from "@tensorflow/tfjs";

/** A custom-gradient body with typed inputs (tf.customGrad types them as a variadic union). */
type GradBody<T extends tf.Tensor> = (a: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => { value: T; gradFunc: (dy: T, saved: tf.Tensor[]) => tf.Tensor[] };
const customGrad2 = <T extends tf.Tensor>(body: GradBody<T>) => tf.customGrad(body as unknown as Parameters<typeof tf.customGrad<T>>[0]) as unknown as (a: tf.Tensor, b: tf.Tensor) => T;

/** xᵀ·dy for x [m, a] and dy [m, b], transposing whichever side is smaller (see matMulFast). */
function weightGradient(xs: tf.Tensor2D, dy: tf.Tensor2D, b: number): tf.Tensor2D {
  const [m, a] = xs.shape;
  return m * a > m * b + a * b ? tf.transpose(tf.matMul(tf.transpose(dy), xs)) as tf.Tensor2D : tf.matMul(tf.transpose(xs), dy);
}

/**
 * x [m, a] · w [a, b] whose gradient dy·wᵀ, xᵀ·dy uses plain (NN) matMuls with explicit transposes,
 * transposing whichever tensors are smaller: dy·wᵀ is matMul(dy, transpose(w)) or, when w is larger
 * than dy and x together (a weight matrix against a minibatch), transpose(matMul(w, transpose(dy)));
 * likewise xᵀ·dy. A 4096x512 transpose costs ~30 ms on wasm; a 64-row one ~1 ms.
 */
export const matMulFast: (x: tf.Tensor2D, w: tf.Tensor2D) => tf.Tensor2D = customGrad2<tf.Tensor2D>((x: tf.Tensor, w: tf.Tensor, save: tf.GradSaveFunc) => {
  save([x, w]);
  return {
    value: tf.matMul(x as tf.Tensor2D, w as tf.Tensor2D),
    gradFunc: (dy: tf.Tensor2D, saved: tf.Tensor[]) => {
      const [xs, ws] = saved as tf.Tensor2D[];
      const [m, a] = xs.shape, b = ws.shape[1];
      const dx = a * b > m * (a + b) ? tf.transpose(tf.matMul(ws, tf.transpose(dy))) : tf.matMul(dy, tf.transpose(ws));
      const dw = weightGradient(xs, dy, b);
      return [dx, dw];
    },
  };
});

/**
 * matMulFast for a first layer whose x is data: the same value and weight gradient, but no gradient
 * for x (zeros), which saves the dy·wᵀ product (a 4096x512 weight against a batch: ~10 ms on wasm).
 */
export const matMulData: (x: tf.Tensor2D, w: tf.Tensor2D) => tf.Tensor2D = customGrad2<tf.Tensor2D>((x: tf.Tensor, w: tf.Tensor, save: tf.GradSaveFunc) => {
  save([x, w]);
  return {
    value: tf.matMul(x as tf.Tensor2D, w as tf.Tensor2D),
    gradFunc: (dy: tf.Tensor2D, saved: tf.Tensor[]) => {
      const [xs, ws] = saved as tf.Tensor2D[];
      return [tf.zerosLike(xs), weightGradient(xs, dy, ws.shape[1])];
    },
  };
});

type PadInfo = { top: number; bottom: number; left: number; right: number };

/**
 * dK[a, b, c, f] = sum over n, i, j of Xpad[n, s*i + a, s*j + b, c] * D[n, i, j, f] — the filter
 * gradient of a 'same' conv of X (NHWC) producing D, as ONE conv2d: the batch becomes the channel
 * axis and D the filter, dilated by the stride.
 */
function convFilterGrad(X: tf.Tensor4D, D: tf.Tensor4D, kh: number, kw: number, s: number, pad: PadInfo): tf.Tensor4D {
  const Xp = tf.pad(X, [[0, 0], [pad.top, pad.bottom], [pad.left, pad.right], [0, 0]]);
  const r = tf.conv2d(tf.transpose(Xp, [3, 1, 2, 0]) as tf.Tensor4D, tf.transpose(D, [1, 2, 0, 3]) as tf.Tensor4D, 1, "valid", "NHWC", s);
  return tf.transpose(tf.slice(r, [0, 0, 0, 0], [-1, kh, kw, -1]), [1, 2, 0, 3]);
}

/** conv2d(x [n,h,w,c], K [kh,kw,c,f], stride s, 'same') with a filter gradient that runs on wasm. */
export function conv2dFast(x: tf.Tensor4D, K: tf.Tensor4D, s: number): tf.Tensor4D {
  const [kh, kw] = K.shape;
  const { padInfo } = tf.backend_util.computeConv2DInfo(x.shape, K.shape, s, 1, "same");
  const xShape = x.shape;
  const f = customGrad2<tf.Tensor4D>((xi: tf.Tensor, Ki: tf.Tensor, save: tf.GradSaveFunc) => {
    save([xi, Ki]);
    return {
      value: tf.conv2d(xi as tf.Tensor4D, Ki as tf.Tensor4D, s, "same"),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xs, Ks] = saved as tf.Tensor4D[];
        return [tf.conv2dTranspose(dy as tf.Tensor4D, Ks, xShape, s, "same"), convFilterGrad(xs, dy as tf.Tensor4D, kh, kw, s, padInfo)];
      },
    };
  });
  return f(x, K);
}

/** conv2dTranspose(x [n,h,w,inC], K [kh,kw,outC,inC], outShape, stride s, 'same') with a filter gradient that runs on wasm. */
export function conv2dTransposeFast(x: tf.Tensor4D, K: tf.Tensor4D, outShape: [number, number, number, number], s: number): tf.Tensor4D {
  const [kh, kw] = K.shape;
  const { padInfo } = tf.backend_util.computeConv2DInfo(outShape, K.shape, s, 1, "same");
  const f = customGrad2<tf.Tensor4D>((xi: tf.Tensor, Ki: tf.Tensor, save: tf.GradSaveFunc) => {
    save([xi, Ki]);
    return {
      value: tf.conv2dTranspose(xi as tf.Tensor4D, Ki as tf.Tensor4D, outShape, s, "same"),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xs, Ks] = saved as tf.Tensor4D[];
        return [tf.conv2d(dy as tf.Tensor4D, Ks, s, "same"), convFilterGrad(dy as tf.Tensor4D, xs, kh, kw, s, padInfo)];
      },
    };
  });
  return f(x, K);
}
