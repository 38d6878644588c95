/**
 * Assembles src/kernels/wasm/gemm.wat (the hand-written source of truth) with wabt and writes
 * src/kernels/wasm/gemm.generated.ts: two modules' bytes as base64 strings, so the runtime needs no
 * file loading (Node and browser bundlers alike):
 *   GEMM_WASM_BASE64      the .wat as written (SIMD: separate mul and add);
 *   GEMM_FMA_WASM_BASE64  the same text with every micro-kernel multiply-add fused (`fuse` below:
 *                         relaxed SIMD's relaxed_madd), for engines that have relaxed SIMD.
 * Run: `npx tsx scripts/build-wasm.ts` (package script `build:wasm`). test/kernels-wasm.test.ts
 * re-assembles and compares, so the committed file cannot drift from the .wat.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import wabtInit from 'wabt';

export const WAT_PATH = fileURLToPath(new URL('../src/kernels/wasm/gemm.wat', import.meta.url));
export const GENERATED_PATH = fileURLToPath(new URL('../src/kernels/wasm/gemm.generated.ts', import.meta.url));

/** `(f64x2.add (local.get $c) (f64x2.mul X Y))`, the accumulation step of the micro-kernels (also f32x4). */
const MULTIPLY_ADD = /\((f64x2|f32x4)\.add \(local\.get (\$\w+)\) \(\1\.mul (\(local\.get \$\w+\)) (\(local\.get \$\w+\))\)\)/g;

/** The .wat text with each accumulation step fused: c + x·y becomes relaxed_madd(x, y, c). */
export function fuse(watText: string): { text: string; fused: number } {
  let fused = 0;
  const text = watText.replace(MULTIPLY_ADD, (_all, shape: string, acc: string, x: string, y: string) => {
    fused++;
    return `(${shape}.relaxed_madd ${x} ${y} (local.get ${acc}))`;
  });
  return { text, fused };
}

async function assemble(watText: string, relaxed: boolean): Promise<Uint8Array> {
  const wabt = await wabtInit();
  const module = wabt.parseWat('gemm.wat', watText, { simd: true, relaxed_simd: relaxed });
  try {
    module.validate();
    return module.toBinary({}).buffer;
  } finally {
    module.destroy();
  }
}

function base64Constant(name: string, what: string, bytes: Uint8Array): string[] {
  const base64 = Buffer.from(bytes).toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < base64.length; i += 96) lines.push(`  '${base64.slice(i, i + 96)}'`);
  return [`/** ${what} (${bytes.length} bytes), base64. */`, `export const ${name} =`, `${lines.join(' +\n')};`];
}

/** The text of gemm.generated.ts for this .wat source. */
export async function renderGenerated(watText: string): Promise<string> {
  const { text, fused } = fuse(watText);
  if (fused === 0) throw new Error('gemm.wat: no multiply-add step found to fuse (has the micro-kernel changed shape?)');
  const plain = await assemble(watText, false);
  const fma = await assemble(text, true);
  return [
    '// DO NOT EDIT: generated from src/kernels/wasm/gemm.wat by `npx tsx scripts/build-wasm.ts`',
    '// (npm run build:wasm). Edit the .wat and run the command again.',
    '',
    ...base64Constant('GEMM_WASM_BASE64', 'The assembled gemm.wat', plain),
    '',
    ...base64Constant('GEMM_FMA_WASM_BASE64', `gemm.wat with its ${fused} multiply-adds fused (relaxed_madd)`, fma),
    '',
  ].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const text = await renderGenerated(readFileSync(WAT_PATH, 'utf8'));
  writeFileSync(GENERATED_PATH, text);
  console.log(`wrote ${GENERATED_PATH}`);
}
