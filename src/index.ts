/**
 * radiogx — radiomics and radiogenomics for Jupyter, in TypeScript.
 *
 * Layers (imports go downward only): io → preprocess → features → extract → cohort → stats / models /
 * survival → plots. Heavy dependencies (danfo.js) load lazily, inside the functions that need them.
 */
export { RadiogxError, isRadiogxError, type RadiogxErrorCode } from "./errors";
export { createVolume, checkGeometry, selectLabel, maskLabels, indexToWorld, worldToIndex, voxelCount, type Volume, type Vec3, type VoxelArray, type GeometryTolerance } from "./io/volume";
export { readImage } from "./io/read";
export { readNifti, decodeNifti } from "./io/nifti";
export { readNrrd } from "./io/nrrd";
export { writeNifti, writeNrrd, encodeNifti } from "./io/write";
export { prepareRoi, boundingBox, type PrepareOptions, type PrepareDiagnostics } from "./preprocess/prepare";
export { ibsiGrid, cornerAlignedGrid, sampleBlock, type Grid, type InterpolatorName } from "./preprocess/resample";
export { discretise, type DiscretiseOptions } from "./preprocess/discretise";
export { AGGREGATIONS, aggregationSuffix, type AggregationName, type FeatureValue, type FeatureFamily, type PreparedRoi, type DiscretisedImage } from "./features/types";
export { readParams, validateParams, validateSettings, settingsFor, type Params, type Settings, type Conventions } from "./settings/params";
export { extract, extractAsync, extractFromFiles, extractFromFilesAsync, resolveSettings, featureRecord, type ExtractionResult, type ExtractedFeature, type FailedFeature, type ResolvedSettings } from "./extract";
export { syntheticTumour, ctSizedCase, type SyntheticTumourOptions, type SyntheticCase } from "./phantom/synthetic";
export { Random } from "./phantom/random";
export {
  syntheticCohort, writeCohort, resolveCohortOptions,
  type SyntheticCohort, type SyntheticCohortOptions, type SyntheticPatient, type SyntheticExpression, type CohortTruth, type GeneTruth,
  type LatentFactor, type HazardRatios, type ImagingEffects, type ScannerEffect, type WrittenCohort, type ResolvedCohortOptions,
} from "./phantom/cohort";
export { cohortFiles, TUTORIAL_COHORT, TUTORIAL_PARAMS } from "./phantom/tutorial";
export { loadIbsiReference, isCompliant, roundSignificant, type ReferenceValue } from "./conformance/reference";
export { runConformance, formatCompliance, type ComplianceReport } from "./conformance/run";
export { localIntensityFeatures, localPeakMap, LOCAL_INTENSITY, LOCAL_INTENSITY_RADIUS_MM, type LocalIntensityOptions } from "./features/localIntensity";
export { intensityStatisticsFeatures, INTENSITY_STATISTICS, percentileSorted } from "./features/intensityStatistics";
export { intensityHistogramFeatures, INTENSITY_HISTOGRAM, greyLevelHistogram } from "./features/intensityHistogram";
export { intensityVolumeHistogramFeatures, intensityVolumeHistogram, INTENSITY_VOLUME_HISTOGRAM, type IvhOptions } from "./features/intensityVolumeHistogram";
export { firstorderFeatures, FIRSTORDER, type FirstorderOptions } from "./features/pyradiomics/firstorder";
export { glcmFeatures, GLCM_FEATURES, type GlcmOptions } from "./features/texture/glcm";
export { glrlmFeatures, GLRLM_FEATURES, type GlrlmOptions } from "./features/texture/glrlm";
export { glszmFeatures, GLSZM_FEATURES, type GlszmOptions } from "./features/texture/glszm";
export { gldzmFeatures, GLDZM_FEATURES, type GldzmOptions } from "./features/texture/gldzm";
export { ngtdmFeatures, NGTDM_FEATURES, type NgtdmOptions } from "./features/texture/ngtdm";
export { ngldmFeatures, NGLDM_FEATURES, type NgldmOptions } from "./features/texture/ngldm";
export { DIRECTIONS_3D, DIRECTIONS_2D, type Offset } from "./features/texture/directions";
export { pyradiomicsGlcmFeatures, PYRADIOMICS_GLCM_FEATURES, type PyradiomicsTextureOptions, type WeightingNorm } from "./features/pyradiomics/glcm";
export { pyradiomicsGlrlmFeatures, PYRADIOMICS_GLRLM_FEATURES } from "./features/pyradiomics/glrlm";
export { pyradiomicsGlszm, PYRADIOMICS_GLSZM_FEATURES } from "./features/pyradiomics/glszm";
export { pyradiomicsGldm, PYRADIOMICS_GLDM_FEATURES } from "./features/pyradiomics/gldm";
export { pyradiomicsNgtdm, PYRADIOMICS_NGTDM_FEATURES } from "./features/pyradiomics/ngtdm";
export { FAMILIES, type FamilyContext } from "./features/families";
export { morphologyFeatures, IBSI_MORPHOLOGY_FEATURES, pyradiomicsShape, PYRADIOMICS_SHAPE_FEATURES, marchingCubes, spatialAutocorrelation, type MorphologyOptions } from "./features/morphology";
export {
  filteredImages, iterateFilteredImages, logFilter, waveletFilter, WAVELET_NAMES, squareFilter, squareRootFilter, logarithmFilter,
  exponentialFilter, gradientFilter, lbp2DFilter, lbp3DFilter, cropToMask,
  type FilteredImage, type FilteredImagesOptions, type SkippedImage, type WaveletOptions, type WaveletBand, type Lbp2DOptions, type Lbp3DOptions,
} from "./filters";
export * from "./cohort";
export * from "./stats";
export * from "./models";
export * from "./survival";
export * from "./plots";
// Two results share a name: Harrell's C (survival) keeps it; Lin's concordance correlation is renamed.
export type { ConcordanceResult } from "./survival";
export type { ConcordanceResult as LinConcordanceResult } from "./stats";
