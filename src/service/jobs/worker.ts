import { hostname } from "node:os";
import { errorMessage } from "../../errors.js";
import type { JobRow } from "../db/schema.js";
import type { DbJobQueue } from "./queue.js";
import type { JobHandler, JobHandlers, JobType } from "./types.js";

/** Where a worker reports what it did; the server passes its logger. */
export interface WorkerLog {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface WorkerOptions {
  /** Parallel loops in this process (default 1). */
  concurrency?: number;
  /** How often an idle loop looks for work enqueued by other processes (default 1000 ms). */
  pollMs?: number;
  /** A running job whose worker has not finished it after this long is claimed again (default 10 min). */
  leaseMs?: number;
  log?: WorkerLog;
}

/**
 * Runs jobs from a DbJobQueue with the given handlers: `start()` in the server (SQLite) or in
 * `vigil worker` (PostgreSQL), `stop()` finishes the jobs in flight, `drain()` runs until the queue is empty.
 */
export class JobWorker {
  readonly #queue: DbJobQueue;
  readonly #handlers: JobHandlers;
  readonly #id = `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
  readonly #options: Required<Omit<WorkerOptions, "log">> & { log: WorkerLog | undefined };
  #running = false;
  #loops: Promise<void>[] = [];
  #wakers = new Set<() => void>();
  /** Counts enqueues seen: a loop that was busy when one came must not then sleep through it. */
  #wakes = 0;
  #unsubscribe: (() => void) | undefined;

  constructor(queue: DbJobQueue, handlers: JobHandlers, options: WorkerOptions = {}) {
    this.#queue = queue;
    this.#handlers = handlers;
    this.#options = {
      concurrency: options.concurrency ?? 1,
      pollMs: options.pollMs ?? 1000,
      leaseMs: options.leaseMs ?? 10 * 60_000,
      log: options.log,
    };
  }

  /** Starts the loops. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#unsubscribe = this.#queue.onEnqueue(() => this.#wakeAll());
    for (let i = 0; i < this.#options.concurrency; i++) this.#loops.push(this.#loop());
  }

  /** Stops taking jobs and waits for the ones in flight. */
  async stop(): Promise<void> {
    this.#running = false;
    this.#unsubscribe?.();
    this.#wakeAll();
    await Promise.all(this.#loops);
    this.#loops = [];
  }

  /** Runs ready jobs in this call until none is left (tests, one-shot commands). */
  async drain(): Promise<number> {
    let n = 0;
    while (await this.runOnce()) n++;
    return n;
  }

  /** Claims and runs one job; false when none was ready. */
  async runOnce(): Promise<boolean> {
    const job = await this.#queue.claim(this.#id, this.#options.leaseMs);
    if (job === undefined) return false;
    await this.#run(job);
    return true;
  }

  async #run(job: JobRow): Promise<void> {
    const handler = this.#handlers[job.type as JobType] as JobHandler<JobType> | undefined;
    try {
      if (handler === undefined) throw new Error(`no handler for job type ${job.type}`);
      await handler(JSON.parse(job.payload), { id: job.id, attempts: job.attempts });
      await this.#queue.complete(job.id);
      this.#options.log?.info({ job: job.id, type: job.type }, "job done");
    } catch (e) {
      await this.#queue.fail(job, errorMessage(e));
      this.#options.log?.error({ job: job.id, type: job.type, err: e }, "job failed");
    }
  }

  async #loop(): Promise<void> {
    while (this.#running) {
      const wakesBefore = this.#wakes;
      let worked = false;
      try {
        worked = await this.runOnce();
      } catch (e) {
        this.#options.log?.error({ err: e }, "job queue unavailable");
      }
      // An enqueue that arrived while this loop was claiming may have committed after the claim looked.
      if (!worked && this.#running && this.#wakes === wakesBefore) await this.#sleep();
    }
  }

  #sleep(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#wakers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, this.#options.pollMs);
      this.#wakers.add(done);
    });
  }

  #wakeAll(): void {
    this.#wakes++;
    for (const wake of [...this.#wakers]) wake();
  }
}
