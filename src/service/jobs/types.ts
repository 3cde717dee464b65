import type { Transaction } from "kysely";
import type { ServiceSchema } from "../db/schema.js";

/**
 * The payload of each job type. A new job type (reports, SBOM exports, webhook deliveries, re-evaluation
 * after `db update`) adds its entry here, or from its own file by declaration merging:
 *
 *   declare module "./types.js" { interface JobPayloads { "report.csv": { filter: ... } } }
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

/**
 * What the service needs of a job queue: enqueue, atomically with a change when given its transaction.
 * `DbJobQueue` (./queue.ts) implements it on the service database for both dialects; another backend
 * (graphile-worker, pg-boss: both need Node 22 today) would implement this and bring its own worker.
 */
export interface JobQueue {
  enqueue<T extends JobType>(
    type: T,
    payload: JobPayloads[T],
    options?: EnqueueOptions & { trx?: Transaction<ServiceSchema> },
  ): Promise<string>;
}

/** Options of one enqueued job. */
export interface EnqueueOptions {
  /** ISO time before which the job does not run (default: now). */
  runAfter?: string;
  /** Attempts before the job is marked failed (default 5). */
  maxAttempts?: number;
}
