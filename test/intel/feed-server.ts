import { readdirSync, readFileSync, statSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

/** The shared real feed snapshots, resolved from the repository root. */
export const FEEDS_DIR = resolve(fileURLToPath(new URL("../../../shared/feeds/", import.meta.url)));

/** Mirror index file name (see src/intel/sources.ts). */
const INDEX = "vigil-mirror-index.txt";

/** Faults and slowness a test can switch on, per request path ("/osv/PyPI/all.zip"). */
export interface FeedServerControl {
  /** Paths whose next N responses send half the body and then drop the connection. */
  dropConnection: Map<string, number>;
  /** Paths whose next N responses are HTTP 503. */
  fail503: Map<string, number>;
  /** Replacement bodies (with their own ETag): e.g. a truncated zip. */
  override: Map<string, Buffer>;
  /** Pause between 16 KiB chunks of every body, to make an update slow enough to be killed mid-way. */
  chunkDelayMs: number;
  /** Every request: method, path, status. */
  log: { path: string; status: number }[];
}

export interface FeedServer {
  url: string;
  control: FeedServerControl;
  close(): Promise<void>;
}

/**
 * A mirror of /work/shared/feeds over node:http, laid out as `vigil db update --mirror` expects:
 * every file at its path, `epss/epss_scores-current.csv.gz` as an alias of the dated EPSS file, and
 * `vigil-mirror-index.txt` listing every file. ETag / Last-Modified / 304 like a real static server.
 */
export async function startFeedServer(root = FEEDS_DIR): Promise<FeedServer> {
  const control: FeedServerControl = {
    dropConnection: new Map(),
    fail503: new Map(),
    override: new Map(),
    chunkDelayMs: 0,
    log: [],
  };
  const server: Server = createServer((req, res) => {
    handle(root, control, req, res).catch(() => res.destroy());
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    control,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

function take(map: Map<string, number>, key: string): boolean {
  const n = map.get(key) ?? 0;
  if (n <= 0) return false;
  map.set(key, n - 1);
  return true;
}

async function handle(
  root: string,
  c: FeedServerControl,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
  const status = (s: number) => {
    c.log.push({ path, status: s });
    res.statusCode = s;
  };
  if (take(c.fail503, path)) {
    status(503);
    res.end("try later");
    return;
  }
  let body: Buffer | undefined;
  let file: string | undefined;
  let etag: string;
  let mtime: Date;
  if (path === `/${INDEX}`) {
    body = Buffer.from(`${listFiles(root).join("\n")}\n`);
    etag = `"index-${body.length}"`;
    mtime = new Date(0);
  } else if (c.override.has(path)) {
    body = c.override.get(path)!;
    etag = `"override-${body.length}"`;
    mtime = new Date();
  } else {
    const rel = path === "/epss/epss_scores-current.csv.gz" ? "/epss/epss_scores-2026-08-15.csv.gz" : path;
    file = join(root, rel);
    if (!file.startsWith(root + sep) || !isFile(file)) {
      status(404);
      res.end("not found");
      return;
    }
    const st = statSync(file);
    etag = `"${st.size}-${Math.floor(st.mtimeMs)}"`;
    mtime = st.mtime;
  }
  if (req.headers["if-none-match"] === etag) {
    status(304);
    res.end();
    return;
  }
  const data = body ?? readFileSync(file!);
  status(200);
  res.setHeader("etag", etag);
  res.setHeader("last-modified", mtime.toUTCString());
  res.setHeader("content-length", data.length);
  if (take(c.dropConnection, path)) {
    res.flushHeaders();
    res.write(data.subarray(0, Math.floor(data.length / 2)), () => res.destroy());
    return;
  }
  const chunk = 16 * 1024;
  for (let i = 0; i < data.length; i += chunk) {
    if (res.destroyed) return;
    if (!res.write(data.subarray(i, i + chunk))) await new Promise((r) => res.once("drain", r));
    if (c.chunkDelayMs > 0) await new Promise((r) => setTimeout(r, c.chunkDelayMs));
  }
  res.end();
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** Every file under root (except the scan artifacts), relative, sorted: the mirror index. */
function listFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== "artifacts") walk(p);
      } else if (e.isFile()) out.push(relative(root, p).split(sep).join("/"));
    }
  };
  walk(root);
  out.push("epss/epss_scores-current.csv.gz");
  return out.sort();
}
