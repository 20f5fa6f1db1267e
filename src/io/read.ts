import { RadiogxError } from "../errors";
import { readFileBytes, isGzip, gunzip } from "./bytes";
import { decodeNifti } from "./nifti";
import { readNrrd } from "./nrrd";
import type { Volume } from "./volume";

/**
 * Reads an image or mask, choosing the reader from the file's content (NRRD magic, NIfTI header), so a
 * misnamed file still reads and a non-image fails with `NOT_AN_IMAGE` naming the file.
 * Supported: NIfTI-1/2 (`.nii`, `.nii.gz`), NRRD (`.nrrd`, `.nhdr`).
 */
export function readImage(path: string): Volume {
  const bytes = readFileBytes(path);
  if (bytes.length >= 8 && bytes.subarray(0, 7).toString("latin1") === "NRRD000") return readNrrd(path);
  const raw = isGzip(bytes) ? gunzip(bytes, path) : bytes;
  if (raw.length >= 4) {
    const le = raw.readInt32LE(0), be = raw.readInt32BE(0);
    if (le === 348 || le === 540 || be === 348 || be === 540) return decodeNifti(raw, path);
  }
  if (raw.length < 348 && /\.nii(\.gz)?$/i.test(path)) {
    throw new RadiogxError("TRUNCATED_FILE", `file is too short (${raw.length} bytes) to be a NIfTI image`, { file: path });
  }
  throw new RadiogxError("NOT_AN_IMAGE", "not a supported image (expected NIfTI .nii/.nii.gz or NRRD .nrrd)", { file: path });
}
