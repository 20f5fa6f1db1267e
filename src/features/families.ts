/**
 * The feature families the extractor can compute, by `featureClass` name. Each entry turns a
 * {@link FamilyContext} (the prepared ROI, its lazily discretised levels and the settings) into features.
 */
import type { Conventions, FeatureClassName, Settings } from "../settings/params";
import type { AggregationName, DiscretisedImage, FeatureValue, PreparedRoi } from "./types";
import { morphologyFeatures, pyradiomicsShape } from "./morphology";
import { intensityStatisticsFeatures } from "./intensityStatistics";
import { intensityHistogramFeatures } from "./intensityHistogram";
import { intensityVolumeHistogramFeatures, type IvhOptions } from "./intensityVolumeHistogram";
import { localIntensityFeatures } from "./localIntensity";
import { glcmFeatures } from "./texture/glcm";
import { glrlmFeatures } from "./texture/glrlm";
import { glszmFeatures } from "./texture/glszm";
import { gldzmFeatures } from "./texture/gldzm";
import { ngtdmFeatures } from "./texture/ngtdm";
import { ngldmFeatures } from "./texture/ngldm";
import { pyradiomicsGlcmFeatures, type WeightingNorm } from "./pyradiomics/glcm";
import { pyradiomicsGlrlmFeatures } from "./pyradiomics/glrlm";
import { pyradiomicsNgtdm } from "./pyradiomics/ngtdm";
import { firstorderFeatures } from "./pyradiomics/firstorder";
import { pyradiomicsGlszm } from "./pyradiomics/glszm";
import { pyradiomicsGldm } from "./pyradiomics/gldm";
import { pyradiomicsShape2D } from "./pyradiomics/shape2D";
import { RadiogxError } from "../errors";

export interface FamilyContext {
  roi: PreparedRoi;
  settings: Settings & { label: number };
  conventions: Conventions;
  imageType: string;
  /** The ROI discretised as the settings say (computed once per image type). */
  discretised(): DiscretisedImage;
}

export type FamilyComputer = (ctx: FamilyContext) => FeatureValue[];

const aggregations = (ctx: FamilyContext) => (ctx.settings.aggregation ?? ["3D, averaged", "3D, merged"]) as AggregationName[];

/** IVH discretisation from the settings; by default none for whole-number intensities, else 1000 bins. */
function ivhOptions(ctx: FamilyContext): IvhOptions {
  const s = ctx.settings;
  const range = s.resegmentRange ?? null;
  const bounds = { lowerBound: range && range.length > 0 ? range[0] : null, upperBound: range && range.length > 1 ? range[1] : null };
  if (s.ivhBinWidth) return { method: "fbs", binWidth: s.ivhBinWidth, ...bounds };
  if (s.ivhBinCount) return { method: "fbn", binCount: s.ivhBinCount, ...bounds };
  if (s.ivhDiscretize === false) return { method: "none", ...bounds };
  const { intensities, intensityMask } = ctx.roi;
  let integers = true;
  for (let i = 0; i < intensities.length && integers; i++) if (intensityMask[i] && !Number.isInteger(intensities[i]!)) integers = false;
  return integers ? { method: "none", ...bounds } : { method: "fbn", binCount: 1000, ...bounds };
}

/** IBSI's neighbourhood families take one distance: the first of `distances`. */
const neighbourhood = (ctx: FamilyContext) => (ctx.settings.distances ?? [1])[0] ?? 1;

const pyradiomicsTexture = (ctx: FamilyContext) => ({
  distances: ctx.settings.distances,
  symmetricalGLCM: ctx.settings.symmetricalGLCM,
  weightingNorm: (ctx.settings.weightingNorm ?? null) as WeightingNorm | null,
  force2D: ctx.settings.force2D,
  force2Ddimension: ctx.settings.force2Ddimension,
});

/** The family computers. IBSI families by tag prefix; PyRadiomics classes by their names. */
export const FAMILIES: Partial<Record<FeatureClassName, FamilyComputer>> = {
  morph: (ctx) => morphologyFeatures(ctx.roi),
  shape: (ctx) => pyradiomicsShape(ctx.roi),
  shape2D: (ctx) => {
    if (ctx.conventions !== "pyradiomics") {
      throw new RadiogxError("INVALID_SETTING", "feature class \"shape2D\" is PyRadiomics' 2D shape class", { key: "shape2D", hint: "set conventions: pyradiomics" });
    }
    if (!ctx.settings.force2D) {
      throw new RadiogxError("INVALID_SETTING", "feature class \"shape2D\" needs force2D: true (and force2Ddimension, the axis normal to the slice)", { key: "force2D" });
    }
    return pyradiomicsShape2D(ctx.roi, ctx.settings.force2Ddimension ?? 0);
  },
  stat: (ctx) => intensityStatisticsFeatures(ctx.roi),
  ih: (ctx) => intensityHistogramFeatures(ctx.discretised()),
  ivh: (ctx) => intensityVolumeHistogramFeatures(ctx.roi, ivhOptions(ctx)),
  loc: (ctx) => localIntensityFeatures(ctx.roi),
  cm: (ctx) => glcmFeatures(ctx.discretised(), { aggregations: aggregations(ctx), distances: ctx.settings.distances ?? [1], symmetric: ctx.settings.symmetricalGLCM ?? true }),
  rlm: (ctx) => glrlmFeatures(ctx.discretised(), { aggregations: aggregations(ctx) }),
  szm: (ctx) => glszmFeatures(ctx.discretised(), { aggregations: aggregations(ctx) }),
  dzm: (ctx) => gldzmFeatures(ctx.discretised(), { aggregations: aggregations(ctx), morphMask: ctx.roi.morphMask }),
  ngt: (ctx) => ngtdmFeatures(ctx.discretised(), { aggregations: aggregations(ctx), distance: neighbourhood(ctx) }),
  ngl: (ctx) => ngldmFeatures(ctx.discretised(), { aggregations: aggregations(ctx), distance: neighbourhood(ctx), alpha: ctx.settings.ngldmAlpha ?? 0 }),
  glcm: (ctx) => pyradiomicsGlcmFeatures(ctx.discretised(), pyradiomicsTexture(ctx)),
  glrlm: (ctx) => pyradiomicsGlrlmFeatures(ctx.discretised(), pyradiomicsTexture(ctx)),
  ngtdm: (ctx) => pyradiomicsNgtdm(ctx.discretised(), { distances: ctx.settings.distances, force2D: ctx.settings.force2D, force2Ddimension: ctx.settings.force2Ddimension }),
  firstorder: (ctx) => firstorderFeatures(ctx.roi, ctx.discretised(), { voxelArrayShift: ctx.settings.voxelArrayShift ?? 0 }),
  glszm: (ctx) => pyradiomicsGlszm(ctx.discretised(), { force2D: ctx.settings.force2D, force2Ddimension: ctx.settings.force2Ddimension }),
  gldm: (ctx) => pyradiomicsGldm(ctx.discretised(), { distances: ctx.settings.distances, gldm_a: ctx.settings.gldm_a, force2D: ctx.settings.force2D, force2Ddimension: ctx.settings.force2Ddimension }),
};

/** The PyRadiomics class name used in a feature's full name. */
export function familyOf(v: FeatureValue): string {
  return v.family;
}
