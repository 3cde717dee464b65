import type { Command } from "commander";
import { InputError, VigilError } from "../../errors.js";
import { defaultDbPath } from "../../intel/db/location.js";
import type { ScanType } from "../../model/resource.js";
import { databaseLocation } from "../../service/db/location.js";
import { SCAN_TYPES } from "../../service/resources/scan-types.js";

interface DbCliOptions {
  data?: string;
  database?: string;
}

function dbOptions(cmd: Command): Command {
  return cmd
    .option(
      "--data <dir>",
      "SQLite data directory (file DIR/vigil.db; default $VIGIL_DATA or ~/.local/share/vigil)",
    )
    .option(
      "--database <url>",
      "PostgreSQL URL, e.g. postgres://vigil@127.0.0.1:5432/vigil (default $VIGIL_DATABASE_URL)",
    );
}

/** `host:port`, `[v6]:port` or `:port` (all interfaces). */
export function parseListen(value: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d{1,5})$/.exec(value.trim());
  const port = m ? Number(m[3]) : Number.NaN;
  if (!m || port > 65535) {
    throw new InputError(
      "--listen",
      `${JSON.stringify(value)} is not host:port (e.g. 127.0.0.1:8080, [::1]:8080, :8080)`,
    );
  }
  return { host: m[1] ?? (m[2] === "" ? "0.0.0.0" : (m[2] as string)), port };
}

/** Resolves once SIGTERM or SIGINT arrives. */
function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (s: NodeJS.Signals) => {
      process.off("SIGTERM", on);
      process.off("SIGINT", on);
      resolve(s);
    };
    process.on("SIGTERM", on);
    process.on("SIGINT", on);
  });
}

/** `vigil server`, `vigil worker` and `vigil accounts create`: the service. */
export function registerServerCommands(program: Command): void {
  dbOptions(
    program
      .command("server")
      .description("run the Vigil service: the HTTP API (and the job worker) on SQLite or PostgreSQL")
      .option("--listen <host:port>", "address to listen on", "127.0.0.1:8080")
      .option("--vuln-db <path>", "vulnerability database (default: $VIGIL_DB or the user cache)")
      .option("--no-worker", "do not run jobs in this process (PostgreSQL: run `vigil worker` instead)")
      .option("--log-level <level>", "fatal, error, warn, info, debug", "info")
      .option(
        "--secret-key-file <path>",
        "32-byte key (base64 or hex) sealing stored credentials (default $VIGIL_SECRET_KEY, else DATA/secret.key, generated)",
      )
      .option(
        "--db-update-interval <duration>",
        "update the vulnerability database this often, as a job run once across servers and workers (e.g. 6h, 1d; off removes the schedule)",
      )
      .option(
        "--db-mirror <url>",
        "mirror for the scheduled database updates (as `vigil db update --mirror`)",
      )
      .option(
        "--agent-live <duration>",
        "hybrid mode: a host whose agent reported within this is scanned by its agent, else over SSH",
        "15m",
      ),
  ).action(
    async (
      opts: DbCliOptions & {
        listen: string;
        vulnDb?: string;
        worker: boolean;
        logLevel: string;
        dbUpdateInterval?: string;
        dbMirror?: string;
        secretKeyFile?: string;
        agentLive: string;
      },
    ) => {
      const { host, port } = parseListen(opts.listen);
      const dbUpdateIntervalMs =
        opts.dbUpdateInterval === undefined
          ? undefined
          : parseInterval("--db-update-interval", opts.dbUpdateInterval);
      const { startServer } = await import("../../service/runtime.js");
      const server = await startServer({
        database: databaseLocation(opts),
        vulnDb: opts.vulnDb ?? defaultDbPath(),
        host,
        port,
        worker: opts.worker,
        logLevel: opts.logLevel,
        secretKeyFile: opts.secretKeyFile,
        ...(dbUpdateIntervalMs === undefined ? {} : { dbUpdateIntervalMs }),
        ...(opts.dbMirror === undefined ? {} : { dbMirror: opts.dbMirror }),
        agentLiveMs: parseInterval("--agent-live", opts.agentLive) || 15 * 60_000,
      });
      process.stderr.write(
        `vigil: listening on ${server.url} (${server.ctx.sdb.dialect} ${server.ctx.sdb.where})\n`,
      );
      const signal = await untilSignal();
      process.stderr.write(`vigil: ${signal}: finishing requests in flight, then stopping\n`);
      await server.close();
    },
  );

  dbOptions(
    program
      .command("worker")
      .description(
        "run service jobs (re-evaluations...) from the PostgreSQL job queue, beside `vigil server --no-worker`",
      )
      .option("--vuln-db <path>", "vulnerability database (default: $VIGIL_DB or the user cache)")
      .option("--concurrency <n>", "jobs run at the same time", "2")
      .option(
        "--secret-key-file <path>",
        "the servers' secret key (registry credentials); default $VIGIL_SECRET_KEY",
      ),
  ).action(async (opts: DbCliOptions & { vulnDb?: string; concurrency: string; secretKeyFile?: string }) => {
    const location = databaseLocation(opts);
    if (!("url" in location)) {
      throw new VigilError(
        "USAGE",
        "vigil worker needs --database postgres://...: with SQLite, `vigil server` runs the jobs itself",
      );
    }
    const concurrency = Number(opts.concurrency);
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
      throw new InputError("--concurrency", `${opts.concurrency} is not a number from 1 to 64`);
    }
    const { closeContext, startWorker, openContext } = await import("../../service/runtime.js");
    const ctx = await openContext({
      database: location,
      vulnDb: opts.vulnDb ?? defaultDbPath(),
      secretKeyFile: opts.secretKeyFile,
    });
    const log = {
      info: (o: object, msg: string) => process.stderr.write(`vigil worker: ${msg} ${JSON.stringify(o)}\n`),
      error: (o: object, msg: string) =>
        process.stderr.write(`vigil worker: ${msg} ${JSON.stringify(o, errorFields)}\n`),
    };
    // Job loops and webhook deliveries (servers run with --no-worker beside `vigil worker`).
    const worker = startWorker(ctx, { log, concurrency });
    const { Scheduler } = await import("../../service/core/scheduler.js");
    const scheduler = new Scheduler(ctx, { log });
    scheduler.start();
    process.stderr.write(`vigil worker: running ${concurrency} job loop(s) on ${ctx.sdb.where}\n`);
    await untilSignal();
    await scheduler.stop();
    await worker.stop();
    await closeContext(ctx);
  });

  const accounts = program.command("accounts").description("manage service accounts");
  dbOptions(
    accounts
      .command("create")
      .description("create an account and print its id and first API key (shown once)")
      .requiredOption("--name <name>", "account name")
      .option(
        "--scan-types <list>",
        `scan types to enable (comma-separated: ${SCAN_TYPES.join(",")}; default all)`,
      )
      .option("--json", "print JSON: {accountId, name, apiKey, keyId}"),
  ).action(async (opts: DbCliOptions & { name: string; scanTypes?: string; json?: boolean }) => {
    const scanTypes = opts.scanTypes
      ?.split(",")
      .map((s) => s.trim())
      .filter((s) => s !== "");
    for (const t of scanTypes ?? []) {
      if (!(SCAN_TYPES as readonly string[]).includes(t)) {
        throw new InputError(
          "--scan-types",
          `unknown scan type ${JSON.stringify(t)}: use ${SCAN_TYPES.join(", ")}`,
        );
      }
    }
    const name = opts.name.trim();
    if (name === "" || name.length > 200)
      throw new InputError("--name", "give a name of 1 to 200 characters");
    const { closeContext, openContext } = await import("../../service/runtime.js");
    const { createAccount } = await import("../../service/tenancy/accounts.js");
    const ctx = await openContext({ database: databaseLocation(opts), vulnDb: defaultDbPath() });
    try {
      const { account, key } = await createAccount(
        ctx,
        name,
        (scanTypes as ScanType[] | undefined) ?? SCAN_TYPES,
      );
      if (opts.json) {
        process.stdout.write(
          `${JSON.stringify({ accountId: account.id, name: account.name, keyId: key.id, apiKey: key.key }, null, 2)}\n`,
        );
      } else {
        process.stdout.write(
          `account ${account.id} (${account.name})\nAPI key (shown once, keep it secret): ${key.key}\n`,
        );
      }
    } finally {
      await closeContext(ctx);
    }
  });
}

/** "90s", "30m", "6h", "1d" -> milliseconds; "off" or "0" -> 0. At least a minute. */
export function parseInterval(option: string, text: string): number {
  if (/^(off|0)$/i.test(text.trim())) return 0;
  const m = /^(\d+(?:\.\d+)?)\s*([smhd])$/.exec(text.trim());
  const unit = m ? { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as "s" | "m" | "h" | "d"] : 0;
  const ms = m ? Number(m[1]) * unit : Number.NaN;
  if (!(ms >= 60_000))
    throw new InputError(
      option,
      `${JSON.stringify(text)} is not a duration of a minute or more: use e.g. 30m, 6h or 1d (or off)`,
    );
  return Math.round(ms);
}

/** JSON.stringify replacer that keeps an Error's message. */
function errorFields(_key: string, value: unknown): unknown {
  return value instanceof Error ? { message: value.message } : value;
}
