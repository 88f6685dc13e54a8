/**
 * The whole experiment: log random-policy transitions on Standard, learn the schemas, score their
 * one-step predictions on held-out Standard transitions and zero-shot on Middle Wall and Offset
 * Paddle, inspect the rules on each layout, play both agents on all three layouts, and answer the
 * interventions and the counterfactual.
 */
import model from "./ball-step.causal";
import { playEpisode, qPolicy, replay, schemaPolicy, score, trainQ, type Episode, type QAgent, type ScoreSummary } from "./agents";
import { compile, evaluate, ruleText, ruleUse, learnSchemas, type Counts, type F1Scores, type Group, type RuleUse, type SchemaModel } from "./learn";
import {
  BOUNCE, EPS, LAYOUTS, LEFT, W, bounceLaw, cloneState, drawNoise, encode, layout, logTransitions, step, uniforms,
  type Action, type Contact, type LayoutName, type Noise, type State,
} from "./world";

export interface Options {
  /** Logged random-policy transitions on Standard for learning (the issue's ~5,000). */
  train: number;
  /** Held-out transitions per layout for the F1 scores. */
  test: number;
  /** Games per layout and agent. */
  episodes: number;
  /** Q-learning games on Standard. */
  qEpisodes: number;
}
export const DEFAULTS: Options = { train: 5000, test: 2000, episodes: 20, qEpisodes: 3000 };
export const SEEDS = { train: 1, test: 1000, q: 3, games: 5000, posterior: 77 } as const;

export interface Inspection { rule: string; attr: string; kind: "on" | "off"; trainPrecision: number; use: Record<LayoutName, RuleUse>; flags: Record<LayoutName, "" | "never fires" | "fires wrongly"> }

export interface CounterfactualResult {
  layout: LayoutName;
  /** The recorded game's seed (playEpisode's). */
  seed: number;
  lostAt: number;
  changedStep: number;
  factualAction: Action;
  /** With the recorded noise (the exact abduction for this SCM, whose noise the simulator logged). */
  lostWithRecordedNoise: boolean;
  /** When the counterfactual ball is lost first (−1: not within the recorded steps). */
  counterfactualLostAt: number;
  /** P(lost at the same step | the changed action), the noise abducted from the observed states alone. */
  posteriorLost: number;
  posteriorSamples: number;
  paddleX: { factual: number; counterfactual: number };
}

export interface InterventionResult {
  /** do(remove the paddle) at the start of the recorded game: when the first ball is lost, factual vs intervened (same noise). */
  removePaddle: { factualLostAt: number; intervenedLostAt: number };
  /** do(remove the first brick the recorded game breaks): bricks broken by the end, factual vs intervened. */
  removeBrick: { brick: [number, number]; factualScore: number; intervenedScore: number };
  /** The one-step SCM: exact answers by enumeration beside the library's queries. */
  oneStep: { name: string; byHand: number; library: number }[];
}

export interface ExperimentResult {
  options: Options;
  rules: number;
  examples: number;
  f1: Record<LayoutName, F1Scores>;
  counts: Record<LayoutName, Record<Group, Counts>>;
  inspector: Inspection[];
  q: QAgent;
  scores: Record<LayoutName, { schema: ScoreSummary; model_free: ScoreSummary }>;
  counterfactual: CounterfactualResult;
  interventions: InterventionResult;
  model: SchemaModel;
}

/** Flags: a rule never fires on the layout's transitions, or its precision there falls 0.1 below training's (at least 3 wrong firings). */
function flag(u: RuleUse, trainPrecision: number): "" | "never fires" | "fires wrongly" {
  if (u.fires === 0) return "never fires";
  if (u.wrong >= 3 && 1 - u.wrong / u.fires < trainPrecision - 0.1) return "fires wrongly";
  return "";
}

export function runExperiment(options: Partial<Options> = {}): ExperimentResult {
  const o = { ...DEFAULTS, ...options };
  const model = learnSchemas(logTransitions(layout("standard"), o.train, SEEDS.train));
  const m = compile(model);
  const f1 = {} as Record<LayoutName, F1Scores>, counts = {} as Record<LayoutName, Record<Group, Counts>>, uses = {} as Record<LayoutName, RuleUse[]>;
  LAYOUTS.forEach((name, k) => {
    const test = logTransitions(layout(name), o.test, SEEDS.test + k);
    const e = evaluate(m, test);
    f1[name] = e.f1; counts[name] = e.counts; uses[name] = ruleUse(m, test);
  });
  const inspector: Inspection[] = model.rules.map((r, k) => {
    const trainPrecision = r.tp / (r.tp + r.fp);
    const use = Object.fromEntries(LAYOUTS.map((n) => [n, uses[n][k]])) as Record<LayoutName, RuleUse>;
    return { rule: ruleText(r), attr: String(r.attr), kind: r.kind, trainPrecision, use, flags: Object.fromEntries(LAYOUTS.map((n) => [n, flag(use[n], trainPrecision)])) as Inspection["flags"] };
  });
  const q = trainQ(o.qEpisodes, SEEDS.q);
  const sp = schemaPolicy(model), qp = qPolicy(q);
  const scores = Object.fromEntries(LAYOUTS.map((n) => [n, { schema: score(n, sp, o.episodes, SEEDS.games), model_free: score(n, qp, o.episodes, SEEDS.games) }])) as ExperimentResult["scores"];
  const game = recordedGame(qp);
  return {
    options: o, rules: model.rules.length, examples: model.examples, f1, counts, inspector, q, scores,
    counterfactual: counterfactualLeft(game.episode, game.seed), interventions: interventions(game.episode), model,
  };
}

/** The game the counterfactual is asked of: the model-free agent on Standard, the first game seed whose first ball is lost at step MIN_FIRST_LOSS or later. */
export function recordedGame(policy: (s: State) => Action): { episode: Episode; seed: number } {
  for (let seed = SEEDS.games; ; seed++) {
    const episode = playEpisode(layout("standard"), policy, seed);
    if (episode.lostAt.length && episode.lostAt[0] >= MIN_FIRST_LOSS) return { episode, seed };
  }
}

/** The noise of one step drawn again from its posterior given the observed step: uniforms accepted when they reproduce it. */
function posteriorNoise(s: State, a: Action, observed: State, next: () => number): Noise {
  const want = encode(observed);
  for (;;) {
    const u = drawNoise(next);
    const got = encode(step(s, a, u).state);
    if (got.every((v, i) => v === want[i])) return u;
  }
}

/**
 * "Would the ball have been lost had the paddle moved LEFT three steps earlier?" On the recorded game,
 * the action three steps before the first ball is lost becomes LEFT; every other action stays as
 * recorded. Abduction: the recorded uniforms (exact, the simulator logged them), and the posterior
 * from the observed states alone (each step's uniforms redrawn until they reproduce that step), which
 * is what an observer without the log could say.
 */
export function counterfactualLeft(e: Episode, seed: number, samples = 200): CounterfactualResult {
  const lostAt = e.lostAt[0], changedStep = lostAt - 3;
  const actions = e.actions.slice(0, lostAt + 1);
  const cfActions = actions.slice();
  cfActions[changedStep] = LEFT;
  const cf = replay(e.start, cfActions, e.noise.slice(0, lostAt + 1));
  const next = uniforms(SEEDS.posterior);
  let lost = 0;
  for (let k = 0; k < samples; k++) {
    const noise = actions.map((a, t) => posteriorNoise(e.states[t], a, e.states[t + 1], next));
    if (replay(e.start, cfActions, noise).lostAt.includes(lostAt)) lost++;
  }
  return {
    layout: "standard", seed, lostAt, changedStep, factualAction: e.actions[changedStep],
    lostWithRecordedNoise: cf.lostAt.includes(lostAt), counterfactualLostAt: cf.lostAt.length ? cf.lostAt[0] : -1,
    posteriorLost: lost / samples, posteriorSamples: samples,
    paddleX: { factual: e.states[lostAt + 1].paddleX, counterfactual: cf.states[lostAt + 1].paddleX },
  };
}

const NONE: Contact = { wall: 0, brick: 0, paddle: 0 };
const PADDLE: Contact = { wall: 0, brick: 0, paddle: 1 };
const WALLC: Contact = { wall: 1, brick: 0, paddle: 0 };
/** The recorded game's first ball must be lost after this many steps (so the paddle has been in play). */
export const MIN_FIRST_LOSS = 20;

/** The one-step SCM's root distribution of one cell, as the model file declares it (wall 0.2; brick 0.2 of the rest; paddle p of the rest). */
function cellPrior(paddle: number): [Contact, number][] {
  return [[WALLC, 0.2], [{ wall: 0, brick: 1, paddle: 0 }, 0.8 * 0.2], [PADDLE, 0.8 * 0.8 * paddle], [NONE, 0.8 * 0.8 * (1 - paddle)]];
}

/** P(event) in the one-step SCM by enumeration over its roots and u_bounce, optionally with cells forced (an intervention). */
function enumerate(event: (b: ReturnType<typeof bounceLaw>, vy: number) => boolean, removePaddle = false): number {
  let p = 0;
  for (const vx of [-1, 1] as const) for (const vy of [-1, 1] as const)
    for (const [h, ph] of cellPrior(0.1)) for (const [v0, pv] of cellPrior(0.2)) for (const [d0, pd] of cellPrior(0.2))
      for (const [ub, pu] of [[0, 1 - BOUNCE], [1, BOUNCE]] as const) {
        // do(paddle_v = 0, paddle_d = 0): those cells lose the paddle and keep whatever else they hold.
        const v = removePaddle ? { ...v0, paddle: 0 as const } : v0, d = removePaddle ? { ...d0, paddle: 0 as const } : d0;
        if (event(bounceLaw(vx, vy, h, v, d, ub ? 0 : 1), vy)) p += 0.25 * ph * pv * pd * pu;
      }
  return p;
}

function interventions(e: Episode): InterventionResult {
  // Remove the paddle: move it off the grid (no cell holds it), same actions and noise.
  const noPaddle = cloneState(e.start);
  noPaddle.paddleX = -10;
  const factual = replay(e.start, e.actions, e.noise), intervened = replay(noPaddle, e.actions, e.noise);
  // Remove the first brick the recorded game breaks.
  let brick: [number, number] = [0, 0];
  outer: for (let t = 1; t < e.states.length; t++) for (let i = 0; i < W * 16; i++) if (e.states[t - 1].bricks[i] && !e.states[t].bricks[i]) { brick = [i % W, Math.floor(i / W)]; break outer; }
  const noBrick = cloneState(e.start);
  noBrick.bricks[brick[1] * W + brick[0]] = 0;
  const withoutBrick = replay(noBrick, e.actions, e.noise);
  const bricksBroken = (r: { states: State[] }, s0: State) => s0.bricks.reduce((a, b) => a + b, 0) - r.states[r.states.length - 1].bricks.reduce((a, b) => a + b, 0);
  const flipsV = (b: ReturnType<typeof bounceLaw>, vy: number) => b.vy !== vy;
  const oneStep = [
    { name: "P(the ball turns vertically)", byHand: enumerate(flipsV), library: model.prob((s) => s.vy_next !== s.vy, { method: "exact" }).value },
    { name: "P(the ball turns vertically | do(remove the paddle: paddle_v = paddle_d = 0))", byHand: enumerate(flipsV, true),
      library: model.do({ paddle_v: 0, paddle_d: 0 }).prob((s) => s.vy_next !== s.vy, { method: "exact" }).value },
    { name: "P(vx_next = 1 | do(paddle below: paddle_v = 1), vx = 1, vy = 1, nothing beside)", byHand: 1 - BOUNCE,
      library: model.do({ paddle_v: 1, wall_v: 0, brick_v: 0, wall_h: 0, brick_h: 0, paddle_h: 0 }).condition({ vx: 1, vy: 1 }).prob({ vx_next: 1 }, { method: "exact" }).value },
    // Counterfactual, the noise identified: the paddle below flipped the ball's horizontal direction
    // (vx_next = 0), so u_bounce = 1; had a brick stood there instead, the bounce is deterministic.
    { name: "counterfactual: observed paddle bounce with the flip; P(vx_next = 1) had a brick stood there", byHand: 1,
      library: model.counterfactual({ given: { vx: 1, vy: 1, wall_h: 0, brick_h: 0, paddle_h: 0, wall_v: 0, brick_v: 0, paddle_v: 1, wall_d: 0, brick_d: 0, paddle_d: 0, vx_next: 0, vy_next: 0 }, do: { paddle_v: 0, brick_v: 1 } }).prob({ vx_next: 1 }, { method: "exact" }).value },
    // Counterfactual, the noise not identified: a wall bounce never reads u_bounce, so had the paddle
    // stood there the flip keeps its prior BOUNCE.
    { name: "counterfactual: observed wall bounce; P(vx_next = 0) had the paddle stood there", byHand: BOUNCE,
      library: model.counterfactual({ given: { vx: 1, vy: 1, wall_h: 0, brick_h: 0, paddle_h: 0, wall_v: 1, brick_v: 0, paddle_v: 0, wall_d: 0, brick_d: 0, paddle_d: 0, vx_next: 1, vy_next: 0 }, do: { wall_v: 0, paddle_v: 1 } }).prob({ vx_next: 0 }, { method: "exact" }).value },
    // Remove this brick (the one above a rising ball): it is still there next step only if it was not hit.
    { name: "P(brick_v_next = 1 | brick_v = 1) (a hit brick survives with EPS)", byHand: EPS,
      library: model.condition({ brick_v: 1 }).prob({ brick_v_next: 1 }, { method: "exact" }).value },
  ];
  return {
    removePaddle: { factualLostAt: factual.lostAt[0] ?? -1, intervenedLostAt: intervened.lostAt[0] ?? -1 },
    removeBrick: { brick, factualScore: bricksBroken(factual, e.start), intervenedScore: bricksBroken(withoutBrick, noBrick) },
    oneStep,
  };
}
