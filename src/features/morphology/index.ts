/**
 * Morphological features: IBSI chapter 3.1 (`morphologyFeatures`, family "morph") and PyRadiomics' shape
 * class (`pyradiomicsShape`, family "shape"), with the geometry they are built on.
 */
export { morphologyFeatures, IBSI_MORPHOLOGY_FEATURES } from "./ibsiMorphology";
export type { MorphologyOptions, MorphologyFeatureDefinition } from "./ibsiMorphology";
export { pyradiomicsShape, PYRADIOMICS_SHAPE_FEATURES } from "./pyradiomicsShape";
export { marchingCubes } from "./mesh";
export type { VoxelMesh } from "./mesh";
export { spatialAutocorrelation, spatialAutocorrelationDirect } from "./spatialAutocorrelation";
export type { SpatialAutocorrelation, SpatialAutocorrelationOptions, MaskedIntensities } from "./spatialAutocorrelation";
export { FftPlan, fft3d, fftSize } from "./fft";
