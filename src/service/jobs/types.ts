/**
 * The payload of each job type. A new job type (reports, SBOM exports, webhook deliveries, re-evaluation
 * after `db update`) adds its entry here, or from its own file by declaration merging:
 *
 *   declare module "../jobs/types.js" { interface JobPayloads { "report.csv": { filter: ... } } }
 *
 * and registers a handler with the worker (`handlers` in ../runtime.ts).
 */
export interface JobPayloads {
  /** Match these resources' stored inventories against the vulnerability database again. */
  reevaluate: { resourceIds: string[] };
}

export type JobType = keyof JobPayloads;

/** Runs one job. Throwing makes the job retry (with backoff) until its attempts run out. */
export type JobHandler<T extends JobType> = (
  payload: JobPayloads[T],
  job: { id: string; attempts: number },
) => Promise<void>;

/** Handlers by job type. */
export type JobHandlers = { [T in JobType]?: JobHandler<T> };

/** Options of one enqueued job. */
export interface EnqueueOptions {
  /** ISO time before which the job does not run (default: now). */
  runAfter?: string;
  /** Attempts before the job is marked failed (default 5). */
  maxAttempts?: number;
}
