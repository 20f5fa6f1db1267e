/**
 * Statistics layer: distributions, multiple testing, association tests, correlation maps, clustering,
 * metagenes, harmonisation (ComBat) and reliability (ICC, CCC).
 */
export * as distributions from "./distributions";
export {
  normalCdf, normalSf, normalQuantile, normalPdf, studentTCdf, studentTSf, studentTQuantile, studentTTwoSided, studentTPdf,
  chiSquareCdf, chiSquareSf, chiSquareQuantile, chiSquareIsf, chiSquarePdf, fCdf, fSf, fQuantile, fIsf,
  gammaP, gammaQ, gammaPInv, betaInc, betaIncUpper, betaIncInv, logGamma, logBeta, erf, erfc,
} from "./distributions";
export { adjustPValues, ADJUST_METHODS, type AdjustMethod } from "./adjust";
export { rankAverage, type Ranking } from "./rank";
export { mannWhitneyU, mannWhitneyExactSf, type MannWhitneyOptions, type MannWhitneyResult, type Alternative } from "./mannWhitney";
export { tTest, type TTestOptions, type TTestResult } from "./tTest";
export { chiSquareTest, fisherExact, crossTabulate, type ChiSquareResult, type FisherResult, type CrossTable } from "./contingency";
export { oneWayAnova, kruskalWallis, type AnovaResult, type KruskalResult } from "./anova";
export { correlation, correlationPValue, kendallTau, CORRELATION_METHODS, type CorrelationMethod, type CorrelationResult } from "./correlation";
export {
  correlationMap, isVariableBlock, type CorrelationMapOptions, type CorrelationMapResult, type CorrelationRow, type VariableBlock, type MapInput,
  type JoinReport as MapJoinReport,
} from "./correlationMap";
export { hclust, correlationDistances, leafOrder, condensedIndex, LINKAGES, type Linkage, type Dendrogram } from "./cluster";
export { geneSetScores, metagenes, type GeneSetMethod, type GeneSetOptions, type GeneSetScores } from "./metagene";
export { testFeatures, type FeatureTestOptions, type FeatureTestResult, type FeatureTestRow, type FeatureTestName } from "./featureTests";
export { combat, type CombatOptions, type CombatResult } from "./combat";
export {
  icc, iccFromMatrix, concordance, robustFeatures, ICC_TYPES, type IccType, type IccRow, type IccResult, type IccOptions,
  type ConcordanceResult, type RobustFeatureOptions, type RobustFeatureResult,
} from "./reliability";
