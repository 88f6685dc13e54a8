/**
 * The parallel bandit of Lattimore, Lattimore & Reid (NeurIPS 2016, section 5): N = 50 independent
 * binary causes X1..X50, X_i ~ Bernoulli(q_i), all parents of a binary reward Y. The actions are the
 * K = 2N + 1 = 101 interventions do(X_i = j) and the empty do() (arms.ts lists them).
 *
 * The paper's environment ("part balanced" q): q_i = 0 for the first m causes and 0.5 for the rest,
 * P(Y = 1 | X) = 0.5 + eps if X1 = 1, else 0.5 - eps * q1 / (1 - q1) (= 0.5, as q1 = 0). So do(X1 = 1)
 * is the one best arm (reward 0.5 + eps) and every other arm pays 0.5. Y reads all fifty causes (the
 * parallel graph) although only X1 moves it.
 *
 * `parallelBandit({ m, epsilon })` builds the model for any m in 1..49 and eps in (0, 0.5); the default
 * export (m = 2, eps = 0.3) is what the editor draws: open this file and Show DAG.
 */
import { bernoulli, scm } from "causal-studio";

export const N = 50;

export interface ParallelOptions {
  /** How many causes are never set by nature (q_i = 0 for i <= m); the rest have q_i = 0.5. */
  m: number;
  /** The gap of the best arm do(X1 = 1) over every other arm. */
  epsilon: number;
}

/** q_i = 0 for the first m causes, 0.5 for the other N - m. */
export function partBalancedQ(m: number, n = N): number[] {
  return Array.from({ length: n }, (_, i) => (i < m ? 0 : 0.5));
}

/** P(Y = 1 | X1 = x1) in the paper's environment; the other causes do not enter. */
export function rewardProbability(x1: number, q1: number, epsilon: number): number {
  return x1 === 1 ? 0.5 + epsilon : 0.5 - (epsilon * q1) / (1 - q1);
}

export function parallelBandit({ m, epsilon }: ParallelOptions) {
  if (!(Number.isInteger(m) && m >= 1 && m < N)) throw new Error(`m must be an integer in 1..${N - 1}, got ${m}`);
  if (!(epsilon > 0 && epsilon < 0.5)) throw new Error(`epsilon must lie in (0, 0.5), got ${epsilon}`);
  const q = partBalancedQ(m);
  return scm(`parallel bandit (N = ${N}, m = ${m}, eps = ${epsilon})`)
    .variable("X1", () => bernoulli(q[0]))
    .variable("X2", () => bernoulli(q[1]))
    .variable("X3", () => bernoulli(q[2]))
    .variable("X4", () => bernoulli(q[3]))
    .variable("X5", () => bernoulli(q[4]))
    .variable("X6", () => bernoulli(q[5]))
    .variable("X7", () => bernoulli(q[6]))
    .variable("X8", () => bernoulli(q[7]))
    .variable("X9", () => bernoulli(q[8]))
    .variable("X10", () => bernoulli(q[9]))
    .variable("X11", () => bernoulli(q[10]))
    .variable("X12", () => bernoulli(q[11]))
    .variable("X13", () => bernoulli(q[12]))
    .variable("X14", () => bernoulli(q[13]))
    .variable("X15", () => bernoulli(q[14]))
    .variable("X16", () => bernoulli(q[15]))
    .variable("X17", () => bernoulli(q[16]))
    .variable("X18", () => bernoulli(q[17]))
    .variable("X19", () => bernoulli(q[18]))
    .variable("X20", () => bernoulli(q[19]))
    .variable("X21", () => bernoulli(q[20]))
    .variable("X22", () => bernoulli(q[21]))
    .variable("X23", () => bernoulli(q[22]))
    .variable("X24", () => bernoulli(q[23]))
    .variable("X25", () => bernoulli(q[24]))
    .variable("X26", () => bernoulli(q[25]))
    .variable("X27", () => bernoulli(q[26]))
    .variable("X28", () => bernoulli(q[27]))
    .variable("X29", () => bernoulli(q[28]))
    .variable("X30", () => bernoulli(q[29]))
    .variable("X31", () => bernoulli(q[30]))
    .variable("X32", () => bernoulli(q[31]))
    .variable("X33", () => bernoulli(q[32]))
    .variable("X34", () => bernoulli(q[33]))
    .variable("X35", () => bernoulli(q[34]))
    .variable("X36", () => bernoulli(q[35]))
    .variable("X37", () => bernoulli(q[36]))
    .variable("X38", () => bernoulli(q[37]))
    .variable("X39", () => bernoulli(q[38]))
    .variable("X40", () => bernoulli(q[39]))
    .variable("X41", () => bernoulli(q[40]))
    .variable("X42", () => bernoulli(q[41]))
    .variable("X43", () => bernoulli(q[42]))
    .variable("X44", () => bernoulli(q[43]))
    .variable("X45", () => bernoulli(q[44]))
    .variable("X46", () => bernoulli(q[45]))
    .variable("X47", () => bernoulli(q[46]))
    .variable("X48", () => bernoulli(q[47]))
    .variable("X49", () => bernoulli(q[48]))
    .variable("X50", () => bernoulli(q[49]))
    // Y reads every cause (the parallel graph); only X1 changes its law.
    .variable("Y", ({ X1, X2, X3, X4, X5, X6, X7, X8, X9, X10, X11, X12, X13, X14, X15, X16, X17, X18, X19, X20, X21, X22, X23, X24, X25, X26, X27, X28, X29, X30, X31, X32, X33, X34, X35, X36, X37, X38, X39, X40, X41, X42, X43, X44, X45, X46, X47, X48, X49, X50 }) => bernoulli(rewardProbability(X1, q[0], epsilon)));
}

export default parallelBandit({ m: 2, epsilon: 0.3 });
