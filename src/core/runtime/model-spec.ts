/**
 * The plain description of a model the runtime executes: learnable parameters, then variables in
 * causal order, each with its declared parents and its mechanism. The DSL builds it; inference
 * only reads it.
 */
import type { SourceRange } from "../errors/diagnostic";
import type { Distribution } from "../distributions/distribution";
import type { BatchDistribution } from "../distributions/batch-distribution";
import type { Constraint } from "../distributions/constraints";
import type { ParamValue } from "./message";

/** Row by row: the parents' values of one row (and the params) to that row's distribution. */
export type Mechanism = (parents: Record<string, number>, params: Readonly<Record<string, ParamValue>>) => Distribution<number>;
/** Vectorized: the parents' columns of a whole batch to the batch's distribution. */
export type VectorizedMechanism = (parents: Record<string, Float64Array>, params: Readonly<Record<string, ParamValue>>) => BatchDistribution | Distribution<number>;

export interface VariableSpec {
  name: string;
  latent: boolean;
  parents: readonly string[];
  /** Row by row; when `vectorized` is set it is a VectorizedMechanism stored under this type. */
  mechanism: Mechanism;
  /** True when the mechanism takes parent columns and returns a batch distribution. */
  vectorized?: boolean;
  /** Where the variable was declared (the builder call), when the call site could be read. */
  range?: SourceRange;
  /** Set when the mechanism is a learnable family (linearGaussian, logistic, ..., mlp): what trainers need to fit it. */
  learned?: LearnedSpec;
  /** Names of the values 0, 1, … of a categorical variable (a BIF file's states), for reading and printing them. */
  states?: readonly string[];
}

/** The learnable mechanism families (core/learned/ defines them, core/train fits them). */
export type LearnedFamily = "linear-gaussian" | "logistic" | "softmax" | "poisson" | "tabular" | "mlp";

/**
 * A learnable mechanism as trainers see it. Its params are ordinary declared params (ParamDecl)
 * named after the variable (`wage.coef`, `wage.sd`, `y.w0`, ...); their layout:
 *
 * | family          | params                                                                                  |
 * |-----------------|-----------------------------------------------------------------------------------------|
 * | linear-gaussian | coef [1 + d] (intercept first, then one per feature), sd > 0: y ~ normal(coef . [1, x], sd) |
 * | logistic        | coef [1 + d]: y ~ bernoulli(sigmoid(coef . [1, x]))                                     |
 * | poisson         | coef [1 + d]: y ~ poisson(exp(coef . [1, x]))                                           |
 * | softmax         | coef [(levels - 1) * (1 + d)], row r for level r + 1 (level 0 has logit 0): categorical  |
 * | tabular         | cpt [configs * levels], one simplex per parent configuration; the configuration index is |
 * |                 | mixed radix over the features in order, the first most significant (row-major)            |
 * | mlp             | weights[i] [in_i * out_i] row-major (h = act(x W + b)), biases[i] [out_i]; the last layer |
 * |                 | gives (loc, raw scale) for normal (scale = softplus(raw) + 1e-6), one logit for bernoulli, |
 * |                 | `levels` logits for categorical                                                         |
 */
export interface LearnedSpec {
  family: LearnedFamily;
  /** Feature names in order: the keys the family's features function returns. */
  features: readonly string[];
  /** Per feature, the parent whose value it is unchanged (a data engine can read that column), or undefined for a computed feature. */
  featureParents: readonly (string | undefined)[];
  /** One row's features from its parents' values, in `features` order. */
  featuresOf(parents: Readonly<Record<string, number>>): Float64Array;
  /** Categories of the child: softmax, tabular, mlp with a categorical likelihood. */
  levels?: number;
  /** tabular: each feature's number of levels (features are level indices 0..n-1). */
  featureLevels?: readonly number[];
  /** tabular: a Dirichlet pseudo-count added to every cell before the rows are normalised (0 or absent: counts alone, the MLE). */
  pseudoCount?: number;
  /** mlp: hidden layer widths, activation and likelihood. */
  hidden?: readonly number[];
  activation?: "tanh" | "relu";
  likelihood?: "normal" | "bernoulli" | "categorical";
  /** The names of the params this mechanism owns, by role. */
  params: { coef?: string; sd?: string; cpt?: string; weights?: readonly string[]; biases?: readonly string[] };
}

export interface ParamDecl {
  name: string;
  init: ParamValue;
  /** Where the value must lie (default: any finite number); optimisers work in its unconstrained space. */
  constraint?: Constraint;
  range?: SourceRange;
}

export interface ModelSpec {
  name: string;
  variables: readonly VariableSpec[];
  /** Learnable parameters every mechanism can read from its second argument. */
  params?: readonly ParamDecl[];
  /** Vector-valued latent roots (`.latent(name, () => normal(mu, sigma), { size })`): read only by image decoders. */
  vectorLatents?: readonly VectorLatentSpec[];
  /** Image variables (`.image(name, imageDecoder(...))`): leaves no mechanism reads; core/query/image-query.ts samples them. */
  images?: readonly ImageSpec[];
}

/** `size` independent copies of normal(mu, sigma): the nuisance latent of an image decoder. */
export interface VectorLatentSpec {
  name: string;
  size: number;
  mu: number;
  sigma: number;
  range?: SourceRange;
}

/**
 * One input of an image decoder, in order: a categorical parent enters one-hot (its `levels`), a
 * numeric parent as its value, a vector latent as its `size` numbers.
 */
export type ImageInput =
  | { parent: string; kind: "one-hot"; levels: number }
  | { parent: string; kind: "number" }
  | { parent: string; kind: "vector"; size: number };

/**
 * An image variable: width x height binary pixels, each Bernoulli(sigmoid(logit)) given the decoder's
 * logits from its inputs (pixel noise: threshold coupling, as bernoulli's). The decoder is an MLP
 * [inputs, ...hidden, width * height]; its amortised guide q(latent | image, factors) = N(loc, diag
 * scale^2) is an MLP [width * height + factor inputs, ...guideHidden, 2 * latent size] giving loc and
 * raw scale (scale = softplus(raw) + 1e-6). Both are params named after the image (`image.w0`, …,
 * `image.guide.w0`, …), row-major [in][out] like mlp's, so a params file carries the guide too.
 */
export interface ImageSpec {
  name: string;
  parents: readonly string[];
  width: number;
  height: number;
  inputs: readonly ImageInput[];
  /** The one vector latent among the inputs: what the guide infers. */
  latent: string;
  hidden: readonly number[];
  guideHidden: readonly number[];
  activation: "relu" | "tanh";
  params: { weights: readonly string[]; biases: readonly string[]; guideWeights: readonly string[]; guideBiases: readonly string[] };
  range?: SourceRange;
}

/** The factual world's name in multi-world (counterfactual) runs. */
export const FACTUAL = "factual";

/** A model's spec, from the spec itself or anything with `spec()` (a built model). */
export function specOf(model: ModelSpec | { spec(): ModelSpec }): ModelSpec {
  return "spec" in model && typeof model.spec === "function" ? model.spec() : (model as ModelSpec);
}

/** The variables downstream of (and including) `roots`; spec.variables are in declaration order, parents first. */
export function descendantsOf(spec: ModelSpec, roots: Iterable<string>): Set<string> {
  const out = new Set(roots);
  for (const v of spec.variables) if (v.parents.some((p) => out.has(p))) out.add(v.name);
  return out;
}
