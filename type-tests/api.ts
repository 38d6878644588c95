/**
 * The functions under test, exactly as the package exports them: everything the type tests call
 * comes from here, so they check what users get.
 */
export { einsum, einsumVjp, contractPath, compile, tensor, zeros, ones, random, Tensor } from '../src/index.js';
