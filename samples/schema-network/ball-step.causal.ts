import { bernoulli, delta, scm } from "causal-studio";
import { BOUNCE, EPS, bounceLaw, brickLaw, solid, type Contact } from "./world";

/**
 * One step of the ball's laws as an SCM: the variables are the attributes the laws read around the
 * ball (0/1), the schema mechanisms are world.ts's bounceLaw and brickLaw (the same functions the
 * simulator runs), and the exogenous noise is declared as latent variables:
 *   vx, vy            the ball's direction (1 = right, 1 = down)
 *   *_h, *_v, *_d     what stands beside the ball (h), above/below it (v) and diagonally ahead (d):
 *                     one entity per cell, so brick needs no wall and paddle needs neither
 *   u_bounce          1 when a paddle contact flips the horizontal direction once more (P = BOUNCE)
 *   u_keep_h/v/d      1 when a hit brick survives (P = EPS): the schema's effect flipped by noise
 *   vx_next, vy_next  the new direction; brick_*_next whether each brick is still there
 * The root frequencies are illustrative (how often a cell holds each entity), not read off the
 * game; the mechanisms are the game's. Queries: do(brick_v = 0) "remove this brick", do(paddle_v = 0,
 * paddle_d = 0) "remove the paddle", and counterfactuals given an observed step.
 */
const cell = (wall: number, brick: number, paddle: number): Contact => ({ wall: wall as 0 | 1, brick: brick as 0 | 1, paddle: paddle as 0 | 1 });
const dir = (b: number): -1 | 1 => (b ? 1 : -1);
/** bounceLaw with the latent bit in place of its uniform (u < BOUNCE flips). */
const bounce = (vx: number, vy: number, h: Contact, v: Contact, d: Contact, flip: number) => bounceLaw(dir(vx), dir(vy), h, v, d, flip ? 0 : 1);

export default scm("Breakout: one step of the ball's laws")
  .variable("vx", () => bernoulli(0.5))
  .variable("vy", () => bernoulli(0.5))
  .variable("wall_h", () => bernoulli(0.2))
  .variable("brick_h", ({ wall_h }) => bernoulli(wall_h ? 0 : 0.2))
  .variable("paddle_h", ({ wall_h, brick_h }) => bernoulli(wall_h || brick_h ? 0 : 0.1))
  .variable("wall_v", () => bernoulli(0.2))
  .variable("brick_v", ({ wall_v }) => bernoulli(wall_v ? 0 : 0.2))
  .variable("paddle_v", ({ wall_v, brick_v }) => bernoulli(wall_v || brick_v ? 0 : 0.2))
  .variable("wall_d", () => bernoulli(0.2))
  .variable("brick_d", ({ wall_d }) => bernoulli(wall_d ? 0 : 0.2))
  .variable("paddle_d", ({ wall_d, brick_d }) => bernoulli(wall_d || brick_d ? 0 : 0.2))
  .latent("u_bounce", () => bernoulli(BOUNCE))
  .latent("u_keep_h", () => bernoulli(EPS))
  .latent("u_keep_v", () => bernoulli(EPS))
  .latent("u_keep_d", () => bernoulli(EPS))
  .variable("vx_next", ({ vx, vy, wall_h, brick_h, paddle_h, wall_v, brick_v, paddle_v, wall_d, brick_d, paddle_d, u_bounce }) =>
    delta(bounce(vx, vy, cell(wall_h, brick_h, paddle_h), cell(wall_v, brick_v, paddle_v), cell(wall_d, brick_d, paddle_d), u_bounce).vx > 0 ? 1 : 0))
  .variable("vy_next", ({ vy, wall_h, brick_h, paddle_h, wall_v, brick_v, paddle_v, wall_d, brick_d, paddle_d }) =>
    delta(bounce(1, vy, cell(wall_h, brick_h, paddle_h), cell(wall_v, brick_v, paddle_v), cell(wall_d, brick_d, paddle_d), 0).vy > 0 ? 1 : 0))
  .variable("brick_h_next", ({ wall_h, brick_h, paddle_h, u_keep_h }) =>
    delta(brickLaw(brick_h, solid(cell(wall_h, brick_h, paddle_h)), u_keep_h ? 0 : 1)))
  .variable("brick_v_next", ({ wall_v, brick_v, paddle_v, u_keep_v }) =>
    delta(brickLaw(brick_v, solid(cell(wall_v, brick_v, paddle_v)), u_keep_v ? 0 : 1)))
  .variable("brick_d_next", ({ wall_h, brick_h, paddle_h, wall_v, brick_v, paddle_v, wall_d, brick_d, paddle_d, u_keep_d }) =>
    delta(brickLaw(brick_d, bounce(1, 1, cell(wall_h, brick_h, paddle_h), cell(wall_v, brick_v, paddle_v), cell(wall_d, brick_d, paddle_d), 0).hitD, u_keep_d ? 0 : 1)));
