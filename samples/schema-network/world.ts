/**
 * Mini-Breakout as an object-oriented MDP (after Kansky et al., ICML 2017, §3.2): a 12 × 16 grid of
 * cells, each holding entities with binary attributes (wall, brick, paddle, and the ball with its
 * direction of motion: ball_UL, ball_UR, ball_DL, ball_DR). Actions LEFT, STAY, RIGHT move the
 * paddle (three cells wide). The transition is a set of LAWS, each a plain function you can read and
 * edit here (the OneLife spirit: a precondition on the neighbouring entities and the action, then an
 * effect):
 *
 *   paddleLaw   LEFT/RIGHT moves the paddle one cell unless a wall is in the way; the move slips
 *               (the paddle stays) with probability EPS — the schema's output flipped by noise.
 *   bounceLaw   the ball looks at the cells beside it (h), above/below it (v) and diagonally ahead (d)
 *               in its direction of motion: a solid h reverses vx, a solid v reverses vy, a solid d
 *               alone (a corner) reverses both. Deterministic off walls and bricks; after a contact
 *               with the paddle's face (v or d is paddle) the horizontal direction is flipped once
 *               more with probability BOUNCE (the stochastic bounce angle, after schema-games'
 *               BOUNCE_STOCHASTICITY = 0.25).
 *   moveLaw     the ball moves one cell diagonally in its new direction unless that cell is solid
 *               (then it stays with the new direction); below the bottom row it is lost (reward −1).
 *   brickLaw    a brick the ball hit (h, v or d) is removed (reward +1), except with probability EPS.
 *   respawnLaw  a lost ball reappears on row SPAWN_ROW at a uniformly drawn column, moving down.
 *
 * Every step draws the same six uniforms (NOISE_NAMES) whether or not a law reads them, so a
 * trajectory's noise can be recorded and replayed exactly: the counterfactual machinery.
 */
export const W = 12;
export const H = 16;
export const EPS = 0.01;
export const BOUNCE = 0.25;
export const SPAWN_ROW = 6;
export const BRICK_ROWS = [2, 3, 4] as const;

export const ACTIONS = ["LEFT", "STAY", "RIGHT"] as const;
export type Action = 0 | 1 | 2;
export const LEFT: Action = 0, STAY: Action = 1, RIGHT: Action = 2;

/** Attribute indices of a cell. */
export const ATTRS = ["wall", "brick", "paddle", "ball_UL", "ball_UR", "ball_DL", "ball_DR"] as const;
export const A = ATTRS.length;
export const WALL = 0, BRICK = 1, PADDLE = 2, BALL0 = 3;
/** The ball attribute for a direction: UL, UR, DL, DR. */
export const ballAttr = (vx: number, vy: number) => BALL0 + (vy > 0 ? 2 : 0) + (vx > 0 ? 1 : 0);

export type LayoutName = "standard" | "middle_wall" | "offset_paddle";
export const LAYOUTS: LayoutName[] = ["standard", "middle_wall", "offset_paddle"];
export const LAYOUT_TITLES: Record<LayoutName, string> = { standard: "Standard", middle_wall: "Middle Wall", offset_paddle: "Offset Paddle" };

export interface Layout {
  name: LayoutName;
  /** 1 where a wall stands (row-major, y * W + x). */
  walls: Uint8Array;
  paddleRow: number;
}

/** Walls on the left, right and top edges; Middle Wall adds a segment on row 9, columns 4–7; Offset Paddle raises the paddle row from 14 to 11. */
export function layout(name: LayoutName): Layout {
  const walls = new Uint8Array(W * H);
  for (let y = 0; y < H; y++) { walls[y * W] = 1; walls[y * W + W - 1] = 1; }
  for (let x = 0; x < W; x++) walls[x] = 1;
  if (name === "middle_wall") for (let x = 4; x <= 7; x++) walls[9 * W + x] = 1;
  return { name, walls, paddleRow: name === "offset_paddle" ? 11 : 14 };
}

export interface Ball { x: number; y: number; vx: -1 | 1; vy: -1 | 1 }
export interface State {
  layout: Layout;
  bricks: Uint8Array;
  /** The paddle's leftmost cell (it covers paddleX .. paddleX + 2 on the layout's paddle row). */
  paddleX: number;
  ball: Ball | null;
}

export const fullBricks = () => {
  const b = new Uint8Array(W * H);
  for (const y of BRICK_ROWS) for (let x = 1; x < W - 1; x++) b[y * W + x] = 1;
  return b;
};

export function initialState(l: Layout, ballX = 5, vx: -1 | 1 = 1): State {
  return { layout: l, bricks: fullBricks(), paddleX: 4, ball: { x: ballX, y: SPAWN_ROW, vx, vy: 1 } };
}

export const cloneState = (s: State): State => ({ layout: s.layout, bricks: s.bricks.slice(), paddleX: s.paddleX, ball: s.ball && { ...s.ball } });

/** What stands in a cell, as the laws see it. Off the grid (below the bottom row) nothing is there. */
export interface Contact { wall: 0 | 1; brick: 0 | 1; paddle: 0 | 1 }
export function contactAt(s: State, x: number, y: number): Contact {
  if (x < 0 || x >= W || y < 0 || y >= H) return { wall: 0, brick: 0, paddle: 0 };
  const i = y * W + x;
  const paddle = y === s.layout.paddleRow && x >= s.paddleX && x < s.paddleX + 3 ? 1 : 0;
  return { wall: s.layout.walls[i] as 0 | 1, brick: s.bricks[i] as 0 | 1, paddle };
}
export const solid = (c: Contact) => c.wall === 1 || c.brick === 1 || c.paddle === 1;

/** The per-step noise: six uniforms on [0, 1), drawn every step in this order. */
export const NOISE_NAMES = ["paddle", "bounce", "brickH", "brickV", "brickD", "respawn"] as const;
export type Noise = Record<(typeof NOISE_NAMES)[number], number>;
export const drawNoise = (next: () => number): Noise => ({ paddle: next(), bounce: next(), brickH: next(), brickV: next(), brickD: next(), respawn: next() });

// ---------------------------------------------------------------- the laws

/** Law: the paddle's new leftmost cell. Precondition: the action and a free cell on that side. */
export function paddleLaw(paddleX: number, action: Action, wallLeft: boolean, wallRight: boolean, u: number): number {
  if (u < EPS) return paddleX; // the schema's effect flipped off: the move slips
  if (action === LEFT && !wallLeft) return paddleX - 1;
  if (action === RIGHT && !wallRight) return paddleX + 1;
  return paddleX;
}

export interface Bounce { vx: -1 | 1; vy: -1 | 1; hitH: boolean; hitV: boolean; hitD: boolean; paddleContact: boolean }
/** Law: the ball's new direction from what stands beside it (h), above/below it (v) and diagonally ahead (d). */
export function bounceLaw(vx: -1 | 1, vy: -1 | 1, h: Contact, v: Contact, d: Contact, u: number): Bounce {
  const hitH = solid(h), hitV = solid(v), hitD = !hitH && !hitV && solid(d);
  let nvx: -1 | 1 = hitH || hitD ? (-vx as -1 | 1) : vx;
  const nvy: -1 | 1 = hitV || hitD ? (-vy as -1 | 1) : vy;
  const paddleContact = (hitV && v.paddle === 1) || (hitD && d.paddle === 1);
  if (paddleContact && u < BOUNCE) nvx = -nvx as -1 | 1;
  return { vx: nvx, vy: nvy, hitH, hitV, hitD, paddleContact };
}

/** Law: a brick that was hit is removed, except with probability EPS. */
export const brickLaw = (brick: 0 | 1, hit: boolean, u: number): 0 | 1 => (brick === 1 && hit && u >= EPS ? 0 : brick);

/** Law: where a lost ball reappears (row SPAWN_ROW, columns 2–9, moving down; the horizontal direction from the same uniform). */
export function respawnLaw(u: number): Ball {
  const k = Math.min(15, Math.floor(u * 16));
  return { x: 2 + (k >> 1), y: SPAWN_ROW, vx: k & 1 ? 1 : -1, vy: 1 };
}

export interface StepResult { state: State; reward: number; bricks: number; lost: boolean; bounce: Bounce | null }

/** One step: every law reads the state at t; the paddle and the ball move simultaneously. */
export function step(s: State, action: Action, u: Noise): StepResult {
  const l = s.layout, bricks = s.bricks.slice();
  const wallLeft = l.walls[l.paddleRow * W + s.paddleX - 1] === 1, wallRight = l.walls[l.paddleRow * W + s.paddleX + 3] === 1;
  const paddleX = paddleLaw(s.paddleX, action, wallLeft, wallRight, u.paddle);
  if (!s.ball) return { state: { layout: l, bricks, paddleX, ball: respawnLaw(u.respawn) }, reward: 0, bricks: 0, lost: false, bounce: null };
  const { x, y, vx, vy } = s.ball;
  const h = contactAt(s, x + vx, y), v = contactAt(s, x, y + vy), d = contactAt(s, x + vx, y + vy);
  const b = bounceLaw(vx, vy, h, v, d, u.bounce);
  let broken = 0;
  const hit = (cx: number, cy: number, c: Contact, isHit: boolean, uu: number) => {
    if (c.brick && brickLaw(1, isHit, uu) === 0) { bricks[cy * W + cx] = 0; broken++; }
  };
  hit(x + vx, y, h, b.hitH, u.brickH);
  hit(x, y + vy, v, b.hitV, u.brickV);
  hit(x + vx, y + vy, d, b.hitD, u.brickD);
  const tx = x + b.vx, ty = y + b.vy;
  if (ty >= H) return { state: { layout: l, bricks, paddleX, ball: null }, reward: broken - 1, bricks: broken, lost: true, bounce: b };
  const blocked = solid(contactAt(s, tx, ty));
  const ball: Ball = blocked ? { x, y, vx: b.vx, vy: b.vy } : { x: tx, y: ty, vx: b.vx, vy: b.vy };
  return { state: { layout: l, bricks, paddleX, ball }, reward: broken, bricks: broken, lost: false, bounce: b };
}

/** The state as an attribute grid: A binary attributes per cell, cell-major ((y * W + x) * A + attribute). */
export function encode(s: State): Uint8Array {
  const g = new Uint8Array(W * H * A);
  for (let i = 0; i < W * H; i++) { g[i * A + WALL] = s.layout.walls[i]; g[i * A + BRICK] = s.bricks[i]; }
  for (let k = 0; k < 3; k++) g[(s.layout.paddleRow * W + s.paddleX + k) * A + PADDLE] = 1;
  if (s.ball) g[(s.ball.y * W + s.ball.x) * A + ballAttr(s.ball.vx, s.ball.vy)] = 1;
  return g;
}

/** A small seeded generator (mulberry32), so the world needs nothing but itself. */
export function uniforms(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random start for logging: each brick alive with probability 0.7, the ball on a random free cell of rows 1–12 with a random direction, the paddle anywhere. */
export function randomStart(l: Layout, next: () => number): State {
  const bricks = fullBricks();
  for (let i = 0; i < W * H; i++) if (bricks[i] && next() < 0.3) bricks[i] = 0;
  const paddleX = 1 + Math.floor(next() * (W - 4));
  for (;;) {
    const x = 1 + Math.floor(next() * (W - 2)), y = 1 + Math.floor(next() * 12);
    const vx: -1 | 1 = next() < 0.5 ? -1 : 1, vy: -1 | 1 = next() < 0.5 ? -1 : 1;
    if (!l.walls[y * W + x] && !bricks[y * W + x] && y !== l.paddleRow) return { layout: l, bricks, paddleX, ball: { x, y, vx, vy } };
  }
}

/** One logged step: the attribute grids before and after, the action, and whether the ball touched the paddle's face (the one stochastic law). */
export interface Transition { before: Uint8Array; action: Action; after: Uint8Array; paddleContact: boolean }

/**
 * `count` steps under the uniformly random policy: episodes from randomStart that end when the ball
 * is lost (that last step, the ball leaving the grid, is included) or after 60 steps.
 */
export function randomPolicySteps(l: Layout, count: number, seed: number, visit: (s: State, action: Action, r: StepResult) => void): void {
  const next = uniforms(seed);
  let n = 0;
  while (n < count) {
    let s = randomStart(l, next);
    for (let t = 0; t < 60 && n < count; t++, n++) {
      const action = Math.min(2, Math.floor(next() * 3)) as Action;
      const r = step(s, action, drawNoise(next));
      visit(s, action, r);
      if (r.lost) { n++; break; }
      s = r.state;
    }
  }
}

/** The same steps as attribute grids. */
export function logTransitions(l: Layout, count: number, seed: number): Transition[] {
  const out: Transition[] = [];
  randomPolicySteps(l, count, seed, (s, action, r) => out.push({ before: encode(s), action, after: encode(r.state), paddleContact: r.bounce?.paddleContact ?? false }));
  return out;
}
