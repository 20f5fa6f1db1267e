import type { Vec3 } from "../io/volume";

/**
 * IBSI aggregation methods (IBSI reference manual §3.1.3). GLCM and GLRLM use all six; the zone and
 * neighbourhood families (GLSZM, GLDZM, NGTDM, NGLDM) have one matrix per slice or per volume and use
 * "2D, averaged" (per slice, averaged), "2.5D, merged" (slices merged) and "3D, merged" (one volume).
 */
export type AggregationName =
  | "2D, averaged"
  | "2D, slice-merged"
  | "2.5D, direction-merged"
  | "2.5D, merged"
  | "3D, averaged"
  | "3D, merged";

export const AGGREGATIONS: readonly AggregationName[] = [
  "2D, averaged",
  "2D, slice-merged",
  "2.5D, direction-merged",
  "2.5D, merged",
  "3D, averaged",
  "3D, merged",
];

/**
 * The suffix IBSI's reference tables use for an aggregation (e.g. `cm_contrast_3D_avg`). Zone and
 * neighbourhood families use `_2D`, `_2_5D`, `_3D`.
 */
export function aggregationSuffix(a: AggregationName, zoneFamily = false): string {
  if (zoneFamily) return a.startsWith("2D") ? "2D" : a.startsWith("2.5D") ? "2_5D" : "3D";
  switch (a) {
    case "2D, averaged": return "2D_avg";
    case "2D, slice-merged": return "2D_comb";
    case "2.5D, direction-merged": return "2_5D_avg";
    case "2.5D, merged": return "2_5D_comb";
    case "3D, averaged": return "3D_avg";
    case "3D, merged": return "3D_comb";
  }
}

/** Feature families. IBSI families by their tag prefix; PyRadiomics classes by PyRadiomics' names. */
export type IbsiFamily = "morph" | "loc" | "stat" | "ih" | "ivh" | "cm" | "rlm" | "szm" | "dzm" | "ngt" | "ngl";
export type PyradiomicsClass = "shape" | "shape2D" | "firstorder" | "glcm" | "glrlm" | "glszm" | "gldm" | "ngtdm";
export type FeatureFamily = IbsiFamily | PyradiomicsClass;

/**
 * One computed feature. Family functions return `name` without the image-type prefix:
 * - IBSI conventions: the IBSI reference tag, with the aggregation suffix for texture families
 *   (`morph_volume`, `stat_mean`, `cm_contrast_3D_avg`, `szm_sze_2_5D`);
 * - PyRadiomics conventions: PyRadiomics' feature name (`MeshVolume`, `Contrast`).
 * The extractor prefixes the image type (`original_morph_volume`, `original_glcm_Contrast`).
 * A value that cannot be computed is NaN with a `note` saying why; the extractor reports it by name.
 */
export interface FeatureValue {
  name: string;
  family: FeatureFamily;
  /** IBSI feature code (e.g. "RNU0") wherever IBSI defines one. */
  ibsi: string | null;
  /** The IBSI aggregation for texture features; null for the others. */
  aggregation: AggregationName | null;
  value: number;
  note?: string;
  /**
   * Reported only when a `featureClass` list names it (PyRadiomics' deprecated features, which it computes
   * when asked by name but leaves out of "all": shape Compactness1/2, SphericalDisproportion, firstorder
   * StandardDeviation).
   */
  optIn?: true;
}

/**
 * The ROI after IBSI preprocessing, on a block of the (interpolated) grid that covers the ROI's bounding
 * box plus a margin. Arrays are block-sized with the first axis fastest: index `i + nx * (j + ny * k)`.
 */
export interface PreparedRoi {
  size: Vec3;
  spacing: Vec3;
  /** World position (mm, LPS) of block voxel (0, 0, 0). */
  origin: Vec3;
  direction: number[];
  /** Intensities of every block voxel after interpolation and rounding (also outside the ROI). */
  intensities: Float64Array;
  /** Morphological mask: 1 inside the ROI after interpolation, before re-segmentation. */
  morphMask: Uint8Array;
  /** Intensity mask: the morphological mask after re-segmentation and outlier filtering. */
  intensityMask: Uint8Array;
}

/** A discretised ROI, the input of histogram and texture features. */
export interface DiscretisedImage {
  size: Vec3;
  spacing: Vec3;
  /** 0 outside the intensity mask; the grey level 1..nLevels inside. */
  levels: Int32Array;
  /** Ng: the number of grey levels (the highest level that can occur, whether or not it does). */
  nLevels: number;
}
