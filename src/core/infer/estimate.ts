/** The result of every query: a value with its standard error (0 when exact) and how it was got. */
export interface Estimate {
  value: number;
  standardError: number;
  method: string;
  samples?: number;
  effectiveSampleSize?: number;
  /** Variable elimination: the entries of the largest table its order built (the cost of an exact answer). */
  largestTable?: number;
}

/** A reader of one (world, variable) value: what query targets are computed from. */
export type Reader = (world: string, name: string) => number;
export type Target = (read: Reader) => number;
