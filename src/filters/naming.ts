/**
 * Names and volumes shared by the filters: PyRadiomics' image type names are built from Python's `str()` of
 * the settings, and every filtered image keeps the geometry of its input.
 */
import type { Volume, VoxelArray } from "../io/volume";

/**
 * Python's `repr`/`str` of a float: the shortest digits that round-trip, in fixed notation with at least one
 * decimal (`2.0`, `0.5`) when the decimal exponent is in [−4, 16), otherwise in exponent notation with a
 * sign and at least two exponent digits (`1e-05`, `1e+16`).
 */
export function pythonFloatRepr(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const sign = x < 0 ? "-" : "";
  const [mant, expStr] = Math.abs(x).toExponential().split("e") as [string, string];
  const exp = Number(expStr);
  const digits = mant.replace(".", "");
  if (exp >= -4 && exp < 16) {
    let s: string;
    if (exp >= 0) {
      const intPart = digits.length > exp + 1 ? digits.slice(0, exp + 1) : digits.padEnd(exp + 1, "0");
      const frac = digits.length > exp + 1 ? digits.slice(exp + 1) : "0";
      s = `${intPart}.${frac}`;
    } else {
      s = `0.${"0".repeat(-exp - 1)}${digits}`;
    }
    return sign + s;
  }
  const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  const e = Math.abs(exp) < 10 ? `0${Math.abs(exp)}` : `${Math.abs(exp)}`;
  return `${sign}${m}e${exp < 0 ? "-" : "+"}${e}`;
}

/** A float as PyRadiomics puts it in an image type name: `str(x).replace('.', '-')` (2 → "2-0", 0.5 → "0-5"). */
export function pythonFloatName(x: number): string {
  return pythonFloatRepr(x).replace(/\./g, "-");
}

/** A new volume on the grid of `vol` holding filtered `data`, with the image type recorded in its metadata. */
export function derivedVolume<T extends VoxelArray>(
  vol: Volume,
  data: T,
  imageType: string,
  extra: Record<string, unknown> = {},
): Volume<T> {
  return {
    size: [...vol.size],
    spacing: [...vol.spacing],
    origin: [...vol.origin],
    direction: [...vol.direction],
    data,
    metadata: { ...vol.metadata, imageType, ...extra },
  };
}

/** True when the volume's voxels are stored as integers (PyRadiomics' numpy arrays then keep an integer dtype). */
export function hasIntegerData(vol: Volume): boolean {
  return !(vol.data instanceof Float32Array || vol.data instanceof Float64Array);
}
