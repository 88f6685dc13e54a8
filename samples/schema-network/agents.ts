/**
 * Two agents and the game they are scored on.
 *
 * The game: 200 steps from the full brick wall, the ball spawned by respawnLaw, three lives; +1
 * per brick, −1 per ball lost (the schema-games rewards); the episode ends early when the third
 * ball is lost or every brick is gone.
 *
 * The schema agent plans by forward search over the LEARNED schemas (learn.ts), never the true
 * laws: for each paddle target column it rolls the learned model forward HORIZON steps, moving the
 * paddle toward the target then staying, scores the predicted rewards (a brick that vanishes +1, the
 * ball vanishing from the grid −1, discounted by GAMMA), and takes the first action of the best plan
 * (ties: the plan that moves the paddle least). It replans every step.
 *
 * The model-free agent is tabular Q-learning on the position-based state (ball x, y, direction,
 * paddle x), trained on Standard only.
 */
import { compile, predict, type Compiled, type SchemaModel } from "./learn";
import {
  A as A0, BALL0 as BALL00, BRICK as BRICK0, H as H0, LEFT, RIGHT, STAY, W as W0, cloneState, drawNoise, fullBricks, layout, respawnLaw, step, encode, uniforms,
  type Action, type Layout, type LayoutName, type Noise, type State,
} from "./world";

// Local copies: hot loops read these, and a test runner's module transform turns imported names into property reads.
const A = A0, BALL0 = BALL00, BRICK = BRICK0, H = H0, W = W0;

export const STEPS = 200, LIVES = 3, HORIZON = 20, GAMMA = 0.95;

export type Policy = (s: State) => Action;

export interface Episode { start: State; actions: Action[]; noise: Noise[]; states: State[]; score: number; lostAt: number[] }

/** The game's start: full bricks, the paddle at column 4, the ball from the first uniform. */
export function gameStart(l: Layout, next: () => number): State {
  return { layout: l, bricks: fullBricks(), paddleX: 4, ball: respawnLaw(next()) };
}

export function playEpisode(l: Layout, policy: Policy, seed: number, steps = STEPS): Episode {
  const next = uniforms(seed);
  const start = gameStart(l, next);
  let s = start, score = 0, lives = LIVES;
  const actions: Action[] = [], noise: Noise[] = [], states: State[] = [start], lostAt: number[] = [];
  for (let t = 0; t < steps; t++) {
    const a = policy(s), u = drawNoise(next);
    const r = step(s, a, u);
    actions.push(a); noise.push(u); states.push(r.state);
    score += r.reward;
    s = r.state;
    if (r.lost) { lostAt.push(t); if (--lives === 0) break; }
    if (!s.bricks.some((b) => b === 1)) break;
  }
  return { start, actions, noise, states, score, lostAt };
}

/** Replays actions with the given per-step noise from a start state (the counterfactual engine). */
export function replay(start: State, actions: readonly Action[], noise: readonly Noise[]): { states: State[]; lostAt: number[]; score: number } {
  let s = cloneState(start), score = 0;
  const states = [s], lostAt: number[] = [];
  for (let t = 0; t < actions.length; t++) {
    const r = step(s, actions[t], noise[t]);
    score += r.reward;
    if (r.lost) lostAt.push(t);
    s = r.state;
    states.push(s);
  }
  return { states, lostAt, score };
}

// ---------------------------------------------------------------- the schema agent

const ballCount = (g: Uint8Array) => { let n = 0; for (let c = 0; c < W * H; c++) for (let a = BALL0; a < A; a++) n += g[c * A + a]; return n; };
const brickCount = (g: Uint8Array) => { let n = 0; for (let c = 0; c < W * H; c++) n += g[c * A + BRICK]; return n; };

/** The predicted discounted return of moving the paddle toward `target` (its leftmost column), then staying. */
function rollout(m: Compiled, g0: Uint8Array, paddleX: number, target: number): number {
  let g = g0, px = paddleX, value = 0, disc = 1;
  for (let t = 0; t < HORIZON; t++) {
    const a: Action = px < target ? RIGHT : px > target ? LEFT : STAY;
    const next = predict(m, g, a);
    const balls = ballCount(g), nextBalls = ballCount(next);
    value += disc * (brickCount(g) - brickCount(next));
    if (balls > 0 && nextBalls === 0) { value -= disc; break; }
    px += a === RIGHT ? 1 : a === LEFT ? -1 : 0;
    px = Math.max(1, Math.min(W - 4, px));
    g = next;
    disc *= GAMMA;
  }
  return value;
}

export function schemaPolicy(model: SchemaModel): Policy {
  const m = compile(model);
  return (s) => {
    if (!s.ball) return STAY;
    const g = encode(s);
    let best = s.paddleX, bestValue = -Infinity;
    for (let target = 1; target <= W - 4; target++) {
      const v = rollout(m, g, s.paddleX, target);
      const better = v > bestValue + 1e-9 || (Math.abs(v - bestValue) <= 1e-9 && Math.abs(target - s.paddleX) < Math.abs(best - s.paddleX));
      if (better) { best = target; bestValue = v; }
    }
    return best > s.paddleX ? RIGHT : best < s.paddleX ? LEFT : STAY;
  };
}

// ---------------------------------------------------------------- the model-free agent

const N_STATES = W * H * 4 * W + 1;
const stateKey = (s: State) => (s.ball ? (((s.ball.x * H + s.ball.y) * 4 + (s.ball.vx > 0 ? 1 : 0) + (s.ball.vy > 0 ? 2 : 0)) * W + s.paddleX) : N_STATES - 1);

export interface QAgent { q: Float64Array; episodes: number; visited: number }

/** Tabular Q-learning on Standard: epsilon-greedy (0.1), step size 0.2, discount GAMMA, `episodes` games. */
export function trainQ(episodes: number, seed: number): QAgent {
  const q = new Float64Array(N_STATES * 3), next = uniforms(seed), l = layout("standard");
  const greedy = (k: number) => { let b = 1; for (const a of [0, 2]) if (q[k * 3 + a] > q[k * 3 + b]) b = a; return b as Action; };
  for (let e = 0; e < episodes; e++) {
    let s = gameStart(l, next), lives = LIVES;
    for (let t = 0; t < STEPS; t++) {
      const k = stateKey(s);
      const a: Action = next() < 0.1 ? (Math.min(2, Math.floor(next() * 3)) as Action) : greedy(k);
      const r = step(s, a, drawNoise(next));
      const k2 = stateKey(r.state);
      const target = r.reward + GAMMA * Math.max(q[k2 * 3], q[k2 * 3 + 1], q[k2 * 3 + 2]);
      q[k * 3 + a] += 0.2 * (target - q[k * 3 + a]);
      s = r.state;
      if (r.lost && --lives === 0) break;
      if (!s.bricks.some((b) => b === 1)) break;
    }
  }
  let visited = 0;
  for (let k = 0; k < N_STATES; k++) if (q[k * 3] || q[k * 3 + 1] || q[k * 3 + 2]) visited++;
  return { q, episodes, visited };
}

export function qPolicy(agent: QAgent): Policy {
  return (s) => {
    const k = stateKey(s);
    let b = 1;
    for (const a of [0, 2]) if (agent.q[k * 3 + a] > agent.q[k * 3 + b]) b = a;
    return b as Action;
  };
}

export interface ScoreSummary { mean: number; sd: number; se: number; scores: number[] }
export const summarize = (scores: number[]): ScoreSummary => {
  const n = scores.length, mean = scores.reduce((a, b) => a + b, 0) / n;
  const sd = n > 1 ? Math.sqrt(scores.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)) : 0;
  return { mean, sd, se: sd / Math.sqrt(n), scores };
};

/** Mean score over `episodes` games of a layout (game seeds seed + i, the same for every agent). */
export function score(name: LayoutName, policy: Policy, episodes: number, seed: number): ScoreSummary {
  const l = layout(name);
  return summarize(Array.from({ length: episodes }, (_, i) => playEpisode(l, policy, seed + i).score));
}
