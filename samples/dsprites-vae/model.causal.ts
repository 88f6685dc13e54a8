import { imageDecoder, normal, scm, tabular } from "causal-studio";

// The course DAG (altdeep/causalML, "causal modeling with a VAE"): shape -> scale, shape ->
// orientation, orientation -> posX, scale -> posY, and all five factors plus a nuisance latent z ->
// the image. Each factor's mechanism is a table learned from the labels (counts); the image is a
// conditional-VAE decoder (one-hot factors and z -> an MLP -> a Bernoulli per pixel) trained by SVI
// with an amortised guide q(z | image, factors). The tables add a pseudo-count of 0.5 to every cell
// (a Dirichlet prior): with 40 x 32 cells for posX | orientation, some positions are never seen after
// some orientation in a few thousand images, and a zero would make an image there impossible
// evidence for a counterfactual. See README.md for the two configurations.

/** The configuration the tests and `causal-studio run main.ts` train: 32 x 32, 2 CPU cores. */
export const SMALL = { size: 32, latent: 12, hidden: [256, 512], guideHidden: [256] } as const;
/** The reference notebook's scale (4096 -> 1000 -> 1000), for bigger machines or tfjs-node. */
export const FULL = { size: 64, latent: 16, hidden: [1000, 1000], guideHidden: [1000, 1000] } as const;
/** The guide has one hidden layer in the small configuration: z carries little here (the images are a function of the factors), and the guide's input layer is half the cost of a step. */
export type Config = { size: number; latent: number; hidden: readonly number[]; guideHidden?: readonly number[] };

export function causalVae(c: Config = SMALL) {
  return scm("dSprites, causal factors")
    .variable("shape", tabular(() => ({}), { levels: 3, featureLevels: {}, pseudoCount: 0.5 }))
    .variable("scale", tabular(({ shape }) => ({ shape }), { levels: 6, featureLevels: { shape: 3 }, pseudoCount: 0.5 }))
    .variable("orientation", tabular(({ shape }) => ({ shape }), { levels: 40, featureLevels: { shape: 3 }, pseudoCount: 0.5 }))
    .variable("posX", tabular(({ orientation }) => ({ orientation }), { levels: 32, featureLevels: { orientation: 40 }, pseudoCount: 0.5 }))
    .variable("posY", tabular(({ scale }) => ({ scale }), { levels: 32, featureLevels: { scale: 6 }, pseudoCount: 0.5 }))
    .latent("z", () => normal(0, 1), { size: c.latent })
    .image("image", imageDecoder(({ shape, scale, orientation, posX, posY, z }) => ({ shape, scale, orientation, posX, posY, z }), { width: c.size, height: c.size, hidden: c.hidden, ...(c.guideHidden ? { guideHidden: c.guideHidden } : {}) }));
}

/**
 * The course notebook's CVAE: the same image mechanism, but every factor a root (independent, as in
 * dSprites itself), so do(shape) moves nothing else.
 */
export function independentVae(c: Config = SMALL) {
  return scm("dSprites, independent factors")
    .variable("shape", tabular(() => ({}), { levels: 3, featureLevels: {}, pseudoCount: 0.5 }))
    .variable("scale", tabular(() => ({}), { levels: 6, featureLevels: {}, pseudoCount: 0.5 }))
    .variable("orientation", tabular(() => ({}), { levels: 40, featureLevels: {}, pseudoCount: 0.5 }))
    .variable("posX", tabular(() => ({}), { levels: 32, featureLevels: {}, pseudoCount: 0.5 }))
    .variable("posY", tabular(() => ({}), { levels: 32, featureLevels: {}, pseudoCount: 0.5 }))
    .latent("z", () => normal(0, 1), { size: c.latent })
    .image("image", imageDecoder(({ shape, scale, orientation, posX, posY, z }) => ({ shape, scale, orientation, posX, posY, z }), { width: c.size, height: c.size, hidden: c.hidden, ...(c.guideHidden ? { guideHidden: c.guideHidden } : {}) }));
}

export default causalVae();
