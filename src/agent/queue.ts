/**
 * The agent's offline queue: reports not yet accepted by the server, kept as files in the state
 * directory so that a server outage or an agent restart loses nothing. One file per host: a newer
 * inventory of a host supersedes its unsent older one (only the current state matters). Writes are
 * atomic (temporary file, fsync, rename, fsync of the directory); the queue is bounded in files and bytes.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdir, open, readdir, readFile, rename, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { errorMessage, InputError } from "../errors.js";
import type { HostReport } from "../host/collect.js";

/** One queued report as stored. */
export interface QueuedReport {
  /** Unique per write: a report replaced while it was being sent is not deleted by that send's success. */
  id: string;
  hostName: string;
  queuedAt: string;
  report: HostReport;
}

export interface QueueLimits {
  /** Most reports kept (hosts; the oldest is dropped beyond it). Default 16. */
  maxReports: number;
  /** Largest report kept, in bytes of JSON (the server takes 32 MiB). Default 32 MiB. */
  maxReportBytes: number;
  /** Reports the server refused, kept for inspection in rejected/. Default 4. */
  maxRejected: number;
}

const DEFAULT_LIMITS: QueueLimits = {
  maxReports: 16,
  maxReportBytes: 32 * 1024 * 1024,
  maxRejected: 4,
};

/** Writes `data` to `path` atomically: a reader (or a crash) sees the old file or the new one, never half. */
export async function writeFileAtomic(path: string, data: string | Buffer, mode = 0o600): Promise<void> {
  const dir = join(path, "..");
  const tmp = `${path}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`;
  const fh = await open(tmp, "w", mode);
  try {
    await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  const dh = await open(dir, "r");
  try {
    await dh.sync();
  } finally {
    await dh.close();
  }
}

/** The queue in `<stateDir>/pending/`, refused reports in `<stateDir>/rejected/`. */
export class ReportQueue {
  readonly dir: string;
  readonly rejectedDir: string;
  readonly #limits: QueueLimits;
  readonly #log: (msg: string) => void;

  constructor(
    stateDir: string,
    options: { limits?: Partial<QueueLimits>; log?: (msg: string) => void } = {},
  ) {
    this.dir = join(stateDir, "pending");
    this.rejectedDir = join(stateDir, "rejected");
    this.#limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.#log = options.log ?? (() => {});
  }

  /**
   * Creates the state directory (mode 0700: reports describe the host) and removes temporary files a
   * crash left behind.
   * @throws InputError naming the directory when it cannot be created or written
   */
  async open(): Promise<void> {
    try {
      await mkdir(this.dir, { recursive: true, mode: 0o700 });
      await mkdir(this.rejectedDir, { recursive: true, mode: 0o700 });
      for (const name of await readdir(this.dir)) {
        if (name.includes(".tmp-")) await rm(join(this.dir, name), { force: true });
      }
    } catch (e) {
      throw new InputError(
        join(this.dir, ".."),
        `cannot use it as the agent's state directory (${errorMessage(e)}): pass a writable --state-dir`,
      );
    }
  }

  #file(hostName: string): string {
    return join(this.dir, `${createHash("sha256").update(hostName).digest("hex").slice(0, 24)}.json`);
  }

  /** Queues a report, replacing the host's unsent one; drops the oldest reports beyond the bound. */
  async put(report: HostReport): Promise<QueuedReport> {
    const queued: QueuedReport = {
      id: `${Date.now().toString(36)}-${randomBytes(6).toString("hex")}`,
      hostName: report.resource.name,
      queuedAt: new Date().toISOString(),
      report,
    };
    const json = JSON.stringify(queued);
    if (Buffer.byteLength(json) > this.#limits.maxReportBytes) {
      throw new InputError(
        report.resource.name,
        `the report is ${Buffer.byteLength(json)} bytes, more than the ${this.#limits.maxReportBytes} the queue keeps`,
      );
    }
    await writeFileAtomic(this.#file(queued.hostName), json);
    const all = await this.#listByAge();
    for (const extra of all.slice(0, Math.max(0, all.length - this.#limits.maxReports))) {
      this.#log(
        `the offline queue holds more than ${this.#limits.maxReports} reports: dropping ${extra.name}`,
      );
      await rm(join(this.dir, extra.name), { force: true });
    }
    return queued;
  }

  async #listByAge(): Promise<{ name: string; mtimeMs: number }[]> {
    const out: { name: string; mtimeMs: number }[] = [];
    for (const name of await readdir(this.dir).catch(() => [] as string[])) {
      if (!name.endsWith(".json")) continue;
      const st = await stat(join(this.dir, name)).catch(() => undefined);
      if (st !== undefined) out.push({ name, mtimeMs: st.mtimeMs });
    }
    return out.sort((a, b) => a.mtimeMs - b.mtimeMs || a.name.localeCompare(b.name));
  }

  /** The queued reports, oldest first; a file that does not parse (a foreign file) is set aside. */
  async pending(): Promise<QueuedReport[]> {
    const out: QueuedReport[] = [];
    for (const { name } of await this.#listByAge()) {
      const path = join(this.dir, name);
      const text = await readFile(path, "utf8").catch(() => undefined);
      if (text === undefined) continue;
      try {
        const q = JSON.parse(text) as QueuedReport;
        if (typeof q.id !== "string" || typeof q.hostName !== "string" || typeof q.report !== "object")
          throw new Error("not a queued report");
        out.push(q);
      } catch (e) {
        this.#log(`${path}: ${errorMessage(e)}; moved to ${this.rejectedDir}`);
        await rename(path, join(this.rejectedDir, `${name}.unreadable`)).catch(() =>
          rm(path, { force: true }),
        );
      }
    }
    return out;
  }

  /** Whether anything is queued. */
  async size(): Promise<number> {
    return (await this.#listByAge()).length;
  }

  /** Removes a report once sent, unless a newer one has replaced it meanwhile. */
  async done(q: QueuedReport): Promise<void> {
    const path = this.#file(q.hostName);
    const current = await readFile(path, "utf8").catch(() => undefined);
    if (current === undefined) return;
    try {
      if ((JSON.parse(current) as QueuedReport).id !== q.id) return;
    } catch {
      // Unreadable: replaced by something that is not ours; pending() sets it aside.
      return;
    }
    await rm(path, { force: true });
  }

  /** Moves a report the server refused for good to rejected/ (keeping the newest few), unless replaced. */
  async reject(q: QueuedReport): Promise<string | undefined> {
    const path = this.#file(q.hostName);
    const current = await readFile(path, "utf8").catch(() => undefined);
    if (current === undefined) return undefined;
    try {
      if ((JSON.parse(current) as QueuedReport).id !== q.id) return undefined;
    } catch {
      return undefined;
    }
    const target = join(this.rejectedDir, `${q.id}.json`);
    await rename(path, target);
    const names = (await readdir(this.rejectedDir)).sort();
    for (const old of names.slice(0, Math.max(0, names.length - this.#limits.maxRejected))) {
      await rm(join(this.rejectedDir, old), { force: true });
    }
    return target;
  }
}
