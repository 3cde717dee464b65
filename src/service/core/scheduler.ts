import { errorMessage } from "../../errors.js";
import type { JobPayloads, JobType } from "../jobs/types.js";
import type { ServiceContext } from "./context.js";

declare module "../jobs/types.js" {
  interface JobPayloads {
    /** Queue the re-evaluation of resources whose coverage time ran out (./coverage-sweep.ts). */
    "coverage-sweep": Record<string, never>;
    /** Run `vigil db update` on the vulnerability database of the worker that takes the job. */
    "vuln-db-update": { mirror?: string; feeds?: string[] };
  }
}

/** One periodic piece of work: a job of `jobType` with `payload`, enqueued every `everyMs`. */
export interface PeriodicWork<T extends JobType = JobType> {
  /** Unique name; registering the same name again updates it. */
  name: string;
  everyMs: number;
  jobType: T;
  payload: JobPayloads[T];
  /** When it first runs (default: now, at the next tick). Ignored when the schedule exists. */
  firstRunAt?: Date;
}

/** A schedule as stored. */
export interface Schedule {
  name: string;
  jobType: string;
  payload: unknown;
  everyMs: number;
  nextRunAt: string;
  lastRunAt: string | null;
}

type SchedulerContext = Pick<ServiceContext, "sdb" | "queue" | "now">;

/**
 * Registers periodic work (idempotent). A new schedule first runs at `firstRunAt` (default: now). An
 * existing one keeps its next run unless its cadence changed: then the next run is the last run (or now)
 * plus the new cadence, so shortening it takes effect at once. Payload and job type are updated.
 */
export async function registerPeriodic<T extends JobType>(
  ctx: SchedulerContext,
  work: PeriodicWork<T>,
): Promise<Schedule> {
  if (!Number.isFinite(work.everyMs) || work.everyMs < 1000) {
    throw new Error(`schedule ${work.name}: everyMs ${work.everyMs} is below one second`);
  }
  const now = ctx.now();
  const payload = JSON.stringify(work.payload);
  const everyMs = Math.round(work.everyMs);
  return ctx.sdb.db.transaction().execute(async (trx) => {
    await trx
      .insertInto("schedules")
      .values({
        name: work.name,
        job_type: work.jobType,
        payload,
        every_ms: everyMs,
        next_run_at: (work.firstRunAt ?? now).toISOString(),
        last_run_at: null,
        created_at: now.toISOString(),
        updated_at: now.toISOString(),
      })
      .onConflict((oc) => oc.column("name").doNothing())
      .execute();
    const row = await trx
      .selectFrom("schedules")
      .selectAll()
      .where("name", "=", work.name)
      .executeTakeFirstOrThrow();
    const changedEvery = Number(row.every_ms) !== everyMs;
    if (changedEvery || row.payload !== payload || row.job_type !== work.jobType) {
      const next = changedEvery
        ? new Date(Date.parse(row.last_run_at ?? now.toISOString()) + everyMs).toISOString()
        : row.next_run_at;
      await trx
        .updateTable("schedules")
        .set({
          job_type: work.jobType,
          payload,
          every_ms: everyMs,
          next_run_at: next,
          updated_at: now.toISOString(),
        })
        .where("name", "=", work.name)
        .execute();
      return toSchedule({ ...row, job_type: work.jobType, payload, every_ms: everyMs, next_run_at: next });
    }
    return toSchedule(row);
  });
}

/** Removes a schedule; true when it existed. */
export async function removePeriodic(ctx: Pick<ServiceContext, "sdb">, name: string): Promise<boolean> {
  const r = await ctx.sdb.db.deleteFrom("schedules").where("name", "=", name).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** One schedule, or undefined. */
export async function getSchedule(
  ctx: Pick<ServiceContext, "sdb">,
  name: string,
): Promise<Schedule | undefined> {
  const row = await ctx.sdb.db
    .selectFrom("schedules")
    .selectAll()
    .where("name", "=", name)
    .executeTakeFirst();
  return row === undefined ? undefined : toSchedule(row);
}

function toSchedule(row: {
  name: string;
  job_type: string;
  payload: string;
  every_ms: number | string;
  next_run_at: string;
  last_run_at: string | null;
}): Schedule {
  return {
    name: row.name,
    jobType: row.job_type,
    payload: JSON.parse(row.payload),
    everyMs: Number(row.every_ms),
    nextRunAt: row.next_run_at,
    lastRunAt: row.last_run_at,
  };
}

/** Where the scheduler reports failures; the server passes its logger. */
export interface SchedulerLog {
  error(obj: object, msg: string): void;
}

export interface SchedulerOptions {
  /** How often due schedules are looked for (default 5 s). */
  tickMs?: number;
  log?: SchedulerLog;
}

/**
 * Turns due schedules into jobs, exactly once however many processes tick: each due row is claimed by a
 * conditional `UPDATE schedules SET next_run_at = <next> WHERE name = ? AND next_run_at = <seen>`, and
 * only the process whose update changed the row enqueues the job, in the same transaction. On PostgreSQL
 * a concurrent claimer waits on the row lock and then finds next_run_at moved (0 rows); on SQLite the
 * transactions are serialised. Every `vigil server` and `vigil worker` runs one. Runs missed while no
 * process was up are not caught up one by one: the next run is the first slot after now, in phase.
 */
export class Scheduler {
  readonly #ctx: SchedulerContext;
  readonly #tickMs: number;
  readonly #log: SchedulerLog | undefined;
  #timer: NodeJS.Timeout | undefined;
  #running = false;
  #inFlight: Promise<unknown> = Promise.resolve();

  constructor(ctx: SchedulerContext, options: SchedulerOptions = {}) {
    this.#ctx = ctx;
    this.#tickMs = options.tickMs ?? 5000;
    this.#log = options.log;
  }

  /** Ticks now and then every tickMs. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#schedule(0);
  }

  /** Stops ticking and waits for a tick in flight. */
  async stop(): Promise<void> {
    this.#running = false;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#inFlight;
  }

  #schedule(delay: number): void {
    this.#timer = setTimeout(() => {
      this.#inFlight = this.tick()
        .catch((e: unknown) => this.#log?.error({ err: e }, "scheduler tick failed"))
        .finally(() => {
          if (this.#running) this.#schedule(this.#tickMs);
        });
    }, delay);
    this.#timer.unref();
  }

  /** Claims every due schedule this process wins and enqueues its job; returns the names it fired. */
  async tick(): Promise<string[]> {
    const now = this.#ctx.now();
    const nowIso = now.toISOString();
    const due = await this.#ctx.sdb.db
      .selectFrom("schedules")
      .selectAll()
      .where("next_run_at", "<=", nowIso)
      .orderBy("next_run_at")
      .execute();
    const fired: string[] = [];
    for (const row of due) {
      const every = Number(row.every_ms);
      const seen = Date.parse(row.next_run_at);
      const slots = Math.floor((now.getTime() - seen) / every) + 1;
      const next = new Date(seen + slots * every).toISOString();
      try {
        const won = await this.#ctx.sdb.db.transaction().execute(async (trx) => {
          const r = await trx
            .updateTable("schedules")
            .set({ next_run_at: next, last_run_at: nowIso, updated_at: nowIso })
            .where("name", "=", row.name)
            .where("next_run_at", "=", row.next_run_at)
            .executeTakeFirst();
          if (Number(r.numUpdatedRows) !== 1) return false;
          await this.#ctx.queue.enqueue(row.job_type as JobType, JSON.parse(row.payload) as never, { trx });
          return true;
        });
        if (won) fired.push(row.name);
      } catch (e) {
        this.#log?.error({ err: e, schedule: row.name }, `schedule ${row.name}: ${errorMessage(e)}`);
      }
    }
    return fired;
  }
}
