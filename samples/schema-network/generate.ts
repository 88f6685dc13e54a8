/**
 * Writes the diagnostics' data, the one-step SCM's observed variables as 0/1 columns:
 *   data.csv  ROWS draws of the one-step SCM itself (ball-step.causal.ts; the latent noise bits left out)
 *   game.csv  ROWS steps of the simulated game (random policy, Standard layout), each step's ball
 *             neighbourhood read off the state and its next direction and bricks off the next state
 *             (steps without a ball, or where it leaves the grid, are skipped)
 *   causal-studio run samples/schema-network/generate.ts
 *   causal-studio diagnose samples/schema-network/ball-step.causal.ts --data samples/schema-network/data.csv
 *   causal-studio diagnose samples/schema-network/ball-step.causal.ts --data samples/schema-network/game.csv
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import model from "./ball-step.causal";
import { W, contactAt, layout, randomPolicySteps } from "./world";

export const SEED = 18;
export const ROWS = 3000;
export const GAME_SEED = 1818;

/** The CSV's lines (header first). */
export function dataLines(rows = ROWS, seed = SEED): string[] {
  const s = model.sample(rows, { seed });
  const cols = COLUMNS();
  const lines = [cols.join(",")];
  for (let i = 0; i < rows; i++) lines.push(cols.map((c) => String(s[c][i])).join(","));
  return lines;
}

const COLUMNS = () => model.variables.filter((v) => !v.latent).map((v) => v.name);

/** game.csv's lines (header first): the simulator's steps in the one-step SCM's variables. */
export function gameLines(rows = ROWS, seed = GAME_SEED): string[] {
  const lines = [COLUMNS().join(",")];
  randomPolicySteps(layout("standard"), 100 * rows, seed, (s, _a, r) => {
    if (lines.length > rows || !s.ball || r.lost || !r.bounce) return;
    const { x, y, vx, vy } = s.ball;
    const cells = [[x + vx, y], [x, y + vy], [x + vx, y + vy]];
    const [h, v, d] = cells.map(([cx, cy]) => contactAt(s, cx, cy));
    const kept = cells.map(([cx, cy]) => (r.state.bricks[cy * W + cx] ?? 0));
    const row: Record<string, number> = {
      vx: vx > 0 ? 1 : 0, vy: vy > 0 ? 1 : 0,
      wall_h: h.wall, brick_h: h.brick, paddle_h: h.paddle, wall_v: v.wall, brick_v: v.brick, paddle_v: v.paddle, wall_d: d.wall, brick_d: d.brick, paddle_d: d.paddle,
      vx_next: r.bounce.vx > 0 ? 1 : 0, vy_next: r.bounce.vy > 0 ? 1 : 0, brick_h_next: kept[0], brick_v_next: kept[1], brick_d_next: kept[2],
    };
    lines.push(COLUMNS().map((c) => String(row[c])).join(","));
  });
  return lines;
}

export function main(): void {
  writeFileSync(join(__dirname, "data.csv"), dataLines().join("\n") + "\n");
  writeFileSync(join(__dirname, "game.csv"), gameLines().join("\n") + "\n");
  console.log(`wrote data.csv (${ROWS} draws of the SCM, seed ${SEED}) and game.csv (${ROWS} game steps, seed ${GAME_SEED}) in ${__dirname}`);
}
