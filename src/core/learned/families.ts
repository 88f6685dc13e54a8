/** Every learnable family, by the name LearnedSpec.family carries. */
import type { LearnedFamily } from "../runtime/model-spec";
import type { FamilyDefinition } from "./learned-mechanism";
import { LINEAR_GAUSSIAN } from "./linear-gaussian";
import { LOGISTIC } from "./logistic";
import { MLP } from "./mlp";
import { POISSON } from "./poisson-log-linear";
import { SOFTMAX } from "./softmax";
import { TABULAR } from "./tabular";

export const FAMILIES: Record<LearnedFamily, FamilyDefinition> = {
  "linear-gaussian": LINEAR_GAUSSIAN, logistic: LOGISTIC, poisson: POISSON, softmax: SOFTMAX, tabular: TABULAR, mlp: MLP,
};
