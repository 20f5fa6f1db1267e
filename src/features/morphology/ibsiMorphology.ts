/**
 * IBSI morphological features (IBSI reference manual, chapter 3.1, family code HCUG).
 *
 * Inputs are a prepared ROI: the shape features use the morphological mask; the intensity-based ones
 * (centre of mass shift, integrated intensity, Moran's I, Geary's C) use the intensity mask and intensities.
 *
 * Shared intermediates, computed once:
 * - the ROI mesh: marching cubes on the morphological mask padded with zeros (see `mesh.ts`), giving the mesh
 *   volume V and surface area A (mm³, mm²);
 * - the convex hull of the mesh vertices (exact Quickhull), with volume V_conv, area A_conv and the maximum
 *   3D diameter (largest distance between hull vertices — the same as over all mesh vertices);
 * - the covariance of the voxel centres of the morphological mask (normalised by N − 1, which is what the
 *   IBSI reference values use), with eigenvalues
 *   λ_major ≥ λ_minor ≥ λ_least;
 * - bounding boxes of the mesh: axis-aligned (along the image axes) and oriented minimum (see
 *   `boundingBox.ts`); enclosing ellipsoids: approximate (AEE, semi-axes 2√λ) and minimum-volume (MVEE,
 *   Khachiyan on the hull vertices).
 *
 * Worked example, the IBSI digital phantom (74 voxels of 2 × 2 × 2 mm): V ≈ 556 mm³, A ≈ 388 mm²,
 * so A/V ≈ 0.698 mm⁻¹ and sphericity (36πV²)^{1/3}/A ≈ 0.843 (IBSI reference values).
 */
import type { FeatureValue, PreparedRoi } from "../types";
import { RadiogxError } from "../../errors";
import { marchingCubes } from "./mesh";
import { intensityCentroid, meshHull, voxelMoments } from "./geometry";
import { axisAlignedBox, orientedMinimumBox } from "./boundingBox";
import { ellipsoidSurfaceArea, ellipsoidVolume, minimumVolumeEnclosingEllipsoid } from "./ellipsoid";
import { spatialAutocorrelation } from "./spatialAutocorrelation";
import { checkPreparedRoi, cropToMasks } from "./roi";

/** One IBSI morphological feature: its reference tag, IBSI code, name and definition. */
export interface MorphologyFeatureDefinition {
  /** IBSI reference-table tag (the feature's `name`). */
  tag: string;
  /** IBSI feature code. */
  code: string;
  /** IBSI name. */
  title: string;
  /** Definition (V, A mesh volume and area; λ PCA eigenvalues; N_v voxel count). */
  formula: string;
}

/** Every IBSI morphological feature, in the order of the IBSI reference manual (§3.1.1–3.1.29). */
export const IBSI_MORPHOLOGY_FEATURES: readonly MorphologyFeatureDefinition[] = [
  { tag: "morph_volume", code: "RNU0", title: "Volume (mesh)", formula: "V = ⅙ Σ_faces a·(b×c)" },
  { tag: "morph_vol_approx", code: "YEKZ", title: "Volume (voxel counting)", formula: "N_v · voxel volume" },
  { tag: "morph_area_mesh", code: "C0JK", title: "Surface area (mesh)", formula: "A = ½ Σ_faces |(b−a)×(c−a)|" },
  { tag: "morph_av", code: "2PR5", title: "Surface to volume ratio", formula: "A / V" },
  { tag: "morph_comp_1", code: "SKGS", title: "Compactness 1", formula: "V / (π^½ A^{3/2})" },
  { tag: "morph_comp_2", code: "BQWJ", title: "Compactness 2", formula: "36π V² / A³" },
  { tag: "morph_sph_dispr", code: "KRCK", title: "Spherical disproportion", formula: "A / (36π V²)^{1/3}" },
  { tag: "morph_sphericity", code: "QCFX", title: "Sphericity", formula: "(36π V²)^{1/3} / A" },
  { tag: "morph_asphericity", code: "25C7", title: "Asphericity", formula: "(A³ / (36π V²))^{1/3} − 1" },
  { tag: "morph_com", code: "KLMA", title: "Centre of mass shift", formula: "‖CoM_geom(morph. mask) − CoM_gl(intensity mask, X-weighted)‖" },
  { tag: "morph_diam", code: "L0JK", title: "Maximum 3D diameter", formula: "max distance between mesh (hull) vertices" },
  { tag: "morph_pca_maj_axis", code: "TDIC", title: "Major axis length", formula: "4 √λ_major" },
  { tag: "morph_pca_min_axis", code: "P9VJ", title: "Minor axis length", formula: "4 √λ_minor" },
  { tag: "morph_pca_least_axis", code: "7J51", title: "Least axis length", formula: "4 √λ_least" },
  { tag: "morph_pca_elongation", code: "Q3CK", title: "Elongation", formula: "√(λ_minor / λ_major)" },
  { tag: "morph_pca_flatness", code: "N17B", title: "Flatness", formula: "√(λ_least / λ_major)" },
  { tag: "morph_vol_dens_aabb", code: "PBX1", title: "Volume density (axis-aligned bounding box)", formula: "V / V_aabb" },
  { tag: "morph_area_dens_aabb", code: "R59B", title: "Area density (axis-aligned bounding box)", formula: "A / A_aabb" },
  { tag: "morph_vol_dens_ombb", code: "ZH1A", title: "Volume density (oriented minimum bounding box)", formula: "V / V_ombb" },
  { tag: "morph_area_dens_ombb", code: "IQYR", title: "Area density (oriented minimum bounding box)", formula: "A / A_ombb" },
  { tag: "morph_vol_dens_aee", code: "6BDE", title: "Volume density (approximate enclosing ellipsoid)", formula: "V / (4π/3 · abc), a,b,c = 2√λ" },
  { tag: "morph_area_dens_aee", code: "RDD2", title: "Area density (approximate enclosing ellipsoid)", formula: "A / A_ellipsoid(a, b, c)" },
  { tag: "morph_vol_dens_mvee", code: "SWZ1", title: "Volume density (minimum volume enclosing ellipsoid)", formula: "V / V_mvee" },
  { tag: "morph_area_dens_mvee", code: "BRI8", title: "Area density (minimum volume enclosing ellipsoid)", formula: "A / A_mvee" },
  { tag: "morph_vol_dens_conv_hull", code: "R3ER", title: "Volume density (convex hull)", formula: "V / V_convex" },
  { tag: "morph_area_dens_conv_hull", code: "7T7F", title: "Area density (convex hull)", formula: "A / A_convex" },
  { tag: "morph_integ_int", code: "99N0", title: "Integrated intensity", formula: "V · mean(X over the intensity mask)" },
  { tag: "morph_moran_i", code: "N365", title: "Moran's I index", formula: "N/S₀ · Σ_{k≠l} w_kl (X_k−μ)(X_l−μ) / Σ (X_k−μ)², w = 1/‖r_k−r_l‖" },
  { tag: "morph_geary_c", code: "NPT7", title: "Geary's C measure", formula: "(N−1)/(2S₀) · Σ_{k≠l} w_kl (X_k−X_l)² / Σ (X_k−μ)²" },
];

/** Settings of {@link morphologyFeatures}. */
export interface MorphologyOptions {
  /** Highest order ν of the Legendre series for ellipsoid surface areas (AEE, MVEE). Default 20, as in IBSI. */
  ellipsoidSeriesOrder?: number;
  /** Optimality tolerance of the MVEE iteration (see `MveeOptions.tolerance`). Default 1e-7. */
  mveeTolerance?: number;
  /**
   * Largest FFT grid for Moran's I and Geary's C (see `SpatialAutocorrelationOptions.maxGridPoints`);
   * default 2^25 points (1 GiB of buffers). Above it both are NaN with a note.
   */
  autocorrelationMaxGridPoints?: number;
}

/**
 * Computes every IBSI morphological feature of a prepared ROI (family "morph"), named by IBSI tag.
 * Throws `EMPTY_MASK` when the morphological mask is empty. Features that need the intensity mask are NaN
 * with a note when it is empty (or, for Moran's I and Geary's C, has fewer than two voxels or no variance).
 *
 * @example
 * const f = morphologyFeatures(roi);
 * f.find((x) => x.name === "morph_volume")?.value; // 556.3 mm³ on the IBSI digital phantom
 */
export function morphologyFeatures(input: PreparedRoi, options: MorphologyOptions = {}): FeatureValue[] {
  checkPreparedRoi(input, "morphology features");
  const roi = cropToMasks(input);
  const terms = options.ellipsoidSeriesOrder ?? 20;
  const { size, spacing } = roi;

  const mesh = marchingCubes(roi.morphMask, size, spacing);
  const V = mesh.volume, A = mesh.area;
  const hull = meshHull(mesh);
  const shape = voxelMoments(roi.morphMask, size, spacing, "sample");
  const [lMajor, lMinor, lLeast] = Array.from(shape.eigenvalues, (l) => Math.max(l, 0)) as [number, number, number];

  const values = new Map<string, number>();
  const notes = new Map<string, string>();
  const set = (tag: string, v: number, note?: string): void => {
    values.set(tag, v);
    if (note !== undefined) notes.set(tag, note);
  };

  const voxelVolume = spacing[0] * spacing[1] * spacing[2];
  const sphereTerm = Math.cbrt(36 * Math.PI * V * V);
  set("morph_volume", V);
  set("morph_vol_approx", mesh.voxelCount * voxelVolume);
  set("morph_area_mesh", A);
  set("morph_av", A / V);
  set("morph_comp_1", V / (Math.sqrt(Math.PI) * A ** 1.5));
  set("morph_comp_2", (36 * Math.PI * V * V) / A ** 3);
  set("morph_sph_dispr", A / sphereTerm);
  set("morph_sphericity", sphereTerm / A);
  set("morph_asphericity", Math.cbrt(A ** 3 / (36 * Math.PI * V * V)) - 1);

  // Centre of mass shift and integrated intensity (intensity mask).
  let nInt = 0, sumInt = 0;
  for (let i = 0; i < roi.intensityMask.length; i++) {
    if (roi.intensityMask[i] !== 0) { nInt++; sumInt += roi.intensities[i]!; }
  }
  const comGl = nInt > 0 ? intensityCentroid(roi.intensityMask, roi.intensities, size, spacing) : null;
  if (nInt === 0) set("morph_com", NaN, "the intensity mask is empty");
  else if (comGl === null) set("morph_com", NaN, "intensities in the intensity mask sum to zero: no intensity-weighted centre of mass");
  else set("morph_com", Math.hypot(shape.centroid[0] - comGl[0], shape.centroid[1] - comGl[1], shape.centroid[2] - comGl[2]));
  if (nInt === 0) set("morph_integ_int", NaN, "the intensity mask is empty");
  else set("morph_integ_int", V * (sumInt / nInt));

  set("morph_diam", hull.diameter);
  set("morph_pca_maj_axis", 4 * Math.sqrt(lMajor));
  set("morph_pca_min_axis", 4 * Math.sqrt(lMinor));
  set("morph_pca_least_axis", 4 * Math.sqrt(lLeast));
  set("morph_pca_elongation", Math.sqrt(lMinor / lMajor), lMajor > 0 ? undefined : "a single voxel has no principal axes");
  set("morph_pca_flatness", Math.sqrt(lLeast / lMajor), lMajor > 0 ? undefined : "a single voxel has no principal axes");

  // Bounding boxes of the mesh (its hull has the same extent in every direction).
  const aabb = axisAlignedBox(hull.points);
  set("morph_vol_dens_aabb", V / aabb.volume);
  set("morph_area_dens_aabb", A / aabb.area);
  const ombb = orientedMinimumBox(hull.points, hull.faces, hull.faceNormals);
  set("morph_vol_dens_ombb", V / ombb.volume);
  set("morph_area_dens_ombb", A / ombb.area);

  // Ellipsoids.
  const aee = [2 * Math.sqrt(lMajor), 2 * Math.sqrt(lMinor), 2 * Math.sqrt(lLeast)];
  const flat = lLeast > 0 ? undefined : "the ROI is flat (λ_least = 0): the approximate enclosing ellipsoid has no volume";
  set("morph_vol_dens_aee", lLeast > 0 ? V / ellipsoidVolume(aee) : NaN, flat);
  set("morph_area_dens_aee", lLeast > 0 ? A / ellipsoidSurfaceArea(aee, terms) : NaN, flat);
  const mvee = minimumVolumeEnclosingEllipsoid(hull.points, { tolerance: options.mveeTolerance });
  if (mvee === null) {
    const why = "the minimum-volume enclosing ellipsoid could not be computed (degenerate hull)";
    set("morph_vol_dens_mvee", NaN, why);
    set("morph_area_dens_mvee", NaN, why);
  } else {
    set("morph_vol_dens_mvee", V / ellipsoidVolume(mvee.semiAxes));
    set("morph_area_dens_mvee", A / ellipsoidSurfaceArea(mvee.semiAxes, terms));
  }
  set("morph_vol_dens_conv_hull", V / hull.volume);
  set("morph_area_dens_conv_hull", A / hull.area);

  const ac = spatialAutocorrelation({ size, spacing, intensities: roi.intensities, mask: roi.intensityMask }, { maxGridPoints: options.autocorrelationMaxGridPoints });
  set("morph_moran_i", ac.moranI, ac.note);
  set("morph_geary_c", ac.gearyC, ac.note);

  return IBSI_MORPHOLOGY_FEATURES.map((def) => {
    const value = values.get(def.tag);
    if (value === undefined) throw new RadiogxError("FEATURE_FAILED", `morphology feature ${def.tag} was not computed`);
    const note = notes.get(def.tag);
    const out: FeatureValue = { name: def.tag, family: "morph", ibsi: def.code, aggregation: null, value };
    if (note !== undefined) out.note = note;
    else if (!Number.isFinite(value)) out.note = `${def.title} is not finite for this ROI`;
    return out;
  });
}
