import { EinsumError } from '../src/index.js';

/** The EinsumError that `call` throws; anything else thrown, or nothing, fails the test. */
export function refusal(call: () => unknown): EinsumError {
  try {
    call();
  } catch (e) {
    if (!(e instanceof EinsumError)) throw new Error(`expected an EinsumError, got ${String(e)}`);
    return e;
  }
  throw new Error('expected an EinsumError, nothing was thrown');
}
