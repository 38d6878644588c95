/**
 * `typed-einsum/vite`: a Vite (and so Vitest) plugin that makes the type-argument form run —
 * `einsum<'ij,jk->ik'>(a, b)` becomes `einsum('ij,jk->ik', a, b)` in .ts/.tsx modules that import
 * from 'typed-einsum', before Vite strips the types (enforce: 'pre'). The rewrite is
 * codegen/rewrite.ts, the same one `typed-einsum codegen --emit-sources` uses, run per file from
 * the syntax alone (no type checker, no project): see `findTypeArgumentCalls` in syntax.ts for what
 * it can't see. A type argument it cannot read (`einsum<Spec>`) fails the build with file:line:col.
 *
 *   // vite.config.ts
 *   import { defineConfig } from 'vite';
 *   import typedEinsum from 'typed-einsum/vite';
 *   export default defineConfig({ plugins: [typedEinsum()] });
 *
 * It needs the project's `typescript` package for the parser (not ts-morph: no project is loaded),
 * and nothing of Vite at run time: the plugin is a plain object of Vite's shape. The rewrite keeps
 * every position, so it returns no source map (`map: null`: positions unchanged, earlier maps still
 * apply).
 */
import { PACKAGE } from './rewrite.js';
import { rewriteTypeArguments } from './syntax.js';

export interface TypedEinsumPluginOptions {
  /** Module specifiers that mean typed-einsum (default ['typed-einsum']); add a path alias if you use one. */
  readonly modules?: readonly string[];
}

/** The subset of Vite's Plugin that this is; assignable to `import('vite').Plugin`. */
export interface TypedEinsumPlugin {
  readonly name: 'typed-einsum';
  readonly enforce: 'pre';
  transform(code: string, id: string): { code: string; map: null } | null;
}

const SCRIPT = /\.[cm]?tsx?$/;

export function typedEinsum(options: TypedEinsumPluginOptions = {}): TypedEinsumPlugin {
  const modules = options.modules ?? [PACKAGE];
  return {
    name: 'typed-einsum',
    enforce: 'pre',
    transform(code: string, id: string) {
      const path = id.replace(/[?#].*$/, ''); // Vite ids may carry ?query
      if (!SCRIPT.test(path) || path.endsWith('.d.ts') || path.includes('/node_modules/')) return null;
      const rewritten = rewriteTypeArguments(code, path, modules);
      return rewritten === null ? null : { code: rewritten, map: null };
    },
  };
}

export default typedEinsum;
