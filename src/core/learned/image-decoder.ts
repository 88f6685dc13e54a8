/**
 * imageDecoder(({ shape, …, z }) => ({ shape, …, z }), { width, height, hidden }): the mechanism of an
 * image variable (`.image(name, …)`). Its parents are what the function destructures (so static
 * extraction draws their edges like any mechanism's); each must be returned unchanged: a categorical
 * parent (a tabular or softmax mechanism, or a BIF state list) enters the decoder one-hot, a numeric
 * one as its value, and exactly one vector latent (`.latent("z", () => normal(0, 1), { size: 12 })`)
 * is the nuisance latent the amortised guide infers. Pixels are Bernoulli(sigmoid(logit)) with
 * threshold noise, so an image counterfactual abducts each pixel's noise from the observed image as
 * bernoulli does. The forward passes here are plain float64 (core/train trains them with TensorFlow.js).
 */
import { CausalError, error, type SourceRange } from "../errors/diagnostic";
import type { ParamValue } from "../runtime/message";
import type { ImageInput, ImageSpec, ParamDecl, VariableSpec, VectorLatentSpec } from "../runtime/model-spec";
import { nameRecord } from "../runtime/name-record";
import { vectorParam } from "./learned-mechanism";
import { glorotInit, mlpForward, nameSeed } from "./mlp";

const IMAGE_DECODER = Symbol.for("causal-studio.image-decoder");

export interface ImageDecoderOptions {
  width: number;
  height: number;
  /** The decoder's hidden widths (default [256, 512]). */
  hidden?: readonly number[];
  /** The guide's hidden widths (default: the decoder's, reversed). */
  guideHidden?: readonly number[];
  /** default "relu" */
  activation?: "relu" | "tanh";
}

export interface ImageDecoderRecipe {
  readonly [IMAGE_DECODER]: true;
  features: (parents: Record<string, unknown>) => Record<string, unknown>;
  options: ImageDecoderOptions;
}

/** An image mechanism for `.image(name, imageDecoder(({ a, b, z }) => ({ a, b, z }), { width: 32, height: 32 }))`. */
export function imageDecoder(features: (parents: any) => Record<string, unknown>, options: ImageDecoderOptions): ImageDecoderRecipe {
  if (typeof features !== "function") throw new CausalError(error("invalid-argument", "imageDecoder needs a function that destructures its inputs and returns them, e.g. ({ shape, z }) => ({ shape, z })"));
  const recipe = { [IMAGE_DECODER]: true as const, features, options };
  // parseParents reads the features function's pattern, as for the learnable families
  Object.defineProperty(recipe, "toString", { value: () => features.toString() });
  return recipe;
}

export function isImageDecoder(x: unknown): x is ImageDecoderRecipe {
  return typeof x === "object" && x !== null && (x as Record<symbol, unknown>)[IMAGE_DECODER] === true;
}

const positiveWhole = (x: unknown, max: number): x is number => typeof x === "number" && Number.isInteger(x) && x >= 1 && x <= max;

/** The categories of a scalar variable the decoder one-hots, when it declares them. */
function levelsOf(v: VariableSpec): number | undefined {
  return v.learned?.levels ?? v.states?.length;
}

/**
 * The builder's half: the image's spec and its params (decoder, then guide), from the recipe and
 * the variables declared so far. Throws a CausalError at the declaration's range.
 */
export function expandImage(
  name: string, parents: readonly string[], recipe: ImageDecoderRecipe,
  scalars: readonly VariableSpec[], vectors: readonly VectorLatentSpec[], range?: SourceRange,
): { spec: ImageSpec; decls: ParamDecl[] } {
  const where = `the image decoder of "${name}"`;
  const fail = (why: string): never => { throw new CausalError(error("invalid-argument", `${where}: ${why}`, range)); };
  const o = recipe.options ?? ({} as ImageDecoderOptions);
  if (!positiveWhole(o.width, 1024) || !positiveWhole(o.height, 1024)) fail(`needs { width, height } as whole numbers of pixels (1 to 1024), got ${o.width} x ${o.height}`);
  const hidden = [...(o.hidden ?? [256, 512])], guideHidden = [...(o.guideHidden ?? [...hidden].reverse())];
  if (![...hidden, ...guideHidden].every((h) => positiveWhole(h, 1 << 14))) fail(`hidden widths must be whole numbers from 1 to 16384, got [${hidden.join(", ")}] and guide [${guideHidden.join(", ")}]`);
  const activation = o.activation ?? "relu";
  if (activation !== "relu" && activation !== "tanh") fail(`activation must be "relu" or "tanh", got ${String(activation)}`);
  // Probe: every returned value must be one parent, unchanged (the decoder's inputs are the parents).
  const probe: Record<string, unknown> = nameRecord();
  parents.forEach((p, i) => { probe[p] = 1.5 + 0.137 * i; });
  let out: Record<string, unknown>;
  try { out = recipe.features(probe); } catch (e) { return fail(`its function threw on a probe (${e instanceof Error ? e.message : String(e)}); it must return its inputs, e.g. ({ shape, z }) => ({ shape, z })`); }
  if (typeof out !== "object" || out === null) fail("its function must return an object of its inputs, e.g. ({ shape, z }) => ({ shape, z })");
  const inputs: ImageInput[] = [];
  for (const [key, value] of Object.entries(out)) {
    const parent = parents.find((p) => probe[p] === value);
    if (parent === undefined || parent !== key) fail(`"${key}" is not an input returned unchanged under its own name; the decoder reads its inputs as they are (write ({ ${parents.join(", ")} }) => ({ ${parents.join(", ")} }))`);
    const vector = vectors.find((v) => v.name === parent);
    if (vector) { inputs.push({ parent: parent!, kind: "vector", size: vector.size }); continue; }
    const scalar = scalars.find((v) => v.name === parent);
    if (!scalar) fail(`reads "${parent}", which is not declared before it`);
    const levels = levelsOf(scalar!);
    inputs.push(levels !== undefined ? { parent: parent!, kind: "one-hot", levels } : { parent: parent!, kind: "number" });
  }
  const unused = parents.filter((p) => !inputs.some((i) => i.parent === p));
  if (unused.length) fail(`destructures ${unused.join(", ")} but does not return ${unused.length > 1 ? "them" : "it"}`);
  const latents = inputs.filter((i) => i.kind === "vector");
  if (latents.length !== 1) fail(`needs exactly one vector latent among its inputs (declare one with .latent("z", () => normal(0, 1), { size: 12 })), got ${latents.length}`);
  const spec: Omit<ImageSpec, "params"> = { name, parents: [...parents], width: o.width, height: o.height, inputs, latent: latents[0].parent, hidden, guideHidden, activation, ...(range ? { range } : {}) };
  const decoderLayers = imageDecoderLayers(spec), guideLayers = imageGuideLayers(spec);
  const dec = glorotInit(decoderLayers, nameSeed(name)), gui = glorotInit(guideLayers, nameSeed(`${name}.guide`));
  const decls: ParamDecl[] = [];
  const names = { weights: [] as string[], biases: [] as string[], guideWeights: [] as string[], guideBiases: [] as string[] };
  const add = (list: string[], param: string, init: Float64Array) => { list.push(param); decls.push({ name: param, init, ...(range ? { range } : {}) }); };
  dec.weights.forEach((w, i) => { add(names.weights, `${name}.w${i}`, w); add(names.biases, `${name}.b${i}`, dec.biases[i]); });
  gui.weights.forEach((w, i) => { add(names.guideWeights, `${name}.guide.w${i}`, w); add(names.guideBiases, `${name}.guide.b${i}`, gui.biases[i]); });
  return { spec: { ...spec, params: names }, decls };
}

const inputWidth = (i: ImageInput) => (i.kind === "one-hot" ? i.levels : i.kind === "vector" ? i.size : 1);

/** The decoder's layer widths: inputs (one-hots, numbers, the latent) to width * height logits. */
export function imageDecoderLayers(spec: Pick<ImageSpec, "inputs" | "hidden" | "width" | "height">): number[] {
  return [spec.inputs.reduce((s, i) => s + inputWidth(i), 0), ...spec.hidden, spec.width * spec.height];
}

/** The factor inputs (every input but the latent) and their width. */
export function factorInputs(spec: Pick<ImageSpec, "inputs">): { inputs: ImageInput[]; width: number } {
  const inputs = spec.inputs.filter((i) => i.kind !== "vector");
  return { inputs, width: inputs.reduce((s, i) => s + inputWidth(i), 0) };
}

/** The guide's layer widths: the pixels and the factor inputs to (loc, raw scale) of the latent. */
export function imageGuideLayers(spec: Pick<ImageSpec, "inputs" | "guideHidden" | "width" | "height">): number[] {
  const z = spec.inputs.find((i) => i.kind === "vector") as { size: number };
  return [spec.width * spec.height + factorInputs(spec).width, ...spec.guideHidden, 2 * z.size];
}

/**
 * Writes rows of the given inputs into x (n rows of `stride` values, starting at column `offset`):
 * one-hot for categorical parents (a value outside 0..levels-1 is an error naming it), the value for
 * numbers, the latent's `size` numbers (row-major in `latent`) for the vector.
 */
export function writeInputs(
  inputs: readonly ImageInput[], columns: Readonly<Record<string, ArrayLike<number>>>, latent: ArrayLike<number> | undefined,
  n: number, x: Float64Array | Float32Array, stride: number, offset: number, image: string,
): void {
  let c = offset;
  for (const inp of inputs) {
    if (inp.kind === "vector") {
      if (!latent || latent.length < n * inp.size) throw new CausalError(error("invalid-argument", `the image decoder of "${image}" needs ${n} x ${inp.size} values of latent "${inp.parent}"`));
      for (let i = 0; i < n; i++) for (let k = 0; k < inp.size; k++) x[i * stride + c + k] = latent[i * inp.size + k];
      c += inp.size;
      continue;
    }
    const col = columns[inp.parent];
    if (!col || col.length < n) throw new CausalError(error("missing-column", `the image decoder of "${image}" needs ${n} values of "${inp.parent}", got ${col ? col.length : "none"}`));
    if (inp.kind === "number") {
      for (let i = 0; i < n; i++) x[i * stride + c] = col[i];
      c += 1;
      continue;
    }
    for (let i = 0; i < n; i++) {
      const l = col[i];
      if (!(Number.isInteger(l) && l >= 0 && l < inp.levels)) throw new CausalError(error("invalid-argument", `row ${i}: the image decoder of "${image}" reads "${inp.parent}" = ${l}, not a level in 0..${inp.levels - 1}`));
      x[i * stride + c + l] = 1;
    }
    c += inp.levels;
  }
}

function layersOf(params: Readonly<Record<string, ParamValue>>, weights: readonly string[], biases: readonly string[], layers: readonly number[], image: string) {
  return {
    w: weights.map((p, i) => vectorParam(params, p, layers[i] * layers[i + 1], image)),
    b: biases.map((p, i) => vectorParam(params, p, layers[i + 1], image)),
  };
}

/** Each pixel's logit (n x width*height, row-major) given the factors and the latent. */
export function imageLogits(spec: ImageSpec, params: Readonly<Record<string, ParamValue>>, columns: Readonly<Record<string, ArrayLike<number>>>, latent: ArrayLike<number>, n: number): Float64Array {
  const layers = imageDecoderLayers(spec);
  const x = new Float64Array(n * layers[0]);
  writeInputs(spec.inputs, columns, latent, n, x, layers[0], 0, spec.name);
  const { w, b } = layersOf(params, spec.params.weights, spec.params.biases, layers, spec.name);
  return mlpForward(x, n, layers, w, b, spec.activation);
}

/** Each pixel's probability of being on (n x width*height, row-major) given the factors and the latent. */
export function imageProbabilities(spec: ImageSpec, params: Readonly<Record<string, ParamValue>>, columns: Readonly<Record<string, ArrayLike<number>>>, latent: ArrayLike<number>, n: number): Float64Array {
  const logits = imageLogits(spec, params, columns, latent, n);
  for (let i = 0; i < logits.length; i++) logits[i] = 1 / (1 + Math.exp(-logits[i]));
  return logits;
}

/** The guide's q(latent | image, factors): loc and scale (n x size each) for n images (n x width*height values in [0, 1]). */
export function imagePosterior(spec: ImageSpec, params: Readonly<Record<string, ParamValue>>, columns: Readonly<Record<string, ArrayLike<number>>>, images: ArrayLike<number>, n: number): { loc: Float64Array; scale: Float64Array } {
  const layers = imageGuideLayers(spec), P = spec.width * spec.height, d = layers[0];
  if (images.length < n * P) throw new CausalError(error("invalid-argument", `the guide of "${spec.name}" needs ${n} images of ${spec.width} x ${spec.height} pixels, got ${images.length} values`));
  const x = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < P; j++) x[i * d + j] = images[i * P + j];
  writeInputs(factorInputs(spec).inputs, columns, undefined, n, x, d, P, spec.name);
  const { w, b } = layersOf(params, spec.params.guideWeights, spec.params.guideBiases, layers, spec.name);
  const out = mlpForward(x, n, layers, w, b, spec.activation);
  const size = layers[layers.length - 1] / 2, loc = new Float64Array(n * size), scale = new Float64Array(n * size);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < size; k++) {
      loc[i * size + k] = out[i * 2 * size + k];
      const r = out[i * 2 * size + size + k];
      scale[i * size + k] = (r > 30 ? r : Math.log1p(Math.exp(r))) + 1e-6;
    }
  }
  return { loc, scale };
}
