/**
 * argsort (radix path for n ≥ 1024, comparator path below) against the definition: a stable sort of the
 * indices by value, written with Array.prototype.sort and an index tie-break.
 */
import { describe, expect, it } from "vitest";
import { argsort } from "../../src/survival/argsort";

function reference(values: readonly number[]): number[] {
  return values.map((_, i) => i).sort((a, b) => (values[a]! < values[b]! ? -1 : values[a]! > values[b]! ? 1 : a - b));
}

describe("argsort", () => {
  const special = [0, -0, 5e-324, -5e-324, 1e-300, -1e-300, 1e300, -1e300, 1, -1, 0.1, 0.1 + 1e-17, 2 ** 52, -(2 ** 52), 1.0000000000000002];
  for (const n of [10, 1023, 1024, 5000]) {
    it(`orders ${n} values with negatives, ±0, subnormals, extremes and ties stably`, () => {
      const values = Array.from({ length: n }, (_, i) => (i % 7 === 0 ? special[i % special.length]! : ((i * 7919) % 503) / 16 - 12 + (i % 11 === 0 ? 1e-9 : 0)));
      const frozen = Object.freeze([...values]);
      expect(Array.from(argsort(frozen))).toEqual(reference(frozen));
    });
  }
  it("all-equal keys keep the input order", () => {
    expect(Array.from(argsort(new Float64Array(2000).fill(3.5)))).toEqual(Array.from({ length: 2000 }, (_, i) => i));
  });
});
