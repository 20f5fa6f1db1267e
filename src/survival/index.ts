// Public API of the survival layer.
export { kaplanMeier, type KaplanMeierResult, type KaplanMeierOptions, type KaplanMeierConfType } from "./kaplanMeier";
export { logRankTest, type LogRankResult, type LogRankOptions, type LogRankWeights } from "./logRank";
export { coxPH, type CoxResult, type CoxOptions, type CoxCoefficient, type CoxSummaryRow, type CoxTies, type BaselineHazard, type ChiSquareTest } from "./cox";
export { concordanceIndex, type ConcordanceResult, type ConcordanceOptions } from "./concordance";
export { timeDependentAuc, type TimeDependentAucResult, type TimeDependentAucOptions } from "./timeDependentAuc";
export { riskGroups, type RiskGroupsResult, type RiskGroupOptions } from "./riskGroups";
