/**
 * What every closed-form fitter takes and returns. A fitter learns one mechanism's params from a
 * DataSource by sufficient statistics (core/data/sufficient-statistics.ts) — never holding the
 * rows — and reports its params keyed by the LearnedSpec's param names, their standard errors,
 * the mean negative log-likelihood per row at the end, its iterations and whether it converged.
 */
import type { DataSource } from "../../data/data-source";
import type { FeatureColumns, MomentMatrix } from "../../data/sufficient-statistics";
import { CausalError, error } from "../../errors/diagnostic";
import type { ParamValue } from "../../runtime/message";
import type { LearnedSpec } from "../../runtime/model-spec";

export interface ClosedFormInput {
  variable: string;
  /** The variable's declared parents (what computed features read). */
  parents: readonly string[];
  learned: LearnedSpec;
  source: DataSource;
  /** Force the SQL or the streamed path (tests compare them). */
  path?: "sql" | "scan";
  maxIterations?: number;
  /** After each iteration, with the mean negative log-likelihood per row; return true to stop. */
  onIteration?: (iteration: number, loss: number) => boolean | void;
  /** Shared statistics: the moment matrix of many columns (trainModel computes it once for all linear mechanisms). */
  moments?: MomentMatrix;
}

export interface ClosedFormResult {
  params: Record<string, ParamValue>;
  standardErrors: Record<string, number | Float64Array>;
  /** Mean negative log-likelihood per row at the fitted params. */
  loss: number;
  rows: number;
  iterations: number;
  converged: boolean;
  method: "closed form" | "IRLS" | "counts";
  /** Things a user should know (a parent configuration never seen, ...). */
  warnings: string[];
}

export type ClosedFormFitter = (input: ClosedFormInput) => Promise<ClosedFormResult>;

export function featureColumns(input: ClosedFormInput): FeatureColumns {
  return { child: input.variable, featureParents: input.learned.featureParents, parents: input.parents, featuresOf: (row) => input.learned.featuresOf(row) };
}

/** Every feature that is a column must vary (a constant one is the intercept again). */
export async function requireVaryingFeatures(input: ClosedFormInput, family: string): Promise<void> {
  const cols = [...new Set(input.learned.featureParents.filter((p): p is string => p !== undefined))];
  await input.source.requireVariation(cols, (n) => `the ${family} mechanism of "${input.variable}" needs "${n}" to vary (a constant feature is the intercept again)`);
}

export function paramName(input: ClosedFormInput, role: "coef" | "sd" | "cpt"): string {
  const name = input.learned.params[role];
  if (!name) throw new CausalError(error("internal", `the ${input.learned.family} mechanism of "${input.variable}" has no "${role}" param`));
  return name;
}

export function singular(input: ClosedFormInput, what: string): CausalError {
  const where = input.source.source ? ` in ${input.source.source}` : "";
  const features = input.learned.features.join(", ") || "none";
  return new CausalError(error("invalid-data",
    `the ${input.learned.family} mechanism of "${input.variable}": ${what}${where}; the features (${features}) are collinear or too few rows vary. Drop a feature or add rows.`));
}

/** Every value of column `name` is a level index 0..levels-1; `of` says whose (for the message). */
export async function requireLevels(source: DataSource, name: string, levels: number, of: string): Promise<void> {
  await source.requireValues(name, {
    valid: (v) => Number.isInteger(v) && v >= 0 && v < levels,
    sqlInvalid: `v < 0 OR v >= ${levels} OR v <> floor(v)`,
    what: (v) => `${v} in ${of}, which has ${levels} levels (0..${levels - 1})`,
  });
}
