import type { Command } from "commander";
import { InputError, VigilError } from "../../errors.js";
import { defaultDbPath } from "../../intel/db/location.js";
import type { ScanType } from "../../model/resource.js";
import { databaseLocation } from "../../service/db/location.js";
import { SCAN_TYPES } from "../../service/scan-types.js";

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
      .option("--log-level <level>", "fatal, error, warn, info, debug", "info"),
  ).action(
    async (opts: DbCliOptions & { listen: string; vulnDb?: string; worker: boolean; logLevel: string }) => {
      const { host, port } = parseListen(opts.listen);
      const { startServer } = await import("../../service/runtime.js");
      const server = await startServer({
        database: databaseLocation(opts),
        vulnDb: opts.vulnDb ?? defaultDbPath(),
        host,
        port,
        worker: opts.worker,
        logLevel: opts.logLevel,
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
      .option("--concurrency <n>", "jobs run at the same time", "2"),
  ).action(async (opts: DbCliOptions & { vulnDb?: string; concurrency: string }) => {
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
    const { closeContext, createWorker, openContext } = await import("../../service/runtime.js");
    const ctx = await openContext({ database: location, vulnDb: opts.vulnDb ?? defaultDbPath() });
    const log = {
      info: (o: object, msg: string) => process.stderr.write(`vigil worker: ${msg} ${JSON.stringify(o)}\n`),
      error: (o: object, msg: string) =>
        process.stderr.write(`vigil worker: ${msg} ${JSON.stringify(o, errorFields)}\n`),
    };
    const worker = createWorker(ctx, log, concurrency);
    worker.start();
    process.stderr.write(`vigil worker: running ${concurrency} job loop(s) on ${ctx.sdb.where}\n`);
    await untilSignal();
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
    const { createAccount } = await import("../../service/accounts.js");
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

/** JSON.stringify replacer that keeps an Error's message. */
function errorFields(_key: string, value: unknown): unknown {
  return value instanceof Error ? { message: value.message } : value;
}
