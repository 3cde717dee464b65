import type { FastifyInstance } from "fastify";
import { errorMessage, VigilError } from "../errors.js";
import { type CoverageSettings, DEFAULT_COVERAGE_SETTINGS, type ServiceContext } from "./context.js";
import { sweepCoverage } from "./coverage-sweep.js";
import { type DatabaseLocation, openServiceDb } from "./db/connect.js";
import { migrateToLatest } from "./db/migrate.js";
import { reevaluate } from "./evaluation.js";
import { buildSbomExport, runExport } from "./exports.js";
import { buildApp } from "./http/app.js";
import { DbJobQueue } from "./jobs/queue.js";
import type { JobHandlers } from "./jobs/types.js";
import { JobWorker, type WorkerLog } from "./jobs/worker.js";
import { watchVulnDb } from "./reevaluate-on-update.js";
import { buildFindingsReport } from "./reports.js";
import { VulnDbSource } from "./vuln-db.js";
import { WebhookDispatcher } from "./webhooks.js";

/** A service context whose jobs live in the service database (what `vigil server` and `vigil worker` run on). */
export type DbServiceContext = ServiceContext & { readonly queue: DbJobQueue };

/** Opens the service database (migrated), the vulnerability database and the job queue. */
export async function openContext(options: {
  database: DatabaseLocation;
  vulnDb: string;
  coverage?: Partial<CoverageSettings>;
  now?: () => Date;
}): Promise<DbServiceContext> {
  const sdb = openServiceDb(options.database);
  try {
    await migrateToLatest(sdb.db);
  } catch (e) {
    await sdb.close();
    throw e;
  }
  return {
    sdb,
    vulnDb: new VulnDbSource(options.vulnDb),
    queue: new DbJobQueue(sdb.db, sdb.dialect),
    coverage: { ...DEFAULT_COVERAGE_SETTINGS, ...options.coverage },
    now: options.now ?? (() => new Date()),
  };
}

/** Closes what openContext opened. */
export async function closeContext(ctx: ServiceContext): Promise<void> {
  ctx.vulnDb.close();
  await ctx.sdb.close();
}

/**
 * The job handlers of the service. Part 2 job types (reports, SBOM exports, webhook deliveries,
 * re-evaluation after `db update`) add theirs here.
 */
export function jobHandlers(ctx: ServiceContext): JobHandlers {
  return {
    reevaluate: async ({ resourceIds }) => {
      await reevaluate(ctx, resourceIds);
    },
    export: async ({ exportId }) => {
      await runExport(ctx, exportId, {
        "findings-report": buildFindingsReport,
        "sbom-export": buildSbomExport,
      });
    },
  };
}

/** A worker over the context's queue with the service's handlers. */
export function createWorker(ctx: DbServiceContext, log?: WorkerLog, concurrency = 1): JobWorker {
  return new JobWorker(ctx.queue, jobHandlers(ctx), { concurrency, ...(log === undefined ? {} : { log }) });
}

/** A running server: where it listens and how to stop it. */
export interface RunningServer {
  app: FastifyInstance;
  ctx: DbServiceContext;
  /** `http://host:port`. */
  url: string;
  /** Stops accepting connections, finishes requests and jobs in flight, closes the databases. */
  close(): Promise<void>;
}

/** Options of `vigil server`. */
export interface ServerOptions {
  database: DatabaseLocation;
  vulnDb: string;
  host: string;
  port: number;
  /** Run jobs in this process (default true; with PostgreSQL, `vigil worker` processes can run them instead). */
  worker?: boolean;
  logLevel?: string;
}

/** How often the server looks for stale inventories and expired images. */
const SWEEP_INTERVAL_MS = 60 * 60_000;

/** Starts `vigil server`: migrates, opens the databases, listens, and runs the job worker in process. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const ctx = await openContext({ database: options.database, vulnDb: options.vulnDb });
  // Fail at start, not at the first inventory, when there is no usable vulnerability database.
  try {
    ctx.vulnDb.current();
  } catch (e) {
    await closeContext(ctx);
    throw e;
  }
  const app = buildApp(ctx, { logger: { level: options.logLevel ?? "info" } });
  const worker = options.worker === false ? undefined : createWorker(ctx, app.log);
  let url: string;
  try {
    url = await app.listen({ host: options.host, port: options.port });
  } catch (e) {
    await closeContext(ctx);
    throw new VigilError(
      "LISTEN_FAILED",
      `--listen ${options.host}:${options.port}: ${errorMessage(e)} (is another server on that port?)`,
      { cause: e },
    );
  }
  worker?.start();
  // Webhook deliveries go out from every server (each attempt is leased, so servers never send one twice).
  const webhooks = new WebhookDispatcher(ctx, { log: app.log });
  webhooks.start();
  const sweep = () =>
    sweepCoverage(ctx).catch((e: unknown) => app.log.error({ err: e }, "coverage sweep failed"));
  void sweep();
  const sweeper = setInterval(sweep, SWEEP_INTERVAL_MS);
  sweeper.unref();
  // Re-match the resources holding changed package keys when `vigil db update` swaps the database.
  const stopVulnDbWatch = watchVulnDb(ctx, app.log);
  let closing: Promise<void> | undefined;
  return {
    app,
    ctx,
    url,
    close: () => {
      closing ??= (async () => {
        clearInterval(sweeper);
        await stopVulnDbWatch();
        await app.close();
        await worker?.stop();
        await webhooks.stop();
        await closeContext(ctx);
      })();
      return closing;
    },
  };
}
