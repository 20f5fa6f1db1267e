/**
 * Recursive (IIR) Gaussian filtering along one axis, as ITK's `RecursiveGaussianImageFilter` does it.
 *
 * The Gaussian and its derivatives are approximated by Deriche's fourth-order recursive filters
 * (R. Deriche, "Recursively implementing the Gaussian and its derivatives", INRIA RR-1893, 1993), run once
 * causally and once anti-causally along the line and summed:
 *
 *   y⁺[i] = N0·x[i] + N1·x[i−1] + N2·x[i−2] + N3·x[i−3] − (D1·y⁺[i−1] + D2·y⁺[i−2] + D3·y⁺[i−3] + D4·y⁺[i−4])
 *   y⁻[i] = M1·x[i+1] + M2·x[i+2] + M3·x[i+3] + M4·x[i+4] − (D1·y⁻[i+1] + … + D4·y⁻[i+4])
 *   y = y⁺ + y⁻
 *
 * The coefficients come from Deriche's exponential series with the constants ITK uses (a0 = 1.3530, …) for a
 * sigma in pixels σ/Δ (Δ the spacing along the axis), then normalised so that the filter has unit DC gain
 * (order 0), or the right response to a ramp (order 1) or a parabola (order 2); "normalise across scale"
 * multiplies the order-n response by σⁿ (σ in mm). The boundary is handled as ITK does: the first (last)
 * sample is taken to extend to infinity, and the boundary coefficients BN, BM start the recursions in the
 * steady state of that constant extension.
 *
 * Reference: ITK `itkRecursiveGaussianImageFilter.hxx` (SetUp, ComputeNCoefficients, ComputeDCoefficients,
 * ComputeRemainingCoefficients) and `itkRecursiveSeparableImageFilter.hxx` (FilterDataArray), ITK 5.4.
 * Each line is computed in double precision, as in ITK.
 */

/** The coefficients of one recursive filter (ITK's m_N0…m_BM4). */
export interface RecursiveCoefficients {
  n0: number; n1: number; n2: number; n3: number;
  d1: number; d2: number; d3: number; d4: number;
  m1: number; m2: number; m3: number; m4: number;
  bn1: number; bn2: number; bn3: number; bn4: number;
  bm1: number; bm2: number; bm3: number; bm4: number;
}

/** Derivative order of the Gaussian: 0 smooths, 1 and 2 differentiate. */
export type GaussianOrder = 0 | 1 | 2;

// Deriche's constants for the Gaussian (index 0), its first (1) and second (2) derivative, as in ITK.
const A1 = [1.353, -0.6724, -1.3563];
const B1 = [1.8151, -3.4327, 5.2318];
const A2 = [-0.3531, 0.6724, 0.3446];
const B2 = [0.0902, 0.61, -2.2355];
const W1 = 0.6681;
const L1 = -1.3932;
const W2 = 2.0787;
const L2 = -1.3732;

interface NCoefficients { n0: number; n1: number; n2: number; n3: number; sn: number; dn: number; en: number }

function nCoefficients(sigmad: number, a1: number, b1: number, a2: number, b2: number): NCoefficients {
  const sin1 = Math.sin(W1 / sigmad);
  const sin2 = Math.sin(W2 / sigmad);
  const cos1 = Math.cos(W1 / sigmad);
  const cos2 = Math.cos(W2 / sigmad);
  const exp1 = Math.exp(L1 / sigmad);
  const exp2 = Math.exp(L2 / sigmad);
  const n0 = a1 + a2;
  let n1 = exp2 * (b2 * sin2 - (a2 + 2 * a1) * cos2);
  n1 += exp1 * (b1 * sin1 - (a1 + 2 * a2) * cos1);
  let n2 = (a1 + a2) * cos2 * cos1;
  n2 -= b1 * cos2 * sin1 + b2 * cos1 * sin2;
  n2 *= 2 * exp1 * exp2;
  n2 += a2 * exp1 * exp1 + a1 * exp2 * exp2;
  let n3 = exp2 * exp1 * exp1 * (b2 * sin2 - a2 * cos2);
  n3 += exp1 * exp2 * exp2 * (b1 * sin1 - a1 * cos1);
  return { n0, n1, n2, n3, sn: n0 + n1 + n2 + n3, dn: n1 + 2 * n2 + 3 * n3, en: n1 + 4 * n2 + 9 * n3 };
}

/**
 * The recursive filter for a Gaussian of standard deviation `sigma` (mm) along an axis of spacing `spacing`
 * (mm), or its first or second derivative (per pixel; divide by Δⁿ for per-mm derivatives).
 */
export function recursiveGaussianCoefficients(
  sigma: number,
  spacing: number,
  order: GaussianOrder,
  normalizeAcrossScale: boolean,
): RecursiveCoefficients {
  const sp = Math.abs(spacing);
  const direction = spacing < 0 ? -1 : 1;
  const sigmad = sigma / sp;
  // D coefficients (denominator), shared by all orders
  const cos1 = Math.cos(W1 / sigmad);
  const cos2 = Math.cos(W2 / sigmad);
  const exp1 = Math.exp(L1 / sigmad);
  const exp2 = Math.exp(L2 / sigmad);
  const d4 = exp1 * exp1 * exp2 * exp2;
  let d3 = -2 * cos1 * exp1 * exp2 * exp2;
  d3 += -2 * cos2 * exp2 * exp1 * exp1;
  let d2 = 4 * cos2 * cos1 * exp1 * exp2;
  d2 += exp1 * exp1 + exp2 * exp2;
  const d1 = -2 * (exp2 * cos2 + exp1 * cos1);
  const SD = 1.0 + d1 + d2 + d3 + d4;
  const DD = d1 + 2 * d2 + 3 * d3 + 4 * d4;
  const ED = d1 + 4 * d2 + 9 * d3 + 16 * d4;

  let n0: number, n1: number, n2: number, n3: number;
  let symmetric: boolean;
  if (order === 0) {
    const c = nCoefficients(sigmad, A1[0]!, B1[0]!, A2[0]!, B2[0]!);
    const alpha0 = 2 * c.sn / SD - c.n0;
    n0 = c.n0 * (1.0 / alpha0);
    n1 = c.n1 * (1.0 / alpha0);
    n2 = c.n2 * (1.0 / alpha0);
    n3 = c.n3 * (1.0 / alpha0);
    symmetric = true;
  } else if (order === 1) {
    const scale = normalizeAcrossScale ? sigma : 1.0;
    const c = nCoefficients(sigmad, A1[1]!, B1[1]!, A2[1]!, B2[1]!);
    let alpha1 = 2 * (c.sn * DD - c.dn * SD) / (SD * SD);
    alpha1 *= direction;
    n0 = c.n0 * (scale / alpha1);
    n1 = c.n1 * (scale / alpha1);
    n2 = c.n2 * (scale / alpha1);
    n3 = c.n3 * (scale / alpha1);
    symmetric = false;
  } else {
    const scale = normalizeAcrossScale ? sigma * sigma : 1.0;
    const c0 = nCoefficients(sigmad, A1[0]!, B1[0]!, A2[0]!, B2[0]!);
    const c2 = nCoefficients(sigmad, A1[2]!, B1[2]!, A2[2]!, B2[2]!);
    const beta = -(2 * c2.sn - SD * c2.n0) / (2 * c0.sn - SD * c0.n0);
    n0 = c2.n0 + beta * c0.n0;
    n1 = c2.n1 + beta * c0.n1;
    n2 = c2.n2 + beta * c0.n2;
    n3 = c2.n3 + beta * c0.n3;
    const SN = c2.sn + beta * c0.sn;
    const DN = c2.dn + beta * c0.dn;
    const EN = c2.en + beta * c0.en;
    let alpha2 = EN * SD * SD - ED * SN * SD - 2 * DN * DD * SD + 2 * DD * DD * SN;
    alpha2 /= SD * SD * SD;
    n0 *= scale / alpha2;
    n1 *= scale / alpha2;
    n2 *= scale / alpha2;
    n3 *= scale / alpha2;
    symmetric = true;
  }
  let m1: number, m2: number, m3: number, m4: number;
  if (symmetric) {
    m1 = n1 - d1 * n0;
    m2 = n2 - d2 * n0;
    m3 = n3 - d3 * n0;
    m4 = -d4 * n0;
  } else {
    m1 = -(n1 - d1 * n0);
    m2 = -(n2 - d2 * n0);
    m3 = -(n3 - d3 * n0);
    m4 = d4 * n0;
  }
  // boundary coefficients: steady state of a constant extension of the edge sample
  const SNsum = n0 + n1 + n2 + n3;
  const SMsum = m1 + m2 + m3 + m4;
  const SDsum = 1.0 + d1 + d2 + d3 + d4;
  return {
    n0, n1, n2, n3, d1, d2, d3, d4, m1, m2, m3, m4,
    bn1: d1 * SNsum / SDsum, bn2: d2 * SNsum / SDsum, bn3: d3 * SNsum / SDsum, bn4: d4 * SNsum / SDsum,
    bm1: d1 * SMsum / SDsum, bm2: d2 * SMsum / SDsum, bm3: d3 * SMsum / SDsum, bm4: d4 * SMsum / SDsum,
  };
}

/**
 * A tile kernel (see `lines.ts`) running the recursive filter on every line of the tile; lines need at least
 * 4 samples. The arithmetic follows ITK's FilterDataArray term by term (same products, same order of
 * additions); each line's recursion state is kept in local variables.
 */
export function recursiveLineKernel(c: RecursiveCoefficients) {
  const { n0, n1, n2, n3, d1, d2, d3, d4, m1, m2, m3, m4, bn1, bn2, bn3, bn4, bm1, bm2, bm3, bm4 } = c;
  return (x: Float64Array, outs: Float64Array[], _scratch: Float64Array, len: number, T: number): void => {
    const y = outs[0]!;
    for (let t = 0; t < T; t++) {
      // causal pass, started in the steady state of x[0] extended to −∞
      const v = x[t]!;
      let xa = x[T + t]!, xb = x[2 * T + t]!, xc = x[3 * T + t]!; // x[1], x[2], x[3]
      let y0 = v * n0 + v * n1 + v * n2 + v * n3;
      y0 -= v * bn1 + v * bn2 + v * bn3 + v * bn4;
      let y1 = xa * n0 + v * n1 + v * n2 + v * n3;
      y1 -= y0 * d1 + v * bn2 + v * bn3 + v * bn4;
      let y2 = xb * n0 + xa * n1 + v * n2 + v * n3;
      y2 -= y1 * d1 + y0 * d2 + v * bn3 + v * bn4;
      let y3 = xc * n0 + xb * n1 + xa * n2 + v * n3;
      y3 -= y2 * d1 + y1 * d2 + y0 * d3 + v * bn4;
      y[t] = y0; y[T + t] = y1; y[2 * T + t] = y2; y[3 * T + t] = y3;
      // state: x[i−1], x[i−2], x[i−3] and y[i−1] … y[i−4]
      let p1 = xc, p2 = xb, p3 = xa;
      let q1 = y3, q2 = y2, q3 = y1, q4 = y0;
      for (let i = 4, p = 4 * T + t; i < len; i++, p += T) {
        const xi = x[p]!;
        let acc = xi * n0 + p1 * n1 + p2 * n2 + p3 * n3;
        acc -= q1 * d1 + q2 * d2 + q3 * d3 + q4 * d4;
        y[p] = acc;
        p3 = p2; p2 = p1; p1 = xi;
        q4 = q3; q3 = q2; q2 = q1; q1 = acc;
      }
      // anti-causal pass, started in the steady state of x[len−1] extended to +∞, added to the causal one
      const e = (len - 1) * T + t;
      const w = x[e]!;
      xa = x[e]!; xb = x[e - T]!; xc = x[e - 2 * T]!; // x[len−1], x[len−2], x[len−3]
      let z0 = w * m1 + w * m2 + w * m3 + w * m4;
      z0 -= w * bm1 + w * bm2 + w * bm3 + w * bm4;
      let z1 = xa * m1 + w * m2 + w * m3 + w * m4;
      z1 -= z0 * d1 + w * bm2 + w * bm3 + w * bm4;
      let z2 = xb * m1 + xa * m2 + w * m3 + w * m4;
      z2 -= z1 * d1 + z0 * d2 + w * bm3 + w * bm4;
      let z3 = xc * m1 + xb * m2 + xa * m3 + w * m4;
      z3 -= z2 * d1 + z1 * d2 + z0 * d3 + w * bm4;
      y[e] = y[e]! + z0; y[e - T] = y[e - T]! + z1; y[e - 2 * T] = y[e - 2 * T]! + z2; y[e - 3 * T] = y[e - 3 * T]! + z3;
      // state for output i−1: x[i] … x[i+3] and z[i] … z[i+3]
      let a1 = x[e - 3 * T]!, a2 = xc, a3 = xb, a4 = xa; // x[len−4], x[len−3], x[len−2], x[len−1]
      let r1 = z3, r2 = z2, r3 = z1, r4 = z0;
      for (let i = len - 4, p = (len - 5) * T + t; i > 0; i--, p -= T) {
        // output i−1 from x[i..i+3] and z[i..i+3]
        let acc = a1 * m1 + a2 * m2 + a3 * m3 + a4 * m4;
        acc -= r1 * d1 + r2 * d2 + r3 * d3 + r4 * d4;
        y[p] = y[p]! + acc;
        a4 = a3; a3 = a2; a2 = a1; a1 = x[p]!;
        r4 = r3; r3 = r2; r2 = r1; r1 = acc;
      }
    }
  };
}
