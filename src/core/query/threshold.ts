/**
 * Threshold events on one target: P(Y > c), P(Y >= c), P(Y < c), P(Y <= c). A query spec carries
 * one as `threshold: { op, value }` (the CLI's `--target "wage>30"`, the panel's "P(target > c)");
 * answer() estimates the event's probability with the query's do, evidence and worlds.
 */
export type ThresholdOp = ">" | ">=" | "<" | "<=";

export interface Threshold {
  op: ThresholdOp;
  value: number;
}

export const THRESHOLD_OPS: readonly ThresholdOp[] = [">", ">=", "<", "<="];

/** Whether x satisfies the threshold. */
export function holds(x: number, t: Threshold): boolean {
  switch (t.op) {
    case ">": return x > t.value;
    case ">=": return x >= t.value;
    case "<": return x < t.value;
    case "<=": return x <= t.value;
  }
}
