;; gemm.wat: the WebAssembly SIMD macro-kernel of the blocked matrix product (source of truth).
;; Assembled by `npx tsx scripts/build-wasm.ts` into gemm.generated.ts; never edit that file.
;;
;; What it computes. JS packs a block of A and a block of B (any strides, any dtype) into panels in
;; this module's memory, BLIS style (src/kernels/panel.ts), of the arithmetic's type (float64 or
;; float32; int32 products stay in JS, see gemm.ts):
;;   A panel: rows in groups of MR = 4;    element (i, p) at (i / 4) * 4 * kc + p * 4 + i % 4
;;   B panel: columns in groups of NR = 4 (float64) or 8 (float32);
;;            element (p, j) at (j / NR) * NR * kc + p * NR + j % NR
;; (edge groups zero-padded), and `macro_f64` / `macro_f32` compute the C block of the same type
;;   C[i, j] (+)= sum_p A[i, p] * B[p, j]     i < rows, j < cols (padded up to MR, NR)
;; with C row-major, leading dimension ldc (in elements). JS then stores the block into the
;; caller's C with its strides and dtype. One call per (A block, B block) pair: the JS <-> wasm
;; boundary is crossed once per block, never per tile.
;;
;; Arithmetic: float64 operands sum in float64 (f64x2), float32 in float32 (f32x4), as numpy,
;; PyTorch and TF.js do. Each sum is formed in the order p = 0, 1, ... with a separate mul and add,
;; the same roundings as the JS microkernels, so the two routes give bit-identical results.
;; FMA: scripts/build-wasm.ts also assembles a second module from this text in which every
;; `(add c (mul x b))` of the micro-kernels becomes `relaxed_madd x b c` (relaxed SIMD). It is used
;; where the engine validates it and `configure({ fma })` allows it; relaxed_madd may or may not
;; fuse depending on the machine, which is why it is not the only module.

;; Register blocking (float64). The 4x4 tile of C lives in 8 v128 locals, c<i><j>: row i, columns j, j+1.
;; Per step p: two v128 loads of B's row p in the micro-panel (columns 0-1 and 2-3), four
;; load64_splat of A's column p (a[i] broadcast into both lanes), then 8 f64x2.mul + 8 f64x2.add.
;; Splatting A rather than B keeps each accumulator a pair of neighbouring columns of one row, so
;; the tile is written back with plain v128 stores into the row-major C block.
;; 8 accumulators + 2 B vectors + 1 A splat = 11 of the 16 xmm registers that V8 has on x64.
;;
;; Tile shapes measured (the macro-kernel alone on one packed 256x256x256 f64 block, median of 21,
;; AMD EPYC, 2 shared cores, Node 20; generated variants, same scheme: splat A, vector B):
;;   MR x NR   GFLOP/s          MR x NR   GFLOP/s          MR x NR       GFLOP/s
;;   4 x 4     20.6  <- this    6 x 4     14.1             4 x 4, k x2   15.1
;;   2 x 8     20.6             4 x 6     14.0             4 x 4, k x4   13.6
;;   3 x 4     18.7             4 x 8     13.4             4 x 8, k x2   14.9
;;   2 x 4     16.1             8 x 4     12.4             6 x 6         15.3
;; Tiles with 12 or more accumulators lose, as does unrolling the k loop: most likely V8's
;; register allocator then spills v128 values inside the loop (12+ accumulators and the operands
;; crowd the 16 registers). 4 x 4 and 2 x 8 tie
;; at about the mul + add throughput of 128-bit vectors on this core; 4 x 4 pads both edges less
;; than 2 x 8 pads columns, and keeps the JS microkernel's panel layout (MR = NR = 4).
;; With FMA (relaxed_madd, Node 20 --experimental-wasm-relaxed-simd) and for float32 the same holds:
;; only 8 accumulators pay (macro-kernel alone, packed 256^3 block, CPU-time medians of 9, 10:17 UTC):
;;   f64x2 fused: 4 x 4 25.5, 2 x 8 25.7, 4 x 6 13.3, 6 x 4 13.4, 4 x 8 15.7, 6 x 6 14.7 (plain 4 x 4 17.6)
;;   f32x4 fused: 4 x 8 51.2-52.8, 2 x 16 50.8, 6 x 8 26.6, 4 x 12 26.9, 8 x 8 25.6 (plain 4 x 8 39.3, 6 x 8 28.3)
;; so the fused module keeps the plain tiles (and their panel layouts).
;; Whole products (JS packing + this + JS store; `npx tsx bench/kernels.ts gemm`, medians, same
;; run): 256^3 f64 4.5 GFLOP/s with the JS microkernel, 18.3 with this one; 64 x 64^3 f32 3.3 vs
;; 12.0; nqhd,nkhd->nhqk (8,256,8,64) f32 3.5 vs 15.9. The rest of the gap to 20 is packing (JS
;; reads any strides and dtypes) and the store into C.

(module
  ;; Grown from JS (memory.grow) when the panels of a larger product need more room.
  (memory (export "memory") 1)

  ;; micro: the 4x4 tile at c (byte address, row stride ldc8 bytes)
  ;;   (+)= A micro-panel at a (4 x kc) . B micro-panel at b (kc x 4).
  ;; overwrite != 0: store the sums (first depth block); else add them to what is there.
  (func $micro
    (param $kc i32) (param $a i32) (param $b i32) (param $c i32) (param $ldc8 i32) (param $overwrite i32)
    (local $end i32)
    (local $c00 v128) (local $c02 v128) (local $c10 v128) (local $c12 v128)
    (local $c20 v128) (local $c22 v128) (local $c30 v128) (local $c32 v128)
    (local $b0 v128) (local $b2 v128) (local $x v128)
    ;; Accumulators start at +0 (v128 locals are zero-initialized). One step p per iteration:
    ;; A's column p (4 values, 32 bytes) and B's row p (4 values, 32 bytes).
    (local.set $end (i32.add (local.get $a) (i32.shl (local.get $kc) (i32.const 5))))
    (if (i32.lt_u (local.get $a) (local.get $end))
      (then
        (loop $steps
          (local.set $b0 (v128.load (local.get $b)))
          (local.set $b2 (v128.load offset=16 (local.get $b)))
          (local.set $x (v128.load64_splat (local.get $a)))
          (local.set $c00 (f64x2.add (local.get $c00) (f64x2.mul (local.get $x) (local.get $b0))))
          (local.set $c02 (f64x2.add (local.get $c02) (f64x2.mul (local.get $x) (local.get $b2))))
          (local.set $x (v128.load64_splat offset=8 (local.get $a)))
          (local.set $c10 (f64x2.add (local.get $c10) (f64x2.mul (local.get $x) (local.get $b0))))
          (local.set $c12 (f64x2.add (local.get $c12) (f64x2.mul (local.get $x) (local.get $b2))))
          (local.set $x (v128.load64_splat offset=16 (local.get $a)))
          (local.set $c20 (f64x2.add (local.get $c20) (f64x2.mul (local.get $x) (local.get $b0))))
          (local.set $c22 (f64x2.add (local.get $c22) (f64x2.mul (local.get $x) (local.get $b2))))
          (local.set $x (v128.load64_splat offset=24 (local.get $a)))
          (local.set $c30 (f64x2.add (local.get $c30) (f64x2.mul (local.get $x) (local.get $b0))))
          (local.set $c32 (f64x2.add (local.get $c32) (f64x2.mul (local.get $x) (local.get $b2))))
          (local.set $a (i32.add (local.get $a) (i32.const 32)))
          (local.set $b (i32.add (local.get $b) (i32.const 32)))
          (br_if $steps (i32.lt_u (local.get $a) (local.get $end))))))
    ;; Later depth blocks add to the partial sums already in the C block.
    (if (i32.eqz (local.get $overwrite))
      (then
        (local.set $c00 (f64x2.add (v128.load (local.get $c)) (local.get $c00)))
        (local.set $c02 (f64x2.add (v128.load offset=16 (local.get $c)) (local.get $c02)))
        (local.set $x (v128.load (i32.add (local.get $c) (local.get $ldc8))))
        (local.set $c10 (f64x2.add (local.get $x) (local.get $c10)))
        (local.set $x (v128.load offset=16 (i32.add (local.get $c) (local.get $ldc8))))
        (local.set $c12 (f64x2.add (local.get $x) (local.get $c12)))
        (local.set $x (v128.load (i32.add (local.get $c) (i32.shl (local.get $ldc8) (i32.const 1)))))
        (local.set $c20 (f64x2.add (local.get $x) (local.get $c20)))
        (local.set $x (v128.load offset=16 (i32.add (local.get $c) (i32.shl (local.get $ldc8) (i32.const 1)))))
        (local.set $c22 (f64x2.add (local.get $x) (local.get $c22)))
        (local.set $x (v128.load (i32.add (local.get $c) (i32.mul (local.get $ldc8) (i32.const 3)))))
        (local.set $c30 (f64x2.add (local.get $x) (local.get $c30)))
        (local.set $x (v128.load offset=16 (i32.add (local.get $c) (i32.mul (local.get $ldc8) (i32.const 3)))))
        (local.set $c32 (f64x2.add (local.get $x) (local.get $c32)))))
    (v128.store (local.get $c) (local.get $c00))
    (v128.store offset=16 (local.get $c) (local.get $c02))
    (local.set $c (i32.add (local.get $c) (local.get $ldc8)))
    (v128.store (local.get $c) (local.get $c10))
    (v128.store offset=16 (local.get $c) (local.get $c12))
    (local.set $c (i32.add (local.get $c) (local.get $ldc8)))
    (v128.store (local.get $c) (local.get $c20))
    (v128.store offset=16 (local.get $c) (local.get $c22))
    (local.set $c (i32.add (local.get $c) (local.get $ldc8)))
    (v128.store (local.get $c) (local.get $c30))
    (v128.store offset=16 (local.get $c) (local.get $c32)))

  ;; macro(rows, cols, kc, a, b, c, ldc, overwrite): the whole C block from one packed A block
  ;; (rows x kc, at byte address a) and one packed B block (kc x cols, at b); c is the byte
  ;; address of the block's first element, ldc its row stride in elements. rows and cols need
  ;; not be multiples of 4: the panels are zero-padded and the C block has room for whole tiles.
  ;; Loop order as in BLIS: one B micro-panel (kc x 4, 8 KB at kc = 256) stays in L1 while the
  ;; A micro-panels stream past it from L2.
  (func (export "macro_f64")
    (param $rows i32) (param $cols i32) (param $kc i32) (param $a i32) (param $b i32)
    (param $c i32) (param $ldc i32) (param $overwrite i32)
    (local $jr i32) (local $ir i32) (local $panel i32) (local $ldc8 i32) (local $bp i32) (local $cp i32)
    (local.set $panel (i32.shl (local.get $kc) (i32.const 5))) ;; bytes of one 4 x kc micro-panel
    (local.set $ldc8 (i32.shl (local.get $ldc) (i32.const 3)))
    (local.set $bp (local.get $b))
    (block $done
      (loop $columns
        (br_if $done (i32.ge_u (local.get $jr) (local.get $cols)))
        (local.set $ir (i32.const 0))
        (local.set $cp (i32.add (local.get $c) (i32.shl (local.get $jr) (i32.const 3))))
        (block $rowsDone
          (loop $rowTiles
            (br_if $rowsDone (i32.ge_u (local.get $ir) (local.get $rows)))
            (call $micro (local.get $kc)
              (i32.add (local.get $a) (i32.mul (i32.shr_u (local.get $ir) (i32.const 2)) (local.get $panel)))
              (local.get $bp) (local.get $cp) (local.get $ldc8) (local.get $overwrite))
            (local.set $cp (i32.add (local.get $cp) (i32.shl (local.get $ldc8) (i32.const 2))))
            (local.set $ir (i32.add (local.get $ir) (i32.const 4)))
            (br $rowTiles)))
        (local.set $bp (i32.add (local.get $bp) (local.get $panel)))
        (local.set $jr (i32.add (local.get $jr) (i32.const 4)))
        (br $columns))))

;; ---- float32: f32x4 lanes, 4 x 8 tiles ------------------------------------------------------
  ;; Panels of float32 (4 bytes), same scheme as above with NR = 8:
  ;;   A panel: rows in groups of 4;    element (i, p) at (i / 4) * 4 * kc + p * 4 + i % 4
  ;;   B panel: columns in groups of 8; element (p, j) at (j / 8) * 8 * kc + p * 8 + j % 8
  ;; The 4 x 8 tile lives in 8 f32x4 locals c<i><j> (row i, columns j..j+3): per step p two B
  ;; loads (16 bytes each), four load32_splat of A, 8 f32x4.mul + 8 f32x4.add, the same
  ;; register budget as the float64 4 x 4 tile with twice the flops per instruction.
  ;; Each sum is formed in the order p = 0, 1, ... with one rounding per mul and per add, as the
  ;; JS float32 microkernel does with Math.fround (micro.ts), so the two routes agree bit for bit.
  (func $micro_f32
    (param $kc i32) (param $a i32) (param $b i32) (param $c i32) (param $ldc4 i32) (param $overwrite i32)
    (local $end i32)
    (local $c00 v128) (local $c04 v128) (local $c10 v128) (local $c14 v128)
    (local $c20 v128) (local $c24 v128) (local $c30 v128) (local $c34 v128)
    (local $b0 v128) (local $b4 v128) (local $x v128)
    (local.set $end (i32.add (local.get $a) (i32.shl (local.get $kc) (i32.const 4))))
    (if (i32.lt_u (local.get $a) (local.get $end))
      (then
        (loop $steps
          (local.set $b0 (v128.load (local.get $b)))
          (local.set $b4 (v128.load offset=16 (local.get $b)))
          (local.set $x (v128.load32_splat (local.get $a)))
          (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $x) (local.get $b0))))
          (local.set $c04 (f32x4.add (local.get $c04) (f32x4.mul (local.get $x) (local.get $b4))))
          (local.set $x (v128.load32_splat offset=4 (local.get $a)))
          (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $x) (local.get $b0))))
          (local.set $c14 (f32x4.add (local.get $c14) (f32x4.mul (local.get $x) (local.get $b4))))
          (local.set $x (v128.load32_splat offset=8 (local.get $a)))
          (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $x) (local.get $b0))))
          (local.set $c24 (f32x4.add (local.get $c24) (f32x4.mul (local.get $x) (local.get $b4))))
          (local.set $x (v128.load32_splat offset=12 (local.get $a)))
          (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $x) (local.get $b0))))
          (local.set $c34 (f32x4.add (local.get $c34) (f32x4.mul (local.get $x) (local.get $b4))))
          (local.set $a (i32.add (local.get $a) (i32.const 16)))
          (local.set $b (i32.add (local.get $b) (i32.const 32)))
          (br_if $steps (i32.lt_u (local.get $a) (local.get $end))))))
    (if (i32.eqz (local.get $overwrite))
      (then
        (local.set $c00 (f32x4.add (v128.load (local.get $c)) (local.get $c00)))
        (local.set $c04 (f32x4.add (v128.load offset=16 (local.get $c)) (local.get $c04)))
        (local.set $x (v128.load (i32.add (local.get $c) (local.get $ldc4))))
        (local.set $c10 (f32x4.add (local.get $x) (local.get $c10)))
        (local.set $x (v128.load offset=16 (i32.add (local.get $c) (local.get $ldc4))))
        (local.set $c14 (f32x4.add (local.get $x) (local.get $c14)))
        (local.set $x (v128.load (i32.add (local.get $c) (i32.shl (local.get $ldc4) (i32.const 1)))))
        (local.set $c20 (f32x4.add (local.get $x) (local.get $c20)))
        (local.set $x (v128.load offset=16 (i32.add (local.get $c) (i32.shl (local.get $ldc4) (i32.const 1)))))
        (local.set $c24 (f32x4.add (local.get $x) (local.get $c24)))
        (local.set $x (v128.load (i32.add (local.get $c) (i32.mul (local.get $ldc4) (i32.const 3)))))
        (local.set $c30 (f32x4.add (local.get $x) (local.get $c30)))
        (local.set $x (v128.load offset=16 (i32.add (local.get $c) (i32.mul (local.get $ldc4) (i32.const 3)))))
        (local.set $c34 (f32x4.add (local.get $x) (local.get $c34)))))
    (v128.store (local.get $c) (local.get $c00))
    (v128.store offset=16 (local.get $c) (local.get $c04))
    (local.set $c (i32.add (local.get $c) (local.get $ldc4)))
    (v128.store (local.get $c) (local.get $c10))
    (v128.store offset=16 (local.get $c) (local.get $c14))
    (local.set $c (i32.add (local.get $c) (local.get $ldc4)))
    (v128.store (local.get $c) (local.get $c20))
    (v128.store offset=16 (local.get $c) (local.get $c24))
    (local.set $c (i32.add (local.get $c) (local.get $ldc4)))
    (v128.store (local.get $c) (local.get $c30))
    (v128.store offset=16 (local.get $c) (local.get $c34)))

  ;; macro_f32: macro_f64 for float32 panels and a float32 C block (ldc in elements, a multiple of 8).
  (func (export "macro_f32")
    (param $rows i32) (param $cols i32) (param $kc i32) (param $a i32) (param $b i32)
    (param $c i32) (param $ldc i32) (param $overwrite i32)
    (local $jr i32) (local $ir i32) (local $apanel i32) (local $bpanel i32) (local $ldc4 i32) (local $bp i32) (local $cp i32)
    (local.set $apanel (i32.shl (local.get $kc) (i32.const 4))) ;; bytes of one 4 x kc A micro-panel
    (local.set $bpanel (i32.shl (local.get $kc) (i32.const 5))) ;; bytes of one kc x 8 B micro-panel
    (local.set $ldc4 (i32.shl (local.get $ldc) (i32.const 2)))
    (local.set $bp (local.get $b))
    (block $done
      (loop $columns
        (br_if $done (i32.ge_u (local.get $jr) (local.get $cols)))
        (local.set $ir (i32.const 0))
        (local.set $cp (i32.add (local.get $c) (i32.shl (local.get $jr) (i32.const 2))))
        (block $rowsDone
          (loop $rowTiles
            (br_if $rowsDone (i32.ge_u (local.get $ir) (local.get $rows)))
            (call $micro_f32 (local.get $kc)
              (i32.add (local.get $a) (i32.mul (i32.shr_u (local.get $ir) (i32.const 2)) (local.get $apanel)))
              (local.get $bp) (local.get $cp) (local.get $ldc4) (local.get $overwrite))
            (local.set $cp (i32.add (local.get $cp) (i32.shl (local.get $ldc4) (i32.const 2))))
            (local.set $ir (i32.add (local.get $ir) (i32.const 4)))
            (br $rowTiles)))
        (local.set $bp (i32.add (local.get $bp) (local.get $bpanel)))
        (local.set $jr (i32.add (local.get $jr) (i32.const 8)))
        (br $columns))))

;; ---- packing float32 panels ----------------------------------------------------------------
  ;; JS copies a block of an operand into the `raw` region as it is (TypedArray.set: a memcpy, or
  ;; one native conversion from float64), one line after another, and these lay it out as the
  ;; panel the micro-kernel reads (see the top of this file), about 10 times faster than packing
  ;; element by element in JS. Rows past the block's edge are zero lines in raw, so every group
  ;; is whole. group is 4 (A) or 8 (B).

  ;; pack_adjacent_f32(src, ld, groups, depth, group, dst): element (r, p) at src + 4 * (p * ld + r):
  ;; a group's rows neighbour each other (B row-major, A column-major), so each step p of a group
  ;; is group / 4 vectors copied as they are.
  (func (export "pack_adjacent_f32")
    (param $src i32) (param $ld i32) (param $groups i32) (param $depth i32) (param $group i32) (param $dst i32)
    (local $q i32) (local $s i32) (local $end i32) (local $ld4 i32)
    (local.set $ld4 (i32.shl (local.get $ld) (i32.const 2)))
    (block $done
      (loop $groupLoop
        (br_if $done (i32.ge_u (local.get $q) (local.get $groups)))
        (local.set $s (i32.add (local.get $src) (i32.shl (i32.mul (local.get $q) (local.get $group)) (i32.const 2))))
        (local.set $end (i32.add (local.get $dst) (i32.shl (i32.mul (local.get $depth) (local.get $group)) (i32.const 2))))
        (if (i32.eq (local.get $group) (i32.const 8))
          (then
            (block $stepsDone8
              (loop $steps8
                (br_if $stepsDone8 (i32.ge_u (local.get $dst) (local.get $end)))
                (v128.store (local.get $dst) (v128.load (local.get $s)))
                (v128.store offset=16 (local.get $dst) (v128.load offset=16 (local.get $s)))
                (local.set $s (i32.add (local.get $s) (local.get $ld4)))
                (local.set $dst (i32.add (local.get $dst) (i32.const 32)))
                (br $steps8))))
          (else
            (block $stepsDone4
              (loop $steps4
                (br_if $stepsDone4 (i32.ge_u (local.get $dst) (local.get $end)))
                (v128.store (local.get $dst) (v128.load (local.get $s)))
                (local.set $s (i32.add (local.get $s) (local.get $ld4)))
                (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
                (br $steps4)))))
        (local.set $q (i32.add (local.get $q) (i32.const 1)))
        (br $groupLoop))))

  ;; pack_along_f32(src, ld, groups, depth, group, dst): element (r, p) at src + 4 * (r * ld + p):
  ;; each row runs along the depth (A row-major, B column-major), so four steps of four rows are
  ;; a 4 x 4 transpose: four row loads, eight shuffles, four stores. A depth that is not a
  ;; multiple of 4 ends with single elements.
  (func (export "pack_along_f32")
    (param $src i32) (param $ld i32) (param $groups i32) (param $depth i32) (param $group i32) (param $dst i32)
    (local $q i32) (local $h i32) (local $p i32) (local $r i32) (local $depth4 i32) (local $ld4 i32)
    (local $row i32) (local $out i32) (local $step i32) (local $base i32)
    (local $r0 v128) (local $r1 v128) (local $r2 v128) (local $r3 v128)
    (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
    (local.set $ld4 (i32.shl (local.get $ld) (i32.const 2)))
    (local.set $depth4 (i32.and (local.get $depth) (i32.const -4)))
    (local.set $step (i32.shl (local.get $group) (i32.const 2))) ;; bytes of one step p in the panel
    (block $done
      (loop $groupLoop
        (br_if $done (i32.ge_u (local.get $q) (local.get $groups)))
        (local.set $base (i32.add (local.get $dst) (i32.mul (i32.mul (local.get $q) (local.get $depth)) (local.get $step))))
        ;; Four rows at a time: rows q*group + 4h .. +3 go to lanes 4h .. 4h+3 of each step.
        (local.set $h (i32.const 0))
        (block $halvesDone
          (loop $halves
            (br_if $halvesDone (i32.ge_u (i32.shl (local.get $h) (i32.const 2)) (local.get $group)))
            (local.set $row (i32.add (local.get $src)
              (i32.mul (i32.add (i32.mul (local.get $q) (local.get $group)) (i32.shl (local.get $h) (i32.const 2))) (local.get $ld4))))
            (local.set $out (i32.add (local.get $base) (i32.shl (local.get $h) (i32.const 4))))
            (local.set $p (i32.const 0))
            (block $stepsDone
              (loop $steps
                (br_if $stepsDone (i32.ge_u (local.get $p) (local.get $depth4)))
                (local.set $r0 (v128.load (local.get $row)))
                (local.set $r1 (v128.load (i32.add (local.get $row) (local.get $ld4))))
                (local.set $r2 (v128.load (i32.add (local.get $row) (i32.shl (local.get $ld4) (i32.const 1)))))
                (local.set $r3 (v128.load (i32.add (local.get $row) (i32.mul (local.get $ld4) (i32.const 3)))))
                (local.set $t0 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $r0) (local.get $r1)))
                (local.set $t1 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $r0) (local.get $r1)))
                (local.set $t2 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $r2) (local.get $r3)))
                (local.set $t3 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $r2) (local.get $r3)))
                (v128.store (local.get $out) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t2)))
                (v128.store (i32.add (local.get $out) (local.get $step))
                  (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t2)))
                (v128.store (i32.add (local.get $out) (i32.shl (local.get $step) (i32.const 1)))
                  (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t1) (local.get $t3)))
                (v128.store (i32.add (local.get $out) (i32.mul (local.get $step) (i32.const 3)))
                  (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t1) (local.get $t3)))
                (local.set $row (i32.add (local.get $row) (i32.const 16)))
                (local.set $out (i32.add (local.get $out) (i32.shl (local.get $step) (i32.const 2))))
                (local.set $p (i32.add (local.get $p) (i32.const 4)))
                (br $steps)))
            ;; The last depth % 4 steps, one element at a time.
            (block $tailDone
              (loop $tail
                (br_if $tailDone (i32.ge_u (local.get $p) (local.get $depth)))
                (local.set $r (i32.const 0))
                (block $lanesDone
                  (loop $lanes
                    (br_if $lanesDone (i32.ge_u (local.get $r) (i32.const 4)))
                    (f32.store (i32.add (local.get $out) (i32.shl (local.get $r) (i32.const 2)))
                      (f32.load (i32.add (local.get $row) (i32.mul (local.get $r) (local.get $ld4)))))
                    (local.set $r (i32.add (local.get $r) (i32.const 1)))
                    (br $lanes)))
                (local.set $row (i32.add (local.get $row) (i32.const 4)))
                (local.set $out (i32.add (local.get $out) (local.get $step)))
                (local.set $p (i32.add (local.get $p) (i32.const 1)))
                (br $tail)))
            (local.set $h (i32.add (local.get $h) (i32.const 1)))
            (br $halves)))
        (local.set $q (i32.add (local.get $q) (i32.const 1)))
        (br $groupLoop))))

  ;; demote(src, dst, rows, cols, ldc): the C block (float64, rows x cols at byte address src,
  ;; row stride ldc elements, ldc a multiple of 4) rounded to float32 and packed densely at dst
  ;; (row i at dst + 4 * i * cols), so JS stores a float32 C with TypedArray.set of like types
  ;; (a memcpy) instead of converting element by element (about 3 times slower).
  ;; Four values per step: two f64x2 -> two f32x4 with zero high halves, merged by a shuffle.
  ;; A row's last step may write up to 3 floats past its end: the next row overwrites them, and
  ;; after the last row the staging area has 4 floats of slack.
  ;; Rounding: f32.demote is round-to-nearest-even, as a Float32Array store in JS.
  (func (export "demote")
    (param $src i32) (param $dst i32) (param $rows i32) (param $cols i32) (param $ldc i32)
    (local $i i32) (local $s i32) (local $d i32) (local $end i32)
    (block $done
      (loop $row
        (br_if $done (i32.ge_u (local.get $i) (local.get $rows)))
        (local.set $s (i32.add (local.get $src) (i32.shl (i32.mul (local.get $i) (local.get $ldc)) (i32.const 3))))
        (local.set $d (i32.add (local.get $dst) (i32.shl (i32.mul (local.get $i) (local.get $cols)) (i32.const 2))))
        (local.set $end (i32.add (local.get $d) (i32.shl (local.get $cols) (i32.const 2))))
        (block $rowDone
          (loop $step
            (br_if $rowDone (i32.ge_u (local.get $d) (local.get $end)))
            (v128.store (local.get $d)
              (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
                (f32x4.demote_f64x2_zero (v128.load (local.get $s)))
                (f32x4.demote_f64x2_zero (v128.load offset=16 (local.get $s)))))
            (local.set $s (i32.add (local.get $s) (i32.const 32)))
            (local.set $d (i32.add (local.get $d) (i32.const 16)))
            (br $step)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $row))))
)
