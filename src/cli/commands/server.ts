import type { Command } from "commander";
import { type Config, databaseOf, requiredValue, settingValue } from "../../config/load.js";
import { printConfig } from "../../config/print.js";
import { listenOf } from "../../config/schema.js";
import { InputError, VigilError } from "../../errors.js";
import { defaultDbPath } from "../../intel/db/location.js";
import type { ScanType } from "../../model/resource.js";
import { SCAN_TYPES } from "../../service/resources/scan-types.js";
import { configOf, configOptions } from "../config-options.js";

/** `host:port`, `[v6]:port` or `:port` (all interfaces). */
export function parseListen(value: string): { host: string; port: number } {
  const listen = listenOf(value);
  if (listen === undefined) {
    throw new InputError(
      "--listen",
      `${JSON.stringify(value)} is not host:port (e.g. 127.0.0.1:8080, [::1]:8080, :8080)`,
    );
  }
  return listen;
}

/** What `vigil server` and `vigil worker` share: the databases and the secret key. */
function serviceOptions(config: Config) {
  const secretKey = settingValue<string>(config, "service.secretKey");
  const secretKeySource = config.entries.get("service.secretKey")?.source;
  return {
    database: databaseOf(config),
    vulnDb: requiredValue<string>(config, "service.vulnDb"),
    secretKeyFile: settingValue<string>(config, "service.secretKeyFile"),
    outbound: {
      allowPrivate: requiredValue<boolean>(config, "service.allowPrivateTargets"),
      allow: (settingValue<string>(config, "service.outboundAllow") ?? "")
        .split(/[\s,]+/)
        .filter((c) => c !== ""),
    },
    secretKey:
      secretKey === undefined || secretKeySource === undefined
        ? undefined
        : {
            text: secretKey,
            from: secretKeySource.from === "env" ? secretKeySource.name : "service.secretKey",
          },
  };
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
  const server = configOptions(
    program
      .command("server")
      .description("run the Vigil service: the HTTP API (and the job worker) on SQLite or PostgreSQL"),
    "server",
  );
  server.action(async () => {
    const config = configOf(server, "server");
    if (server.opts().printConfig === true) {
      process.stdout.write(printConfig(config));
      return;
    }
    const dbUpdateIntervalMs = settingValue<number>(config, "server.dbUpdateInterval");
    const dbMirror = settingValue<string>(config, "server.dbMirror");
    const { host, port } = requiredValue<{ host: string; port: number }>(config, "server.listen");
    const { startServer } = await import("../../service/runtime.js");
    const running = await startServer({
      ...serviceOptions(config),
      host,
      port,
      worker: requiredValue<boolean>(config, "server.worker"),
      logLevel: requiredValue<string>(config, "server.logLevel"),
      ...(dbUpdateIntervalMs === undefined ? {} : { dbUpdateIntervalMs }),
      ...(dbMirror === undefined ? {} : { dbMirror }),
      agentLiveMs: requiredValue<number>(config, "server.agentLive"),
    });
    process.stderr.write(
      `vigil: listening on ${running.url} (${running.ctx.sdb.dialect} ${running.ctx.sdb.where})\n`,
    );
    const signal = await untilSignal();
    process.stderr.write(`vigil: ${signal}: finishing requests in flight, then stopping\n`);
    await running.close();
  });

  const worker = configOptions(
    program
      .command("worker")
      .description(
        "run service jobs (re-evaluations...) from the PostgreSQL job queue, beside `vigil server --no-worker`",
      ),
    "worker",
  );
  worker.action(async () => {
    const config = configOf(worker, "worker");
    if (worker.opts().printConfig === true) {
      process.stdout.write(printConfig(config));
      return;
    }
    const service = serviceOptions(config);
    if (!("url" in service.database)) {
      throw new VigilError(
        "USAGE",
        "vigil worker needs --database postgres://... (or VIGIL_DATABASE_URL, or service.database in the config file): with SQLite, `vigil server` runs the jobs itself",
      );
    }
    const concurrency = requiredValue<number>(config, "worker.concurrency");
    const { closeContext, startWorker, openContext } = await import("../../service/runtime.js");
    const ctx = await openContext(service);
    const log = {
      info: (o: object, msg: string) => process.stderr.write(`vigil worker: ${msg} ${JSON.stringify(o)}\n`),
      error: (o: object, msg: string) =>
        process.stderr.write(`vigil worker: ${msg} ${JSON.stringify(o, errorFields)}\n`),
    };
    // Job loops and webhook deliveries (servers run with --no-worker beside `vigil worker`).
    const jobs = startWorker(ctx, { log, concurrency });
    const { Scheduler } = await import("../../service/core/scheduler.js");
    const scheduler = new Scheduler(ctx, { log });
    scheduler.start();
    process.stderr.write(`vigil worker: running ${concurrency} job loop(s) on ${ctx.sdb.where}\n`);
    await untilSignal();
    await scheduler.stop();
    await jobs.stop();
    await closeContext(ctx);
  });

  const accounts = program.command("accounts").description("manage service accounts");
  const create = configOptions(
    accounts
      .command("create")
      .description("create an account and print its id and first API key (shown once)")
      .requiredOption("--name <name>", "account name")
      .option(
        "--scan-types <list>",
        `scan types to enable (comma-separated: ${SCAN_TYPES.join(",")}; default all)`,
      )
      .option("--json", "print JSON: {accountId, name, apiKey, keyId}"),
    "accounts",
  );
  create.action(async (opts: { name: string; scanTypes?: string; json?: boolean }) => {
    const database = databaseOf(configOf(create, "accounts"));
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
    const ctx = await openContext({ database, vulnDb: defaultDbPath() });
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
