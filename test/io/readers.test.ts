/**
 * Image readers: round trips through our writers for every datatype and both NIfTI versions, NRRD raw and
 * gzip, scaling, qform-only and big-endian headers; geometry against SimpleITK (the reader PyRadiomics uses)
 * on the reference images; and every bad input a user can hand us, each a RadiogxError with a code.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { RadiogxError } from "../../src/errors";
import { readImage } from "../../src/io/read";
import { checkGeometry, createVolume, indexToWorld, selectLabel, worldToIndex, type Vec3, type Volume, type VoxelArray } from "../../src/io/volume";
import { encodeNifti, writeNifti, writeNrrd } from "../../src/io/write";
import { hasPythonModules, hasRefdata, refPath, runPythonJson } from "../refdata";

const dir = mkdtempSync(join(tmpdir(), "radiogx-io-"));

/** An oblique, anisotropic test volume. */
function sample<T extends VoxelArray>(data: T): Volume<T> {
  const c = Math.cos(0.3), s = Math.sin(0.3);
  for (let i = 0; i < data.length; i++) data[i] = ((i * 7) % 23) - (data instanceof Uint8Array || data instanceof Uint16Array || data instanceof Uint32Array ? 0 : 5);
  return createVolume(data, [4, 3, 2], { spacing: [0.5, 0.75, 2.5], origin: [-10.5, 20.25, 3], direction: [c, -s, 0, s, c, 0, 0, 0, 1] });
}

function expectSameGeometry(a: Volume, b: Volume) {
  expect(a.size).toEqual(b.size);
  a.spacing.forEach((x, i) => expect(x).toBeCloseTo(b.spacing[i]!, 5));
  a.origin.forEach((x, i) => expect(x).toBeCloseTo(b.origin[i]!, 4));
  a.direction.forEach((x, i) => expect(x).toBeCloseTo(b.direction[i]!, 5));
}

function expectError(f: () => unknown, code: string, text?: RegExp) {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(RadiogxError);
    expect((e as RadiogxError).code).toBe(code);
    if (text) expect((e as Error).message).toMatch(text);
    return;
  }
  throw new Error(`expected a RadiogxError ${code}`);
}

describe("NIfTI and NRRD round trips", () => {
  const types: [string, () => VoxelArray][] = [
    ["uint8", () => new Uint8Array(24)], ["int8", () => new Int8Array(24)], ["int16", () => new Int16Array(24)],
    ["uint16", () => new Uint16Array(24)], ["int32", () => new Int32Array(24)], ["uint32", () => new Uint32Array(24)],
    ["float32", () => new Float32Array(24)], ["float64", () => new Float64Array(24)],
  ];
  for (const [name, make] of types) {
    for (const [fmt, file] of [["nifti1", "a.nii"], ["nifti2 gz", "a2.nii.gz"], ["nrrd gzip", "a.nrrd"], ["nrrd raw", "r.nrrd"]] as const) {
      it(`${name} via ${fmt}`, () => {
        const v = sample(make());
        const path = join(dir, `${name}-${file}`);
        if (fmt === "nifti1") writeNifti(v, path);
        else if (fmt === "nifti2 gz") writeNifti(v, path, { version: 2 });
        else writeNrrd(v, path, { gzip: fmt === "nrrd gzip" });
        const r = readImage(path);
        expectSameGeometry(r, v);
        expect(r.data.constructor).toBe(v.data.constructor);
        expect(Array.from(r.data)).toEqual(Array.from(v.data));
      });
    }
  }

  it("applies scl_slope and scl_inter", () => {
    const v = sample(new Int16Array(24));
    const path = join(dir, "scaled.nii");
    writeNifti(v, path, { sclSlope: 0.5, sclInter: -1024 });
    const r = readImage(path);
    expect(r.data).toBeInstanceOf(Float64Array);
    expect(r.data[5]).toBeCloseTo(v.data[5]! * 0.5 - 1024, 6);
  });

  it("uses the qform when there is no sform, and handles big-endian files", () => {
    const v = sample(new Int16Array(24));
    const le = encodeNifti(v);
    const dv = new DataView(le.buffer);
    dv.setInt16(254, 0, true); // sform_code = 0 → qform
    const qpath = join(dir, "qform.nii");
    writeFileSync(qpath, le);
    expectSameGeometry(readImage(qpath), v);
    expect(readImage(qpath).metadata.transform).toBe("qform");
    // Byte-swap every header field we write and the data: a big-endian file.
    const be = new Uint8Array(le);
    const bdv = new DataView(be.buffer);
    const swap = (off: number, size: 2 | 4) => {
      if (size === 2) bdv.setInt16(off, dv.getInt16(off, true), false);
      else bdv.setInt32(off, dv.getInt32(off, true), false);
    };
    swap(0, 4);
    for (let i = 0; i < 8; i++) swap(40 + 2 * i, 2);
    swap(70, 2); swap(72, 2); swap(252, 2); swap(254, 2);
    for (const off of [76, 80, 84, 88, 92, 96, 100, 104, 108, 112, 116]) swap(off, 4);
    for (let off = 256; off < 344; off += 4) swap(off, 4);
    for (let i = 0; i < 24; i++) swap(352 + 2 * i, 2);
    const bpath = join(dir, "bigendian.nii.gz");
    writeFileSync(bpath, gzipSync(be));
    const r = readImage(bpath);
    expectSameGeometry(r, v);
    expect(Array.from(r.data)).toEqual(Array.from(v.data));
  });

  it("maps indices to world coordinates and back", () => {
    const v = sample(new Int16Array(24));
    const p = indexToWorld(v, 1.5, 2, 0.25);
    const back = worldToIndex(v, p);
    [1.5, 2, 0.25].forEach((x, i) => expect(back[i]).toBeCloseTo(x, 10));
  });
});

describe("bad input", () => {
  it("a missing file", () => expectError(() => readImage(join(dir, "nope.nii.gz")), "FILE_NOT_FOUND", /nope\.nii\.gz: file not found/));
  it("a file that is not an image", () => {
    const p = join(dir, "notes.nii");
    writeFileSync(p, "patient_id,image\n".repeat(40));
    expectError(() => readImage(p), "NOT_AN_IMAGE", /notes\.nii/);
  });
  it("a truncated NIfTI", () => {
    const v = sample(new Float32Array(24));
    const bytes = encodeNifti(v);
    const p = join(dir, "trunc.nii");
    writeFileSync(p, bytes.subarray(0, bytes.length - 10));
    expectError(() => readImage(p), "TRUNCATED_FILE", /trunc\.nii: file is truncated/);
  });
  it("a truncated gzip stream", () => {
    const v = sample(new Float32Array(24));
    const gz = gzipSync(encodeNifti(v));
    const p = join(dir, "trunc.nii.gz");
    writeFileSync(p, gz.subarray(0, gz.length - 20));
    expectError(() => readImage(p), "TRUNCATED_FILE", /trunc\.nii\.gz/);
  });
  it("a truncated NRRD", () => {
    const v = sample(new Int16Array(24));
    const p = join(dir, "t.nrrd");
    writeNrrd(v, p, { gzip: false });
    const b = readFileSync(p);
    writeFileSync(p, b.subarray(0, b.length - 4));
    expectError(() => readImage(p), "TRUNCATED_FILE", /t\.nrrd/);
  });
  it("an empty mask and an absent label", () => {
    const m = createVolume(new Uint8Array(24), [4, 3, 2], { metadata: { file: "mask.nii.gz" } });
    expectError(() => selectLabel(m, 1), "EMPTY_MASK", /mask\.nii\.gz: the mask is empty/);
    m.data[3] = 2;
    expectError(() => selectLabel(m, 1), "LABEL_ABSENT", /label 1 is not in the mask; labels present: 2/);
  });
  it("an image/mask geometry mismatch", () => {
    const a = sample(new Int16Array(24));
    const b = { ...sample(new Uint8Array(24)), metadata: { file: "m.nrrd" } };
    expect(() => checkGeometry(a, b)).not.toThrow();
    expectError(() => checkGeometry(a, { ...b, spacing: [0.5, 0.75, 3] as Vec3 }), "GEOMETRY_MISMATCH", /m\.nrrd: mask spacing/);
    expectError(() => checkGeometry(a, { ...b, origin: [0, 0, 0] as Vec3 }), "GEOMETRY_MISMATCH", /origin/);
    expectError(() => checkGeometry(a, { ...b, size: [4, 3, 3] as Vec3 }), "GEOMETRY_MISMATCH", /size 4×3×3/);
  });
});

describe.skipIf(!hasRefdata() || !hasPythonModules("SimpleITK"))("geometry matches SimpleITK on the reference images", () => {
  const files = [
    ["ibsi1", "ct-phantom", "image.nii.gz"], ["ibsi1", "digital-phantom", "mask.nii.gz"],
    ["pyradiomics", "brain1_image.nrrd"], ["pyradiomics", "breast1_label.nrrd"], ["pyradiomics", "prostate_phantom_subvolume.nrrd"],
  ];
  for (const f of files) {
    it(f.join("/"), async () => {
      const path = refPath(...f);
      const ref = await runPythonJson<{ size: number[]; spacing: number[]; origin: number[]; direction: number[]; sum: number; v: number }>(
        `import SimpleITK as sitk, json, sys, numpy as np
im = sitk.ReadImage(sys.argv[1]); a = sitk.GetArrayFromImage(im)
print(json.dumps(dict(size=im.GetSize(), spacing=im.GetSpacing(), origin=im.GetOrigin(), direction=im.GetDirection(), sum=float(a.astype(np.float64).sum()), v=float(a.flat[a.size // 3]))))`,
        [path],
      );
      const v = readImage(path);
      expect(v.size).toEqual(ref.size);
      v.spacing.forEach((x, i) => expect(x).toBeCloseTo(ref.spacing[i]!, 5));
      v.origin.forEach((x, i) => expect(x).toBeCloseTo(ref.origin[i]!, 4));
      v.direction.forEach((x, i) => expect(x).toBeCloseTo(ref.direction[i]!, 5));
      let sum = 0;
      for (const x of v.data) sum += x;
      expect(sum).toBeCloseTo(ref.sum, 0);
      expect(v.data[Math.floor(v.data.length / 3)]).toBeCloseTo(ref.v, 4);
    });
  }
});
