/**
 * Assembles src/kernels/wasm/gemm.wat (the hand-written source of truth) with wabt and writes
 * src/kernels/wasm/gemm.generated.ts: the module's bytes as one base64 string, so the runtime
 * needs no file loading (Node and browser bundlers alike). Run: `npx tsx scripts/build-wasm.ts`
 * (package script `build:wasm`). test/kernels-wasm.test.ts re-assembles and compares, so the
 * committed file cannot drift from the .wat.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import wabtInit from 'wabt';

export const WAT_PATH = fileURLToPath(new URL('../src/kernels/wasm/gemm.wat', import.meta.url));
export const GENERATED_PATH = fileURLToPath(new URL('../src/kernels/wasm/gemm.generated.ts', import.meta.url));

/** The text of gemm.generated.ts for this .wat source. */
export async function renderGenerated(watText: string): Promise<string> {
  const wabt = await wabtInit();
  const module = wabt.parseWat('gemm.wat', watText, { simd: true });
  try {
    module.validate();
    const bytes = module.toBinary({}).buffer;
    const base64 = Buffer.from(bytes).toString('base64');
    const lines: string[] = [];
    for (let i = 0; i < base64.length; i += 96) lines.push(`  '${base64.slice(i, i + 96)}'`);
    return [
      '// DO NOT EDIT: generated from src/kernels/wasm/gemm.wat by `npx tsx scripts/build-wasm.ts`',
      '// (npm run build:wasm). Edit the .wat and run the command again.',
      '',
      `/** The assembled gemm.wat (${bytes.length} bytes), base64. */`,
      'export const GEMM_WASM_BASE64 =',
      `${lines.join(' +\n')};`,
      '',
    ].join('\n');
  } finally {
    module.destroy();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const text = await renderGenerated(readFileSync(WAT_PATH, 'utf8'));
  writeFileSync(GENERATED_PATH, text);
  console.log(`wrote ${GENERATED_PATH}`);
}
