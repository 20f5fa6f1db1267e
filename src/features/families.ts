/**
 * The feature families the extractor can compute, by `featureClass` name. Each entry turns a
 * {@link FamilyContext} (the prepared ROI, its lazily discretised levels and the settings) into features.
 */
import type { Conventions, FeatureClassName, Settings } from "../settings/params";
import type { AggregationName, DiscretisedImage, FeatureValue, PreparedRoi } from "./types";
import { glszmFeatures } from "./texture/glszm";
import { gldzmFeatures } from "./texture/gldzm";

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

export const FAMILIES: Partial<Record<FeatureClassName, FamilyComputer>> = {
  szm: (ctx) => glszmFeatures(ctx.discretised(), { aggregations: aggregations(ctx) }),
  dzm: (ctx) => gldzmFeatures(ctx.discretised(), { aggregations: aggregations(ctx), morphMask: ctx.roi.morphMask }),
};

/** The PyRadiomics class name used in a feature's full name. */
export function familyOf(v: FeatureValue): string {
  return v.family;
}
