/**
 * Image filters (PyRadiomics `imageType`): Laplacian of Gaussian, undecimated wavelets, the intensity
 * transforms, gradient magnitude and local binary patterns, each matching PyRadiomics' `imageoperations.py`,
 * and `filteredImages`, which turns an `imageType` section into the list of images features are computed on.
 */
export { logFilter, logImageTypeName, logSigmaProblem } from "./log";
export { recursiveGaussianCoefficients, type GaussianOrder, type RecursiveCoefficients } from "./recursiveGaussian";
export {
  waveletFilter,
  waveletFilterBank,
  WAVELET_NAMES,
  type WaveletBand,
  type WaveletFilterBank,
  type WaveletOptions,
} from "./wavelet";
export { squareFilter, squareRootFilter, logarithmFilter, exponentialFilter, maxAbsIntensity } from "./intensity";
export { gradientFilter, type GradientOptions } from "./gradient";
export { lbp2DFilter, LBP2D_METHODS, type Lbp2DMethod, type Lbp2DOptions } from "./lbp2d";
export { lbp3DFilter, icosphereVertices, sphericalHarmonic, type Lbp3DImage, type Lbp3DOptions } from "./lbp3d";
export { CubicSplineVolume } from "./spline";
export { cropToMask, cropVolume, maskBoundingBox } from "./roi";
export { pythonFloatRepr } from "./naming";
export {
  filteredImages,
  iterateFilteredImages,
  type FilteredImage,
  type FilteredImagesOptions,
  type SkippedImage,
} from "./pipeline";
