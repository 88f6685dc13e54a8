// The public API of Causal Studio's core: named re-exports only.
export { CausalError, error, rangeFromOffsets, positionAt } from "./errors/diagnostic";
export type { Diagnostic, DiagnosticCode, Severity, SourcePosition, SourceRange, TextEdit } from "./errors/diagnostic";
export type { GraphData, GraphNode, GraphEdge, EdgeKind, NodeRole } from "./graph/types";

export { scm, isModel, ScmBuilder } from "./dsl/scm";
export type { Model, VariableInfo, VariableOptions, ParamOptions, Columns, ParamValues } from "./dsl/scm";
export { parentsFromSource, parseParents } from "./dsl/parse-parents";

export { Distribution } from "./distributions/distribution";
export type { NoiseKind, NoiseColumns, ParamSpec } from "./distributions/distribution";
export { isBatchDistribution, BroadcastBatch, FamilyColumns, RowwiseBatch } from "./distributions/batch-distribution";
export type { BatchDistribution, ParamColumn } from "./distributions/batch-distribution";
export { bernoulli, Bernoulli, bernoulliColumns, BernoulliColumns } from "./distributions/bernoulli";
export { categorical, Categorical, categoricalColumns, CategoricalColumns } from "./distributions/categorical";
export { normal, Normal, normalColumns, NormalColumns } from "./distributions/normal";
export { logNormal, LogNormal, logNormalColumns } from "./distributions/log-normal";
export { uniform, Uniform, uniformColumns } from "./distributions/uniform";
export { beta, Beta, betaColumns } from "./distributions/beta";
export { gamma, Gamma, gammaColumns } from "./distributions/gamma";
export { poisson, Poisson, poissonColumns } from "./distributions/poisson";
export { delta, Delta, deltaColumns } from "./distributions/delta";
export { sigmoid } from "./distributions/sigmoid";
// Learnable mechanism families: parents destructured as usual, params declared for the variable (<variable>.coef, ...).
export { linearGaussian } from "./learned/linear-gaussian";
// A linear-Gaussian model's implied means, covariance (the trek rule) and total effects (path tracing), in closed form.
export { linearGaussianMoments, type LinearGaussianMoments } from "./infer/linear-gaussian-moments";
export { logistic } from "./learned/logistic";
export { poissonLogLinear } from "./learned/poisson-log-linear";
export { softmax } from "./learned/softmax";
export { tabular } from "./learned/tabular";
export { mlp, mlpForward, mlpLayers } from "./learned/mlp";
export { imageDecoder, imagePosterior, imageProbabilities } from "./learned/image-decoder";
export type { ImageDecoderOptions, ImageDecoderRecipe } from "./learned/image-decoder";
export type { MlpOptions } from "./learned/mlp";
export type { LearnedMechanism } from "./learned/learned-mechanism";
// The Gumbel-max SCM of a categorical (Oberst & Sontag 2019): sampling, abduction, counterfactuals.
export { gumbelMaxSample, perturbedArgmax, posteriorGumbels, counterfactualCategorical } from "./distributions/gumbel-max";
export { counterfactualCategoricalExact } from "./distributions/gumbel-max-exact";

export { createRng } from "./random/rng";
export type { Rng } from "./random/rng";
export { Runtime } from "./runtime/runtime";
export { runModel } from "./runtime/run-model";
export { FACTUAL } from "./runtime/model-spec";
export type { ModelSpec, VariableSpec, Mechanism, VectorizedMechanism, ParamDecl, LearnedSpec, LearnedFamily, ImageSpec, ImageInput, VectorLatentSpec } from "./runtime/model-spec";
export type { Handler, SiteMessage, SampleMessage, ParamMessage, ParamValue, SiteEffect } from "./runtime/message";
export { ParamStore } from "./runtime/param-store";
export { constraintViolation, describeConstraint, fromUnconstrained, logAbsDetJacobian, toUnconstrained, unconstrainedSize } from "./distributions/constraints";
export type { Constraint } from "./distributions/constraints";
export { sampleEffect } from "./runtime/runtime";
export { SeedHandler, seed } from "./runtime/handlers/seed";
export { TraceHandler, trace } from "./runtime/handlers/trace";
export { ConditionHandler, condition } from "./runtime/handlers/condition";
export { DoHandler, doIntervention } from "./runtime/handlers/do";
export { ReplayHandler, replay } from "./runtime/handlers/replay";
export { BlockHandler, block } from "./runtime/handlers/block";
export { MultiWorldHandler } from "./runtime/handlers/multi-world";
export { NoiseRecordHandler, NoiseReplayHandler, recordNoise, replayNoise } from "./runtime/handlers/noise";
export { ScoreHandler, score } from "./runtime/handlers/score";
export { ReweightHandler, reweight } from "./runtime/handlers/reweight";
export type { LogWeightFn } from "./runtime/handlers/reweight";
export { SubstituteHandler, substitute } from "./runtime/handlers/substitute";
export { MechanismOnlyHandler, conditionalDistributions } from "./runtime/handlers/mechanism-only";
export { logLikelihood } from "./infer/log-likelihood";
export { fitMaximumLikelihood } from "./train/fit";
export type { FitOptions, FitResult } from "./train/fit";
export { trainModel } from "./train/train-model";
export { trainImageModel } from "./train/train-image-model";
export type { ImageData, ImageTrained, TrainImageOptions, TrainImageResult } from "./train/train-image-model";
export { ImageQuery, imageNegativeElbo, imageQuery } from "./query/image-query";
export type { ImageCounterfactual, ImageSamples } from "./query/image-query";
export type { MechanismTrained, TrainBackend, TrainMethod, TrainOptions, TrainProgress, TrainResult } from "./train/train-model";
export type { LogLikelihood, LogLikelihoodOptions, MechanismLogLikelihood, DataColumns, TableLike } from "./infer/log-likelihood";

export type { Estimate } from "./infer/estimate";
// Figures a script returns from `main` ({ figures }): drawn by the run panel and `causal-studio run --plots`.
export { MAX_FIGURE_IMAGE_BYTES, MAX_FIGURE_VALUES } from "./figures/figure";
export type { Figure, FigureAxis, FigureBar, FigureIntervalPoint, FigureMark, FigurePoint, ScriptResult } from "./figures/figure";
export { Query } from "./query/query";
export type { AteSpec } from "./query/query";
export { WorldsQuery, CounterfactualQuery } from "./query/counterfactual";
export type { CounterfactualSpec, WorldValues, WorldsTarget } from "./query/counterfactual";
export type { Assignment, Event, MeanTarget } from "./query/event";
export type { QueryOptions, Method } from "./query/options";
export { answer, answerProgressive } from "./query/answer";
export type { Answer, AnswerOptions, QueryProgress, SpecSource } from "./query/answer";
export { runQueryJob } from "./query/query-job";
export type { AverageTreatmentEffect, NodeSummary, QueryJob, QueryJobResult } from "./query/query-job";
export type { JointQuerySpec, QueryRunOptions, QuerySpec, SingleQuerySpec } from "./query/query-spec";

// Data: tables of typed columns; files are read by DuckDB, loaded only when readTable is called.
export { readTable, dataFormatOf } from "./data/read-table";
export type { ReadTableOptions, DataFormat } from "./data/read-table";
export { tableFromColumns, tableColumn } from "./data/table";
export type { Table, Column, ColumnKind, ColumnInput, NumericColumn, CategoricalColumn, TableFromColumnsOptions } from "./data/table";
export { requireVariation } from "./data/require-variation";
// A data file opened in DuckDB without loading it (fits of linear, logistic and tabular mechanisms run as SQL aggregates over it).
export { openDataSource, memoryDataSource } from "./data/data-source";
export type { DataSource, SourceColumn } from "./data/data-source";
// NumPy arrays: .npy/.npz bytes decoded in core/data (u1/b1 stay bytes), read from disk by core/io.
export { parseNpy } from "./data/parse-npy";
export type { NdArray } from "./data/parse-npy";
export { parseNpz } from "./data/parse-npz";
export type { ParseNpzOptions } from "./data/parse-npz";
export { tableFromNdArray } from "./data/table-from-nd-array";
export { readNpy, readNpz } from "./io/read-npy";

// Graph analysis (pure; works on GraphData from m.graph(), static extraction or parseDagitty).
export {
  CausalGraph, findCycle, dSeparated, impliedIndependencies, minimalAdjustmentSets, adjustmentSetStream, forcedAdjustment, checkAdjustmentSet,
  frontdoorSets, instruments, identify, paths, latentProjection,
  parseDagitty, printDagitty, toDot, toMermaid, dagittyEdgeEdits, parseBif, printBif,
} from "./graph/index";
export type { Independence, AdjustmentCheck, Instrument, GraphPath, Identification, EdgeChange, BifNetwork } from "./graph/index";
// BIF networks as models (their tables are the mechanisms) and discrete models as BIF networks.
export { bifModel } from "./dsl/bif-model";
export { networkToBif } from "./dsl/network-to-bif";
export { randomBifNetwork, type RandomNetworkOptions } from "./graph/bif/random-network";

// Criticism: model checks against data, each a pure function to a typed result with source ranges.
export { localTests } from "./criticism/local-tests";
export type { GraphSource, LocalTestResult, LocalTestsOptions, LocalTestsReport, SkippedImplication } from "./criticism/local-tests";
export { fisherZTest, gTest, residualWilksTest } from "./criticism/ci-tests";
export type { CiMethod, CiOutcome, CiTestResult, EffectSize } from "./criticism/ci-tests";
export { residualChecks } from "./criticism/residuals";
export type { MechanismResiduals, ResidualInput, ResidualTest, ResidualTestKind, ResidualsOptions, ResidualsReport } from "./criticism/residuals";
export { eValue, eValueOfRiskRatio, toRiskRatio } from "./criticism/sensitivity";
export type { EffectMeasure, EValueInput, EValueResult } from "./criticism/sensitivity";
export { dataView } from "./criticism/data-input";
export type { CriticismData, CriticismTable, CriticismRecord, DataColumn, VariableType } from "./criticism/data-input";
export type { Verdict } from "./criticism/verdict";
export { environmentStability } from "./criticism/environment-stability";
export type { EnvironmentFit, EnvironmentStabilityOptions, EnvironmentStabilityReport, MechanismStability } from "./criticism/environment-stability";
export { invariance } from "./criticism/invariance";
export type { InvarianceOptions, InvarianceReport, MechanismInvariance, SubsetInvariance } from "./criticism/invariance";
export { localTestsFromStatistics } from "./criticism/local-tests-sql";
export { environmentStabilityFromStatistics } from "./criticism/environment-stability-sql";
export { reweightingSweep } from "./criticism/reweighting-sweep";
export type { MechanismReweighting, ParentSweep, ReweightingOptions, ReweightingReport, SweepPoint } from "./criticism/reweighting-sweep";
export type { GroupMoments, MomentsRequest, RowWeight, StatisticsProvider } from "./criticism/statistics-provider";
export { openStatistics, statisticsProvider } from "./data/source-statistics";
