;; Integer dot products of int16 rows, for the exact Spearman fast path of correlationMap.
;;
;;   out[a·ldo + b] (i32) = Σₖ A[a][k] · B[b][k]
;;
;; with 8 multiply-adds per instruction (i32x4.dot_i16x8_s: pmaddwd on x86, smull/smlal pairs on ARM).
;; Exact as long as no partial sum leaves the int32 range, which the caller guarantees (see dotI16.ts).
;;
;; Packed layouts (int16, little-endian), with n padded with zeros to a multiple of 8 (kSteps = n/8 blocks):
;;   A: panels of 4 rows, each panel kSteps blocks of [row0 k..k+7 | row1 … | row2 … | row3 …] = 64 bytes;
;;   B: pairs of 2 rows, each pair kSteps blocks of [row0 k..k+7 | row1 k..k+7] = 32 bytes.
;; So a 4 × 2 register tile walks two pointers with constant offsets. Row counts are padded with zero rows to
;; whole panels and pairs by the caller. out is row-major over A's rows (na = 4·panels) and B's rows
;; (2·pairs), with leading dimension ldo (in i32 elements).
;;
;; The 4 × 2 tile keeps 8 i32x4 accumulators, 2 B vectors and 1 A vector in registers (11 of x86's 16).
;; The work of one panel is its own function ($panel), called once per panel, so V8's tier-up from the
;; baseline compiler to the optimising one (which happens between calls) takes effect after a few panels.
(module
  (memory (export "memory") 1)

  ;; One 4-row panel of A (at $pa) against $nPairs pairs of B (from $pb), into out rows at $po (row stride
  ;; $ldoBytes), columns 0 … 2·$nPairs − 1.
  (func $panel (param $pa i32) (param $pb i32) (param $nPairs i32) (param $kSteps i32) (param $po i32) (param $ldoBytes i32)
    (local $pair i32) (local $a i32) (local $aEnd i32) (local $b i32) (local $o i32)
    (local $s00 v128) (local $s01 v128) (local $s10 v128) (local $s11 v128)
    (local $s20 v128) (local $s21 v128) (local $s30 v128) (local $s31 v128)
    (local $x v128) (local $y0 v128) (local $y1 v128)
    (local.set $b (local.get $pb))
    (local.set $aEnd (i32.add (local.get $pa) (i32.shl (local.get $kSteps) (i32.const 6))))
    (loop $pairs
      (local.set $s00 (v128.const i32x4 0 0 0 0))
      (local.set $s01 (v128.const i32x4 0 0 0 0))
      (local.set $s10 (v128.const i32x4 0 0 0 0))
      (local.set $s11 (v128.const i32x4 0 0 0 0))
      (local.set $s20 (v128.const i32x4 0 0 0 0))
      (local.set $s21 (v128.const i32x4 0 0 0 0))
      (local.set $s30 (v128.const i32x4 0 0 0 0))
      (local.set $s31 (v128.const i32x4 0 0 0 0))
      (local.set $a (local.get $pa))
      (loop $k
        (local.set $y0 (v128.load offset=0 (local.get $b)))
        (local.set $y1 (v128.load offset=16 (local.get $b)))
        (local.set $x (v128.load offset=0 (local.get $a)))
        (local.set $s00 (i32x4.add (local.get $s00) (i32x4.dot_i16x8_s (local.get $x) (local.get $y0))))
        (local.set $s01 (i32x4.add (local.get $s01) (i32x4.dot_i16x8_s (local.get $x) (local.get $y1))))
        (local.set $x (v128.load offset=16 (local.get $a)))
        (local.set $s10 (i32x4.add (local.get $s10) (i32x4.dot_i16x8_s (local.get $x) (local.get $y0))))
        (local.set $s11 (i32x4.add (local.get $s11) (i32x4.dot_i16x8_s (local.get $x) (local.get $y1))))
        (local.set $x (v128.load offset=32 (local.get $a)))
        (local.set $s20 (i32x4.add (local.get $s20) (i32x4.dot_i16x8_s (local.get $x) (local.get $y0))))
        (local.set $s21 (i32x4.add (local.get $s21) (i32x4.dot_i16x8_s (local.get $x) (local.get $y1))))
        (local.set $x (v128.load offset=48 (local.get $a)))
        (local.set $s30 (i32x4.add (local.get $s30) (i32x4.dot_i16x8_s (local.get $x) (local.get $y0))))
        (local.set $s31 (i32x4.add (local.get $s31) (i32x4.dot_i16x8_s (local.get $x) (local.get $y1))))
        (local.set $a (i32.add (local.get $a) (i32.const 64)))
        (local.set $b (i32.add (local.get $b) (i32.const 32)))
        (br_if $k (i32.lt_u (local.get $a) (local.get $aEnd))))
      ;; Lane sums, four at a time, [Σs00, Σs01, Σs10, Σs11] then [Σs20, Σs21, Σs30, Σs31] (inline: with a
      ;; call per tile the kernel ran ~30% slower at n = 64). With p, q, r, s the four accumulators:
      ;;   y0 = [p0+p2, p1+p3, q0+q2, q1+q3], y1 = the same of r and s,
      ;;   x  = [y0₀+y0₁, y0₂+y0₃, y1₀+y1₁, y1₂+y1₃] = [Σp, Σq, Σr, Σs],
      ;; each x stored as two (row, b0 … b1) halves.
      (local.set $o (i32.add (local.get $po) (i32.shl (local.get $pair) (i32.const 3))))
      (local.set $y0 (i32x4.add
        (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $s00) (local.get $s01))
        (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $s00) (local.get $s01))))
      (local.set $y1 (i32x4.add
        (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $s10) (local.get $s11))
        (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $s10) (local.get $s11))))
      (local.set $x (i32x4.add
        (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $y0) (local.get $y1))
        (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $y0) (local.get $y1))))
      (v128.store64_lane 0 (local.get $o) (local.get $x))
      (local.set $o (i32.add (local.get $o) (local.get $ldoBytes)))
      (v128.store64_lane 1 (local.get $o) (local.get $x))
      (local.set $o (i32.add (local.get $o) (local.get $ldoBytes)))
      (local.set $y0 (i32x4.add
        (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $s20) (local.get $s21))
        (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $s20) (local.get $s21))))
      (local.set $y1 (i32x4.add
        (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $s30) (local.get $s31))
        (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $s30) (local.get $s31))))
      (local.set $x (i32x4.add
        (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $y0) (local.get $y1))
        (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $y0) (local.get $y1))))
      (v128.store64_lane 0 (local.get $o) (local.get $x))
      (local.set $o (i32.add (local.get $o) (local.get $ldoBytes)))
      (v128.store64_lane 1 (local.get $o) (local.get $x))
      (local.set $pair (i32.add (local.get $pair) (i32.const 1)))
      (br_if $pairs (i32.lt_u (local.get $pair) (local.get $nPairs)))))

  ;; out = A·Bᵀ for $nPanels panels of A at $pA and $nPairs pairs of B at $pB (kSteps ≥ 1, nPairs ≥ 1), out
  ;; at $pOut with leading dimension $ldo (i32 elements, ≥ 2·nPairs). All pointers 16-byte aligned.
  (func (export "dot") (param $pA i32) (param $nPanels i32) (param $pB i32) (param $nPairs i32) (param $kSteps i32) (param $pOut i32) (param $ldo i32)
    (local $i i32) (local $panelBytes i32) (local $ldoBytes i32)
    (if (i32.or (i32.eqz (local.get $nPanels)) (i32.or (i32.eqz (local.get $nPairs)) (i32.eqz (local.get $kSteps))))
      (then (return)))
    (local.set $panelBytes (i32.shl (local.get $kSteps) (i32.const 6)))
    (local.set $ldoBytes (i32.shl (local.get $ldo) (i32.const 2)))
    (loop $panels
      (call $panel (local.get $pA) (local.get $pB) (local.get $nPairs) (local.get $kSteps) (local.get $pOut) (local.get $ldoBytes))
      (local.set $pA (i32.add (local.get $pA) (local.get $panelBytes)))
      (local.set $pOut (i32.add (local.get $pOut) (i32.shl (local.get $ldoBytes) (i32.const 2))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $panels (i32.lt_u (local.get $i) (local.get $nPanels))))))
