import type { FastifyInstance } from "fastify";
import { errorMessage, VigilError } from "../errors.js";
import { updateDb } from "../intel/update.js";
import { OutboundPolicy, type OutboundSettings, outboundSettingsFromEnv } from "../net/outbound.js";
import { type CoverageSettings, DEFAULT_COVERAGE_SETTINGS, type ServiceContext } from "./core/context.js";
import { registerPeriodic, removePeriodic, Scheduler } from "./core/scheduler.js";
import { secretKeyLoader } from "./core/secret-key.js";
import { VulnDbSource } from "./core/vuln-db.js";
import { type DatabaseLocation, openServiceDb } from "./db/connect.js";
import { migrateToLatest } from "./db/migrate.js";
import { buildSbomExport, runExport } from "./delivery/exports.js";
import { buildFindingsReport } from "./delivery/reports.js";
import { agentlessScan, configureHybrid, hybridSweep } from "./discovery/agentless/scan.js";
import { scanFunction } from "./discovery/functions/functions.js";
import { registryJobHandlers } from "./discovery/registries/jobs.js";
import { reevaluate, reevaluateKeys } from "./evaluation/evaluation.js";
import { watchVulnDb } from "./evaluation/reevaluate-on-update.js";
import { type DispatcherOptions, WebhookDispatcher } from "./events/webhooks.js";
import { buildApp } from "./http/app.js";
import { DbJobQueue } from "./jobs/queue.js";
import type { JobHandlers } from "./jobs/types.js";
import { JobWorker, type WorkerLog } from "./jobs/worker.js";
import { sweepCoverage } from "./resources/coverage-sweep.js";

/** A service context whose jobs live in the service database (what `vigil server` and `vigil worker` run on). */
export type DbServiceContext = ServiceContext & { readonly queue: DbJobQueue };

/** Opens the service database (migrated), the vulnerability database and the job queue. */
export async function openContext(options: {
  database: DatabaseLocation;
  vulnDb: string;
  coverage?: Partial<CoverageSettings>;
  now?: () => Date;
  /** `--secret-key-file` (else `secretKey`, else `<data dir>/secret.key`). */
  secretKeyFile?: string | undefined;
  /**
   * The key itself and where it was given (`VIGIL_SECRET_KEY`, `service.secretKey`), from the
   * configuration; when the option is absent, $VIGIL_SECRET_KEY.
   */
  secretKey?: { text: string; from: string } | undefined;
  /**
   * What the outbound policy allows; when absent, read from $VIGIL_ALLOW_PRIVATE_TARGETS and
   * $VIGIL_OUTBOUND_ALLOW (the one place they are read).
   */
  outbound?: OutboundSettings | undefined;
}): Promise<DbServiceContext> {
  const outbound = new OutboundPolicy(options.outbound ?? outboundSettingsFromEnv(process.env));
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
    outbound,
    now: options.now ?? (() => new Date()),
    secretKey: secretKeyLoader({
      file: options.secretKeyFile,
      ...("secretKey" in options
        ? { env: options.secretKey?.text, envName: options.secretKey?.from }
        : { env: process.env.VIGIL_SECRET_KEY }),
      dataDir: "data" in options.database ? options.database.data : undefined,
    }),
  };
}

/** Closes what openContext opened. */
export async function closeContext(ctx: ServiceContext): Promise<void> {
  ctx.vulnDb.close();
  await ctx.outbound.close();
  await ctx.sdb.close();
}

/**
 * The job handlers of the service. Part 2 job types (reports, SBOM exports, webhook deliveries,
 * re-evaluation after `db update`) add theirs here.
 */
export function jobHandlers(ctx: ServiceContext): JobHandlers {
  return {
    ...registryJobHandlers(ctx),
    reevaluate: async ({ resourceIds }) => {
      await reevaluate(ctx, resourceIds);
    },
    "reevaluate-keys": async ({ resourceIds, keys }) => {
      await reevaluateKeys(ctx, resourceIds, keys);
    },
    export: async ({ exportId }, job) => {
      await runExport(
        ctx,
        exportId,
        { "findings-report": buildFindingsReport, "sbom-export": buildSbomExport },
        job.attempts,
      );
    },
    "coverage-sweep": async () => {
      await sweepCoverage(ctx);
    },
    "vuln-db-update": async ({ mirror, feeds }) => {
      await updateDb({ db: ctx.vulnDb.path, mirror, feeds });
    },
    "agentless-scan": async ({ resourceId }) => {
      await agentlessScan(ctx, resourceId);
    },
    "agentless-hybrid": async () => {
      await hybridSweep(ctx);
    },
    "function-scan": async ({ resourceId }) => {
      await scanFunction(ctx, resourceId);
    },
  };
}

/** A worker over the context's queue with the service's handlers. */
export function createWorker(ctx: DbServiceContext, log?: WorkerLog, concurrency = 1): JobWorker {
  return new JobWorker(ctx.queue, jobHandlers(ctx), { concurrency, ...(log === undefined ? {} : { log }) });
}

/**
 * What `vigil worker` runs: the job loops and the webhook dispatcher, so that deliveries go out while
 * the servers run `--no-worker` (each attempt is leased: several processes never send one twice).
 */
export function startWorker(
  ctx: DbServiceContext,
  options: { log?: WorkerLog; concurrency?: number; webhooks?: DispatcherOptions } = {},
): { stop(): Promise<void> } {
  const worker = createWorker(ctx, options.log, options.concurrency ?? 1);
  const webhooks = new WebhookDispatcher(ctx, {
    ...options.webhooks,
    ...(options.log === undefined ? {} : { log: options.log }),
  });
  worker.start();
  webhooks.start();
  return {
    stop: async () => {
      await worker.stop();
      await webhooks.stop();
    },
  };
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
  /** Update the vulnerability database this often (a schedule shared by all processes); 0 removes it. */
  dbUpdateIntervalMs?: number;
  /** Mirror for the scheduled updates (`vigil db update --mirror`). */
  dbMirror?: string;
  /** Hybrid mode: an agent is live while it reported within this (default 15 min: 3 heartbeats). */
  agentLiveMs?: number;
  /** The secret key sealing stored credentials (core/secret-key.ts). */
  secretKeyFile?: string | undefined;
  /** The key itself, from the configuration (see openContext). */
  secretKey?: { text: string; from: string } | undefined;
  /** What the outbound policy allows (see openContext; absent: from the environment). */
  outbound?: OutboundSettings | undefined;
}

/** How often the server looks for stale inventories and expired images. */
const SWEEP_INTERVAL_MS = 60 * 60_000;

/** Starts `vigil server`: migrates, opens the databases, listens, and runs the job worker in process. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const ctx = await openContext({
    database: options.database,
    vulnDb: options.vulnDb,
    secretKeyFile: options.secretKeyFile,
    ...("secretKey" in options ? { secretKey: options.secretKey } : {}),
    outbound: options.outbound,
  });
  // Fail at start, not at the first inventory, when there is no usable vulnerability database.
  try {
    ctx.vulnDb.current();
  } catch (e) {
    await closeContext(ctx);
    throw e;
  }
  try {
    await registerSchedules(ctx, options);
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
  // Periodic work (coverage sweep, database updates, agentless scans) as jobs, once across processes.
  const scheduler = new Scheduler(ctx, { log: app.log });
  scheduler.start();
  // Re-match the resources holding changed package keys when `vigil db update` swaps the database.
  const stopVulnDbWatch = watchVulnDb(ctx, app.log);
  let closing: Promise<void> | undefined;
  return {
    app,
    ctx,
    url,
    close: () => {
      closing ??= (async () => {
        await scheduler.stop();
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

/** The server's periodic work: the coverage sweep, and the database update when configured. */
async function registerSchedules(ctx: DbServiceContext, options: ServerOptions): Promise<void> {
  await registerPeriodic(ctx, {
    name: "coverage-sweep",
    everyMs: SWEEP_INTERVAL_MS,
    jobType: "coverage-sweep",
    payload: {},
  });
  await configureHybrid(ctx, options.agentLiveMs);
  if (options.dbUpdateIntervalMs === 0) await removePeriodic(ctx, "vuln-db-update");
  else if (options.dbUpdateIntervalMs !== undefined) {
    await registerPeriodic(ctx, {
      name: "vuln-db-update",
      everyMs: options.dbUpdateIntervalMs,
      jobType: "vuln-db-update",
      payload: options.dbMirror === undefined ? {} : { mirror: options.dbMirror },
    });
  }
}
