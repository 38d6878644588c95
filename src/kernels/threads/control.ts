/**
 * The control block: Int32 words at the start of the shared memory through which the main thread
 * hands a job to the workers and learns that it is done. No messages are posted after start-up;
 * a job costs a few atomic stores and one notify (a worker asleep in `Atomics.wait` wakes in about
 * 10–20 µs on this machine; one that finished a job less than SPIN_MS ago is still spinning).
 *
 * A job is one block of C (`rows` × `cols`) over `depth` (packed in depth blocks of `kcBlock`),
 * cut into `bigTasks` tasks of `taskRows` rows, then tasks of `tailRows` for the rest (small tasks
 * last, so that the thread finishing last waits little: guided scheduling). A task computes its
 * rows through every depth block in order, calling kernel number `kernel` (an index into WORKER_KERNELS) once per depth
 * block. Depth block p of the packed A starts `aDepthBytes`·p after A, of B `bDepthBytes`·p after
 * B; within it, A's rows are kc·elemBytes apart, C's rows `cRowBytes`. The main thread packs the
 * depth blocks while the tasks run, B's block p first, then A's rows of it in slices, and counts
 * its progress in Packed: p·rows + the rows of A packed in block p. A task of rows [row, row + n)
 * waits for block p until Packed ≥ p·rows + row + n, so the first tasks start as soon as their
 * own rows are packed, and there is no barrier between depth blocks, only one at the end of the job.
 * Any thread claims the next task by compare-and-swap on Claim, which holds
 * (job id & 0xffff) << 16 | next task: a worker that wakes late, after its job is over, fails the
 * job-id check and claims nothing, so it can never run a task with another job's parameters.
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
  /** Packing progress of the current job: p·Rows + rows of A packed in depth block p (tasks wait on it). */
  Packed: 8,
  /** Test switch: while non-zero the main thread claims no task, so workers do them all. */
  WorkersOnly: 9,
  // The job's parameters, written in this order by Pool.publish (JOB_WORDS of them).
  Tasks: 10,
  TaskRows: 11,
  BigTasks: 12,
  TailRows: 13,
  Kernel: 14,
  Rows: 15,
  Cols: 16,
  Depth: 17,
  KcBlock: 18,
  ElemBytes: 19,
  A: 20,
  B: 21,
  C: 22,
  Ldc: 23,
  Overwrite: 24,
  ADepthBytes: 25,
  BDepthBytes: 26,
  CRowBytes: 27,
} as const;

/** Bytes reserved for the control block at address 0; panels start after it. */
export const CONTROL_BYTES = 256;
export const CONTROL_WORDS = CONTROL_BYTES / 4;
export const JOB_WORDS = Word.CRowBytes - Word.Tasks + 1;
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
