/**
 * The marching-cubes configuration table (Lorensen & Cline 1987) in the form PyRadiomics uses it
 * (radiomics/src/cshape.c): the triangle lists of the 128 configurations in which corner 7 is outside, taken
 * from the public-domain table of Cory Gene Bloyd published by Paul Bourke ("Polygonising a scalar field",
 * 1994). A configuration with corner 7 inside is the complement of one of these and gets the same triangles
 * with the opposite orientation, as in PyRadiomics. Using the same table makes our mesh — and so the
 * surface area — identical to PyRadiomics' one, triangle for triangle.
 *
 * Cube corners (offsets along the first, second and third array axis, i.e. x, y, z):
 *
 *   c0 (0,0,0)  c1 (1,0,0)  c2 (1,1,0)  c3 (0,1,0)  c4 (0,0,1)  c5 (1,0,1)  c6 (1,1,1)  c7 (0,1,1)
 *
 * Edges: e0 c0–c1, e1 c1–c2, e2 c2–c3, e3 c3–c0, e4 c4–c5, e5 c5–c6, e6 c6–c7, e7 c7–c4, e8 c0–c4,
 * e9 c1–c5, e10 c2–c6, e11 c3–c7. Every mesh vertex lies at the midpoint of an edge (the mask is binary).
 *
 * At module load each of the 256 configurations is turned into oriented triangles (normals pointing from
 * the inside corners to the outside ones; checked per triangle, so a mis-oriented table entry is corrected
 * rather than trusted) and into the per-configuration constants the mesh sums need (see `mesh.ts`).
 */

/** Corner offsets (x, y, z) of the 8 cube corners. */
export const CUBE_CORNERS: readonly (readonly [number, number, number])[] = [
  [0, 0, 0], [1, 0, 0], [1, 1, 0], [0, 1, 0], [0, 0, 1], [1, 0, 1], [1, 1, 1], [0, 1, 1],
];

/** The two corners of each of the 12 cube edges. */
export const CUBE_EDGES: readonly (readonly [number, number])[] = [
  [0, 1], [1, 2], [2, 3], [3, 0], [4, 5], [5, 6], [6, 7], [7, 4], [0, 4], [1, 5], [2, 6], [3, 7],
];

/**
 * Triangles of configurations 0x00–0x7f (bit c set = corner c inside), three edge numbers per triangle
 * written as hexadecimal digits (a = edge 10, b = edge 11). Source: Bourke/Bloyd table, rows 0x00–0x7f.
 */
const HALF_TABLE: readonly string[] = [
  "", "083", "019", "183981", "12a", "08312a", "92a029", "2832a8a98",
  "3b2", "0b28b0", "19023b", "1b219b98b", "3a1ba3", "0a108a8ba", "3903b9ba9", "98aa8b",
  "478", "430734", "019847", "419471731", "12a847", "34730412a", "92a902847", "2a9297273794",
  "8473b2", "b47b24204", "90184723b", "47b94b9b2921", "3a13ba784", "1ba14b1047b4", "47890b9bab03", "47b4b99ba",
  "954", "954083", "054150", "854835315", "12a954", "30812a495", "52a542402", "2a5325354348",
  "95423b", "0b208b495", "05401523b", "21525828b485", "a3ba13954", "4950818a18ba", "54050b5bab03", "54858aa8b",
  "978579", "930953573", "078017157", "153357", "978957a12", "a12950530573", "802825857a52", "2a5253357",
  "7957893b2", "95797292027b", "23b018178157", "b21b17715", "958857a13a3b", "5705097b010aba0", "ba0b03a50807570", "ba57b5",
  "a65", "0835a6", "9015a6", "1831985a6", "165261", "165126308", "965906026", "598582526328",
  "23ba65", "b08b20a65", "01923b5a6", "5a61929b298b", "63b653513", "08b0b50515b6", "3b6036065059", "65969bb98",
  "5a6478", "43047365a", "1905a6847", "a65197173794", "612651478", "125526304347", "847905065026", "739794329596269",
  "3b2784a65", "5a647242027b", "01947823b5a6", "9219b294b7b45a6", "8473b53515b6", "51b5b610b7b404b", "059065036b63847", "65969b4797b9",
  "a4964a", "4a649a083", "a01a60640", "83181686461a", "149124264", "308129249264", "024426", "832824426",
  "a49a64b23", "08228b49a4a6", "3b201606461a", "64161a48121b8b1", "964936913b63", "8b1810b61914641", "3b6360064", "648b68",
  "7a678a89a", "0730a709a67a", "a671a7178180", "a67a71173", "126168189867", "269291679093739", "780706602", "732672",
  "23ba68a89867", "20727b09767a9a7", "1801781a767a23b", "b21b17a61671", "896867916b63136", "091b67", "7807063b0b60", "7b6",
];

/**
 * Edge midpoints in doubled cube-local coordinates (each component 0, 1 or 2), so that every mesh vertex
 * has integer coordinates on the doubled lattice.
 */
export const EDGE_MIDPOINTS2: readonly (readonly [number, number, number])[] = CUBE_EDGES.map(([a, b]) => {
  const p = CUBE_CORNERS[a]!, q = CUBE_CORNERS[b]!;
  return [p[0] + q[0], p[1] + q[1], p[2] + q[2]] as const;
});

/**
 * Oriented triangles of every configuration 0–255: `TRIANGLES[c]` lists edge numbers, three per triangle,
 * ordered so that (v1 − v0) × (v2 − v0) points outward (from the inside corners to the outside ones).
 */
export const TRIANGLES: readonly Int8Array[] = buildTriangles();

function buildTriangles(): Int8Array[] {
  const out: Int8Array[] = [];
  for (let c = 0; c < 256; c++) {
    const row = HALF_TABLE[c < 128 ? c : c ^ 0xff]!;
    const edges = Int8Array.from(row, (ch) => parseInt(ch, 16));
    for (let t = 0; t < edges.length; t += 3) {
      if (orientation(c, edges[t]!, edges[t + 1]!, edges[t + 2]!) < 0) {
        const tmp = edges[t + 1]!;
        edges[t + 1] = edges[t + 2]!;
        edges[t + 2] = tmp;
      }
    }
    out.push(edges);
  }
  return out;
}

/**
 * Sign of the triangle's normal along the inside→outside direction of its own edges (summed over its three
 * vertices). Positive for an outward-facing triangle. A zero would mean a triangle that separates nothing,
 * which the table never produces (checked here so that a corrupted table fails loudly).
 */
function orientation(config: number, e0: number, e1: number, e2: number): number {
  const a = EDGE_MIDPOINTS2[e0]!, b = EDGE_MIDPOINTS2[e1]!, c = EDGE_MIDPOINTS2[e2]!;
  const ux = b[0] - a[0], uy = b[1] - a[1], uz = b[2] - a[2];
  const vx = c[0] - a[0], vy = c[1] - a[1], vz = c[2] - a[2];
  const nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
  let s = 0;
  for (const e of [e0, e1, e2]) {
    const [p, q] = CUBE_EDGES[e]!;
    const pIn = (config >> p) & 1, qIn = (config >> q) & 1;
    if (pIn === qIn) throw new Error(`marching-cubes table: configuration ${config} has a vertex on edge ${e}, which has no sign change`);
    const inside = CUBE_CORNERS[pIn ? p : q]!, outside = CUBE_CORNERS[pIn ? q : p]!;
    s += nx * (outside[0] - inside[0]) + ny * (outside[1] - inside[1]) + nz * (outside[2] - inside[2]);
  }
  if (s === 0) throw new Error(`marching-cubes table: degenerate triangle in configuration ${config}`);
  return s;
}
