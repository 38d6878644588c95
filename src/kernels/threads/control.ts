/**
 * The control block: Int32 words at the start of the shared memory through which the main thread
 * hands a job to the workers and learns that it is done. No messages are posted after start-up;
 * a job costs a few atomic stores and one notify (a worker asleep in `Atomics.wait` wakes in about
 * 10–20 µs on this machine; one that finished a job less than SPIN_MS ago is still spinning).
 *
 * A job is one kernel call cut into tasks of `taskRows` rows of C: task t computes rows
 * [t·taskRows, …) of a product whose packed A rows are `aRowBytes` apart and whose C rows are
 * `cRowBytes` apart, with kernel number `kernel` (an index into WORKER_KERNELS). Any thread claims
 * the next task by compare-and-swap on CLAIM, which holds (job id & 0xffff) << 16 | next task:
 * a worker that wakes late, after its job is over, fails the job-id check and claims nothing, so
 * it can never run a task with another job's parameters.
 */
export const Word = {
  /** Job counter, bumped (and notified) to publish a job; workers sleep on it. */
  Epoch: 0,
  /** (job & 0xffff) << 16 | next unclaimed task; CLOSED as the task number once the job is over. */
  Claim: 1,
  /** Tasks finished (by anyone); the main thread sleeps on it while others finish theirs. */
  Done: 2,
  /** A Failure once a task threw (a trap in the kernel) or its worker died holding it: the job fails. */
  Error: 3,
  /** Workers that have exited (their 'exit' handler counts itself here and wakes the main thread). */
  Exited: 4,
  /** Workers that are up and waiting for jobs. */
  Ready: 5,
  /** Test hook, consumed by the first worker task that sees it: see Fault. */
  Fault: 6,
  /** Tasks done by workers, ever (tests check that workers took part). */
  WorkerTasks: 7,
  Tasks: 8,
  TaskRows: 9,
  Kernel: 10,
  Rows: 11,
  Cols: 12,
  Depth: 13,
  A: 14,
  B: 15,
  C: 16,
  Ldc: 17,
  Overwrite: 18,
  ARowBytes: 19,
  CRowBytes: 20,
  /** Test switch: while non-zero the main thread claims no task, so workers do them all. */
  WorkersOnly: 21,
} as const;

/** Bytes reserved for the control block at address 0; panels start after it. */
export const CONTROL_BYTES = 256;
export const CONTROL_WORDS = CONTROL_BYTES / 4;
export const CLOSED = 0xffff;

/** Kernel exports a job may name (Word.Kernel indexes this list). */
export const WORKER_KERNELS = ['macro_f64', 'macro_f32'] as const;

export const Failure = {
  Threw: 1,
  Exited: 2,
} as const;

/**
 * Faults a test can inject into the next task a worker claims: Throw (the kernel call throws, as a
 * trap would), Exit (the worker thread ends in the middle of its task), Stall (it never finishes).
 * While one is armed the main thread claims no task, so a worker meets it.
 */
export const Fault = {
  None: 0,
  Throw: 1,
  Exit: 2,
  Stall: 3,
} as const;

/** After a job, workers spin this long for the next one before sleeping (products come in bursts). */
export const SPIN_MS = 0.05;
