/**
 * The page's side of the browser harness: a test page computes, then hands its result to report()
 * (or its error to fail()); the harness's server receives it and runPage() resolves with it.
 */
export function report(value: unknown): void {
  void post({ ok: true, value });
}

export function fail(error: unknown): void {
  const message = error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ''}` : String(error);
  void post({ ok: false, error: message });
}

/** Runs `body` and reports what it returns, or fails with what it throws. */
export function run(body: () => unknown): void {
  Promise.resolve()
    .then(body)
    .then(report, fail);
}

async function post(payload: unknown): Promise<void> {
  await fetch('/__report', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });
}
