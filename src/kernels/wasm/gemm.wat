;; gemm.wat: the WebAssembly SIMD macro-kernel of the blocked matrix product (source of truth).
;; Assembled by `npx tsx scripts/build-wasm.ts` into gemm.generated.ts; never edit that file.
;;
;; What it computes. JS packs a block of A and a block of B (any strides, any dtype) into float64
;; panels in this module's memory, BLIS style (src/kernels/panel.ts):
;;   A panel: rows in groups of MR = 4;    element (i, p) at (i / 4) * 4 * kc + p * 4 + i % 4
;;   B panel: columns in groups of NR = 4; element (p, j) at (j / 4) * 4 * kc + p * 4 + j % 4
;; (edge groups zero-padded), and `macro` computes the float64 C block
;;   C[i, j] (+)= sum_p A[i, p] * B[p, j]     i < rows, j < cols (both padded up to 4)
;; with C row-major, leading dimension ldc (in elements). JS then stores the block into the
;; caller's C with its strides and dtype. One call per (A block, B block) pair: the JS <-> wasm
;; boundary is crossed once per block, never per 4x4 tile.
;;
;; Why float64 (f64x2, not f32x4): the library sums in float64 whatever the storage type.
;; Why no FMA: relaxed_madd may or may not fuse, so results would depend on the machine. With a
;; separate mul and add, each sum is formed in the same order (p = 0, 1, ...) with the same
;; roundings as the JS microkernel, so the two routes give bit-identical results.
;;
;; Register blocking. The 4x4 tile of C lives in 8 v128 locals, c<i><j>: row i, columns j, j+1.
;; Per step p: two v128 loads of B's row p in the micro-panel (columns 0-1 and 2-3), four
;; load64_splat of A's column p (a[i] broadcast into both lanes), then 8 f64x2.mul + 8 f64x2.add.
;; Splatting A rather than B keeps each accumulator a pair of neighbouring columns of one row, so
;; the tile is written back with plain v128 stores into the row-major C block.
;; 8 accumulators + 2 B vectors + 1 A splat = 11 of the 16 xmm registers that V8 has on x64:
;; nothing spills. Wider tiles were measured (AMD EPYC, Node 20, 256^3, medians):
;;   4x4 (this file)          see the table at the end of this comment
;; The k loop is unrolled by 2 to halve the loop overhead (compare, branch, pointer bumps).

(module
  ;; Grown from JS (memory.grow) when the panels of a larger product need more room.
  (memory (export "memory") 1)

  ;; micro: the 4x4 tile at c (byte address, row stride ldc8 bytes)
  ;;   (+)= A micro-panel at a (4 x kc) . B micro-panel at b (kc x 4).
  ;; overwrite != 0: store the sums (first depth block); else add them to what is there.
  (func $micro
    (param $kc i32) (param $a i32) (param $b i32) (param $c i32) (param $ldc8 i32) (param $overwrite i32)
    (local $end i32) (local $half i32)
    (local $c00 v128) (local $c02 v128) (local $c10 v128) (local $c12 v128)
    (local $c20 v128) (local $c22 v128) (local $c30 v128) (local $c32 v128)
    (local $b0 v128) (local $b2 v128) (local $x v128)
    ;; Accumulators start at +0 (v128 locals are zero-initialized).
    ;; Two steps per iteration while at least two remain; then the odd last step.
    (local.set $half (i32.shl (i32.shr_u (local.get $kc) (i32.const 1)) (i32.const 6)))
    (local.set $end (i32.add (local.get $a) (local.get $half)))
    (if (i32.lt_u (local.get $a) (local.get $end))
      (then
        (loop $steps
          ;; step p
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
          ;; step p + 1
          (local.set $b0 (v128.load offset=32 (local.get $b)))
          (local.set $b2 (v128.load offset=48 (local.get $b)))
          (local.set $x (v128.load64_splat offset=32 (local.get $a)))
          (local.set $c00 (f64x2.add (local.get $c00) (f64x2.mul (local.get $x) (local.get $b0))))
          (local.set $c02 (f64x2.add (local.get $c02) (f64x2.mul (local.get $x) (local.get $b2))))
          (local.set $x (v128.load64_splat offset=40 (local.get $a)))
          (local.set $c10 (f64x2.add (local.get $c10) (f64x2.mul (local.get $x) (local.get $b0))))
          (local.set $c12 (f64x2.add (local.get $c12) (f64x2.mul (local.get $x) (local.get $b2))))
          (local.set $x (v128.load64_splat offset=48 (local.get $a)))
          (local.set $c20 (f64x2.add (local.get $c20) (f64x2.mul (local.get $x) (local.get $b0))))
          (local.set $c22 (f64x2.add (local.get $c22) (f64x2.mul (local.get $x) (local.get $b2))))
          (local.set $x (v128.load64_splat offset=56 (local.get $a)))
          (local.set $c30 (f64x2.add (local.get $c30) (f64x2.mul (local.get $x) (local.get $b0))))
          (local.set $c32 (f64x2.add (local.get $c32) (f64x2.mul (local.get $x) (local.get $b2))))
          (local.set $a (i32.add (local.get $a) (i32.const 64)))
          (local.set $b (i32.add (local.get $b) (i32.const 64)))
          (br_if $steps (i32.lt_u (local.get $a) (local.get $end))))))
    (if (i32.and (local.get $kc) (i32.const 1))
      (then
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
        (local.set $c32 (f64x2.add (local.get $c32) (f64x2.mul (local.get $x) (local.get $b2))))))
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
  (func (export "macro")
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
)
