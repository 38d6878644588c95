/**
 * `npm run example`: run the codegen on this example (generated kernels + a copy of the sources
 * with the type-argument calls rewritten, in .out/), then run the rewritten main.ts.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../codegen/cli.js';

const here = dirname(fileURLToPath(import.meta.url));
const tsconfig = join(here, 'tsconfig.json');
const code = main(['codegen', '--project', tsconfig, '--out', join(here, 'einsum-kernels.generated.ts'), '--emit-sources', join(here, '.out')]);
if (code !== 0) process.exit(code);
const run = spawnSync(process.execPath, ['--import', 'tsx', join(here, '.out', 'main.ts')], {
  stdio: 'inherit',
  env: { ...process.env, TSX_TSCONFIG_PATH: tsconfig },
});
process.exit(run.status ?? 1);
