#!/usr/bin/env node
/**
 * The package's `typed-einsum` command. ts-morph is an optional peer dependency (the runtime never
 * needs it), so say how to get it instead of failing with a module-resolution stack trace; help and
 * --version answer without it.
 */
import { answerWithoutProject } from './usage.js';

const early = answerWithoutProject(process.argv.slice(2), { out: (t) => console.log(t), err: (t) => console.error(t) });
if (early !== undefined) process.exit(early);
try {
  await import('ts-morph');
} catch {
  console.error('typed-einsum codegen needs ts-morph, an optional peer dependency: npm install --save-dev ts-morph');
  process.exit(2);
}
const { main } = await import('./cli.js');
process.exitCode = main(process.argv.slice(2));
