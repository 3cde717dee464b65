import type { Kysely, Transaction } from "kysely";
import { newId } from "../core/ids.js";
import type { Dialect } from "../db/connect.js";
import type { JobRow, ServiceSchema } from "../db/schema.js";
import type { EnqueueOptions, JobPayloads, JobQueue, JobType } from "./types.js";

/**
 * A durable job queue on the service database's `jobs` table, the same on both dialects. Claiming is one
 * `UPDATE ... WHERE id IN (SELECT ... LIMIT 1 [FOR UPDATE SKIP LOCKED]) RETURNING *`: on PostgreSQL any
 * number of `vigil worker` processes share the table without claiming a job twice; on SQLite the worker
 * runs inside the server process. A job whose worker died is claimed again once its lease expires.
 */
export class DbJobQueue implements JobQueue {
  readonly #db: Kysely<ServiceSchema>;
  readonly #dialect: Dialect;
  readonly #listeners = new Set<() => void>();

  constructor(db: Kysely<ServiceSchema>, dialect: Dialect) {
    this.#db = db;
    this.#dialect = dialect;
  }

  /**
   * Adds a job. Pass the caller's transaction to enqueue atomically with the change that needs it.
   * Workers in this process are woken at once (others poll).
   */
  async enqueue<T extends JobType>(
    type: T,
    payload: JobPayloads[T],
    options: EnqueueOptions & { trx?: Transaction<ServiceSchema> } = {},
  ): Promise<string> {
    const now = new Date().toISOString();
    const id = newId("job");
    await (options.trx ?? this.#db)
      .insertInto("jobs")
      .values({
        id,
        type,
        payload: JSON.stringify(payload),
        status: "queued",
        attempts: 0,
        max_attempts: options.maxAttempts ?? 5,
        run_after: options.runAfter ?? now,
        locked_by: null,
        locked_at: null,
        last_error: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    for (const wake of this.#listeners) wake();
    return id;
  }

  /** Calls `wake` whenever this process enqueues a job; returns the unsubscribe function. */
  onEnqueue(wake: () => void): () => void {
    this.#listeners.add(wake);
    return () => this.#listeners.delete(wake);
  }

  /**
   * Claims the next ready job for `workerId`: queued and due, or running with a lease older than
   * `leaseMs` (its worker died). Returns undefined when there is none.
   */
  async claim(workerId: string, leaseMs: number, now: Date = new Date()): Promise<JobRow | undefined> {
    const nowIso = now.toISOString();
    const expired = new Date(now.getTime() - leaseMs).toISOString();
    const next = this.#db
      .selectFrom("jobs")
      .select("id")
      .where((eb) =>
        eb.or([
          eb.and([eb("status", "=", "queued"), eb("run_after", "<=", nowIso)]),
          eb.and([eb("status", "=", "running"), eb("locked_at", "<", expired)]),
        ]),
      )
      .orderBy("run_after")
      .orderBy("id")
      .limit(1)
      .$if(this.#dialect === "postgres", (q) => q.forUpdate().skipLocked());
    return this.#db
      .updateTable("jobs")
      .set((eb) => ({
        status: "running",
        locked_by: workerId,
        locked_at: nowIso,
        attempts: eb("attempts", "+", 1),
        updated_at: nowIso,
      }))
      .where("id", "in", next)
      .returningAll()
      .executeTakeFirst();
  }

  /** Marks a claimed job done. */
  async complete(id: string): Promise<void> {
    const now = new Date().toISOString();
    await this.#db
      .updateTable("jobs")
      .set({ status: "done", locked_by: null, locked_at: null, updated_at: now })
      .where("id", "=", id)
      .execute();
  }

  /** Records a failure: back in the queue after a backoff (2^attempts s, at most 10 min), or failed for good. */
  async fail(job: JobRow, message: string): Promise<void> {
    const now = new Date();
    const final = job.attempts >= job.max_attempts;
    const delay = Math.min(600, 2 ** job.attempts) * 1000;
    await this.#db
      .updateTable("jobs")
      .set({
        status: final ? "failed" : "queued",
        run_after: new Date(now.getTime() + delay).toISOString(),
        locked_by: null,
        locked_at: null,
        last_error: message.slice(0, 2000),
        updated_at: now.toISOString(),
      })
      .where("id", "=", job.id)
      .execute();
  }

  /** One job's row, for status checks. */
  async get(id: string): Promise<JobRow | undefined> {
    return this.#db.selectFrom("jobs").selectAll().where("id", "=", id).executeTakeFirst();
  }
}
