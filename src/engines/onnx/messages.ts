/** The words of the ONNX engine's own refusals (src/messages.ts holds the parser's and binder's). */
export const onnxMessages = {
  providerDType: (subscripts: string, provider: string, dtype: string, supported: readonly string[]) =>
    `the ONNX Runtime '${provider}' execution provider has no ${dtype} kernels for '${subscripts}' ` +
    `(it computes ${supported.join(', ')}); pass { dtype: 'float32' }, or create the engine with ` +
    `onnxEngine(ort, sessionOptions, { cast: 'float32' }) to compute in float32 and convert the result`,
  badCast: (value: string) => `the ONNX engine's cast option must be 'float32' or undefined; got ${value}`,
  badSessionOptions: (value: string) =>
    `onnxEngine's session options must be an object of ONNX Runtime's InferenceSession options (executionProviders an array, such as ['cpu']), or undefined; got ${value}`,
  badEngineOptions: (value: string) => `onnxEngine's third argument must be an object such as { cast: 'float32' }, or undefined; got ${value}`,
  unknownEngineOption: (key: string) => `unknown option '${key}' of onnxEngine; the options are 'cast'`,
  notNamespace: (value: string) =>
    `onnxEngine takes the ort namespace (import * as ort from 'onnxruntime-node' or 'onnxruntime-web'), got ${value}`,
  tooManyLabels: () => 'an ONNX Einsum node takes at most 52 distinct labels, and this step has more',
  badOutput: (subscripts: string, what: string) => `ONNX Runtime returned ${what} for '${subscripts}', not the result's shape and dtype`,
} as const;
