/**
 * The host agent (`vigil agent`): sends the host's inventory at start, whenever a package database
 * changes (watched, debounced) and at least every `fullReportMs`; in between, a heartbeat every
 * `heartbeatMs` tells the server the agent is alive (a cheap call: a stat of the package databases and a
 * read of /proc/net decide that nothing changed). Every inventory goes through the on-disk queue, so a
 * server outage or a restart loses nothing: what is pending is retried with backoff, and sent at start.
 *
 * The server's answers decide what happens to a report: 2xx removes it; a network error, 408, 429 or
 * 5xx keeps it for a retry; 401/403 (a bad or revoked token) stop the agent (exit code 2, the report
 * stays queued for the next start); any other 4xx (the report itself is refused) moves it to rejected/.
 */
import { createHash } from "node:crypto";
import { ServerRefusedError, submitInventory } from "../client/client.js";
import { errorMessage, VigilError } from "../errors.js";
import { collectHost, type HostReport, hostFingerprint } from "../host/collect.js";
import { type QueuedReport, ReportQueue } from "./queue.js";
import { PackageDbWatcher } from "./watch.js";

export type LogLevel = "debug" | "info" | "warn" | "error";

export interface AgentOptions {
  /** The Vigil server's base URL. */
  server: string;
  /** An API key of the account the host belongs to. */
  token: string;
  /** The host's root (default "/"); tests point it at a copy. */
  root: string;
  /** Where the offline queue lives. */
  stateDir: string;
  /** The host resource's name. */
  hostName: string;
  /** Heartbeat interval (default 5 minutes). */
  heartbeatMs?: number;
  /** A full inventory at least this often, changed or not (default 24 hours; hosts go stale after 7 days). */
  fullReportMs?: number;
  /** Quiet time after a package database change before collecting (default 2 s). */
  debounceMs?: number;
  /** First retry delay after a failed send (default 2 s), doubled up to `maxRetryMs` (default 5 minutes). */
  minRetryMs?: number;
  maxRetryMs?: number;
  /** Time allowed for one request (default 120 s for an inventory, 30 s for a heartbeat). */
  requestTimeoutMs?: number;
  log?: (level: LogLevel, message: string) => void;
}

/** Why the agent stopped. */
export interface AgentExit {
  /** 0: stopped on request; 2: the server refused the token (fix it, then restart). */
  code: 0 | 2;
  message?: string;
}

type Outcome = "sent" | "retry" | "rejected" | "fatal";

/** A digest of a report without its timestamp, to tell whether anything changed since the last send. */
function reportDigest(r: HostReport): string {
  const { createdAt: _createdAt, ...inv } = r.inventory;
  return createHash("sha256")
    .update(JSON.stringify({ ...r, inventory: inv }))
    .digest("hex");
}

export class Agent {
  readonly #o: Required<Omit<AgentOptions, "log">>;
  readonly #log: (level: LogLevel, message: string) => void;
  readonly #queue: ReportQueue;
  readonly #watcher: PackageDbWatcher;
  readonly #abort = new AbortController();
  #wake: (() => void) | undefined;
  #timers: NodeJS.Timeout[] = [];
  #collectReason: string | undefined;
  #heartbeatDue = false;
  #retryAt = 0;
  #retryDelay: number;
  #outage = false;
  #lastSent: { digest: string; at: number } | undefined;
  #fingerprint: string | undefined;
  /** The digest of the report last queued (a second collection of the same state is not queued again). */
  #queuedDigest: string | undefined;
  #stopped = false;
  #loop: Promise<AgentExit> | undefined;
  /** Reports the server accepted, since start (for tests and the log). */
  sent = 0;

  constructor(options: AgentOptions) {
    this.#o = {
      heartbeatMs: 5 * 60_000,
      fullReportMs: 24 * 3600_000,
      debounceMs: 2000,
      minRetryMs: 2000,
      maxRetryMs: 5 * 60_000,
      requestTimeoutMs: 120_000,
      ...options,
    };
    this.#log = options.log ?? (() => {});
    this.#retryDelay = this.#o.minRetryMs;
    this.#queue = new ReportQueue(this.#o.stateDir, { log: (m) => this.#log("warn", m) });
    this.#watcher = new PackageDbWatcher(
      this.#o.root,
      (managers) => this.#requestCollect(`${managers} package database changed`),
      {
        debounceMs: this.#o.debounceMs,
        onError: (dir, e) =>
          this.#log("warn", `cannot watch ${dir}: ${errorMessage(e)} (heartbeats still notice changes)`),
      },
    );
  }

  /**
   * Opens the queue, arms the watches and starts the loop; resolves once started. `done` resolves when
   * the agent stops.
   * @throws InputError when the state directory cannot be used
   */
  async start(): Promise<void> {
    await this.#queue.open();
    const pending = await this.#queue.size();
    if (pending > 0) this.#log("info", `${pending} report(s) queued from before: sending`);
    this.#watcher.arm();
    this.#log(
      "info",
      `host ${this.#o.hostName}: reporting to ${new URL(this.#o.server).origin}; watching ${this.#watcher.watching.join(", ") || "no package database"} under ${this.#o.root}`,
    );
    this.#requestCollect("start");
    this.#timers.push(
      setInterval(() => {
        this.#heartbeatDue = true;
        this.#wakeUp();
      }, this.#o.heartbeatMs),
    );
    this.#loop = this.#run();
  }

  /** Resolves when the agent stops: `stop()`, or a token the server refuses. */
  get done(): Promise<AgentExit> {
    if (this.#loop === undefined) throw new Error("Agent.done before start()");
    return this.#loop;
  }

  /** Stops: aborts a request in flight (its report stays queued), closes the watches. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#abort.abort();
    this.#wakeUp();
    await this.#loop;
  }

  #requestCollect(reason: string): void {
    this.#collectReason ??= reason;
    this.#wakeUp();
  }

  #wakeUp(): void {
    const w = this.#wake;
    this.#wake = undefined;
    w?.();
  }

  /** Sleeps until woken, or `ms`. */
  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.#wake = undefined;
        resolve();
      }, ms);
      this.#wake = () => {
        clearTimeout(t);
        resolve();
      };
    });
  }

  async #run(): Promise<AgentExit> {
    try {
      // What a previous run left queued goes first (a newer collection would supersede it otherwise).
      if ((await this.#queue.size()) > 0) {
        const exit = await this.#flush();
        if (exit !== undefined) return exit;
      }
      while (!this.#stopped) {
        if (this.#collectReason !== undefined) {
          const reason = this.#collectReason;
          this.#collectReason = undefined;
          await this.#collect(reason);
          continue;
        }
        const pending = await this.#queue.size();
        if (pending > 0 && Date.now() >= this.#retryAt) {
          const exit = await this.#flush();
          if (exit !== undefined) return exit;
          continue;
        }
        if (this.#heartbeatDue) {
          this.#heartbeatDue = false;
          if (pending === 0) {
            const exit = await this.#heartbeat();
            if (exit !== undefined) return exit;
          }
          continue;
        }
        await this.#sleep(pending > 0 ? Math.max(0, this.#retryAt - Date.now()) : this.#o.heartbeatMs);
      }
      return { code: 0 };
    } finally {
      for (const t of this.#timers) clearInterval(t);
      this.#watcher.close();
    }
  }

  /** Collects a report and queues it (superseding an unsent one), unless nothing changed since the last. */
  async #collect(reason: string): Promise<void> {
    let report: HostReport;
    try {
      const fingerprint = await hostFingerprint(this.#o.root);
      report = await collectHost(this.#o.root, this.#o.hostName);
      this.#fingerprint = fingerprint;
    } catch (e) {
      this.#log("error", `cannot collect the inventory of ${this.#o.root} (${reason}): ${errorMessage(e)}`);
      return;
    }
    const digest = reportDigest(report);
    const queued = (await this.#queue.size()) > 0;
    const last = this.#lastSent;
    const unchanged = queued
      ? this.#queuedDigest === digest
      : last !== undefined && last.digest === digest && Date.now() - last.at < this.#o.fullReportMs;
    if (reason !== "start" && unchanged) {
      this.#log("debug", `${reason}: the inventory did not change`);
      return;
    }
    try {
      await this.#queue.put(report);
      this.#queuedDigest = digest;
    } catch (e) {
      this.#log("error", `cannot queue the report: ${errorMessage(e)}`);
      return;
    }
    this.#retryAt = 0;
    this.#log(
      "info",
      `${reason}: collected ${report.inventory.packages.length} packages, ${report.inventory.listeners?.length ?? 0} listening sockets`,
    );
  }

  /** Sends every queued report; returns an exit when the token is refused. */
  async #flush(): Promise<AgentExit | undefined> {
    for (const q of await this.#queue.pending()) {
      if (this.#stopped) return undefined;
      const outcome = await this.#send(q);
      if (outcome === "fatal") {
        return {
          code: 2,
          message: `the server refused the API key: fix --token (or VIGIL_TOKEN) and restart; the report stays queued in ${this.#queue.dir}`,
        };
      }
      if (outcome === "retry") {
        this.#retryAt = Date.now() + this.#retryDelay;
        this.#retryDelay = Math.min(this.#retryDelay * 2, this.#o.maxRetryMs);
        return undefined;
      }
    }
    return undefined;
  }

  #signal(timeoutMs: number): AbortSignal {
    return AbortSignal.any([this.#abort.signal, AbortSignal.timeout(timeoutMs)]);
  }

  async #send(q: QueuedReport): Promise<Outcome> {
    const outcome = await this.#classify(async () => {
      const summary = await submitInventory(
        this.#o.server,
        this.#o.token,
        q.report.resource,
        q.report.inventory,
        { collector: q.report.collector, signal: this.#signal(this.#o.requestTimeoutMs) },
      );
      this.#log(
        "info",
        `inventory of ${q.hostName} sent (queued ${q.queuedAt}): ${summary.open} open findings (${summary.created} new, ${summary.closed} closed)`,
      );
    }, `the inventory of ${q.hostName}`);
    if (outcome === "sent") {
      await this.#queue.done(q);
      this.sent++;
      this.#lastSent = { digest: reportDigest(q.report), at: Date.now() };
    } else if (outcome === "rejected") {
      const where = await this.#queue.reject(q);
      if (where !== undefined)
        this.#log("error", `the refused report is kept in ${where}; it is not retried`);
    }
    return outcome;
  }

  /**
   * Runs one server call and sorts its failure: unreachable, timeouts, 408, 429 and 5xx are retried;
   * 401/403 are fatal; other 4xx reject the report. Logs an outage once, and its end.
   */
  async #classify(call: () => Promise<void>, what: string): Promise<Outcome> {
    try {
      await call();
      if (this.#outage) this.#log("info", "the server is reachable again");
      this.#outage = false;
      this.#retryDelay = this.#o.minRetryMs;
      return "sent";
    } catch (e) {
      if (this.#stopped) return "retry";
      if (e instanceof ServerRefusedError) {
        if (e.status === 401 || e.status === 403) {
          this.#log("error", `${e.message}`);
          return "fatal";
        }
        if (e.status >= 400 && e.status < 500 && e.status !== 408 && e.status !== 429) {
          this.#log("error", `${what} was refused: ${e.message}`);
          return "rejected";
        }
      }
      const msg =
        e instanceof VigilError || !(e instanceof Error) ? errorMessage(e) : `${e.name}: ${e.message}`;
      if (!this.#outage) {
        this.#log(
          "warn",
          `cannot send ${what}: ${msg}; ${what === "the heartbeat" ? "trying again at the next one" : "keeping it queued and retrying with backoff"}`,
        );
      } else {
        this.#log("debug", `retry failed: ${msg}`);
      }
      this.#outage = true;
      return "retry";
    }
  }

  /**
   * The cheap path: when the package databases and listening sockets look the same (stat and
   * /proc/net), tell the server the agent is alive; a change, a full-report deadline or a host the
   * server does not know yet collects a report instead.
   */
  async #heartbeat(): Promise<AgentExit | undefined> {
    this.#watcher.rearm();
    const fingerprint = await hostFingerprint(this.#o.root).catch(() => undefined);
    if (fingerprint === undefined || fingerprint !== this.#fingerprint) {
      this.#requestCollect("change seen at heartbeat");
      return undefined;
    }
    if (this.#lastSent === undefined || Date.now() - this.#lastSent.at >= this.#o.fullReportMs) {
      this.#requestCollect("periodic full report");
      return undefined;
    }
    let unknownHost = false;
    const outcome = await this.#classify(async () => {
      try {
        await sendHeartbeat(this.#o.server, this.#o.token, this.#o.hostName, this.#signal(30_000));
      } catch (e) {
        if (e instanceof ServerRefusedError && e.status === 404) unknownHost = true;
        else throw e;
      }
    }, "the heartbeat");
    if (outcome === "fatal") {
      return { code: 2, message: "the server refused the API key: fix --token (or VIGIL_TOKEN) and restart" };
    }
    if (unknownHost) this.#requestCollect("the server does not know this host");
    return undefined;
  }
}

/**
 * `POST /v1/agents/heartbeat`.
 * @throws ServerRefusedError with the server's status, or VigilError SERVER_UNREACHABLE
 */
export async function sendHeartbeat(
  server: string,
  token: string,
  hostName: string,
  signal?: AbortSignal,
): Promise<void> {
  const url = new URL("/v1/agents/heartbeat", server);
  let res: Response;
  try {
    res = await fetch(url, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ hostName }),
      ...(signal === undefined ? {} : { signal }),
    });
  } catch (e) {
    throw new VigilError(
      "SERVER_UNREACHABLE",
      `cannot reach the Vigil server at ${url.origin}: ${errorMessage(e)}`,
      {
        cause: e,
      },
    );
  }
  if (res.ok) {
    await res.body?.cancel();
    return;
  }
  const body = (await res.json().catch(() => undefined)) as
    | { error?: { code?: string; message?: string } }
    | undefined;
  throw new ServerRefusedError(
    res.status,
    body?.error?.code ?? `HTTP_${res.status}`,
    `the Vigil server at ${url.origin} refused the heartbeat (${res.status}): ${body?.error?.message ?? res.statusText}`,
  );
}
