/**
 * What users read states each rule itself: the README and the doc comments of the shipped code
 * (src/, types/, codegen/) never send the reader to a document they don't have ("SPEC §2").
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|wat)$/.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

describe('user-facing text', () => {
  it('cites no internal spec: README and every source file under src/, types/, codegen/', () => {
    const cites: string[] = [];
    for (const file of [join(root, 'README.md'), ...files('src'), ...files('types'), ...files('codegen')]) {
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (/\bSPEC\b|§/.test(line)) cites.push(`${file.slice(root.length)}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(cites).toEqual([]);
  });
});
