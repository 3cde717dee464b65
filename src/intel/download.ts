import { createWriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { errorMessage, VigilError } from "../errors.js";

/** A conditional GET of one URL into one file. */
export interface DownloadRequest {
  url: string;
  /** Where the body goes; written to a temp name beside it and renamed when complete. */
  dest: string;
  /** Validators of the copy we already have, sent as If-None-Match / If-Modified-Since. */
  etag?: string | undefined;
  lastModified?: string | undefined;
  headers?: Record<string, string>;
}

export interface DownloadOptions {
  /** Attempts after the first one, on network errors, dropped connections, 429 and 5xx. Default 4. */
  retries?: number;
  /** First backoff delay; doubled on each retry. Default 1000 ms. */
  backoffMs?: number;
  /** Bytes received so far, and the total when the server said. */
  onProgress?: (received: number, total: number | undefined) => void;
  /** Told about each retry. */
  onRetry?: (attempt: number, reason: string, delayMs: number) => void;
}

export type DownloadResult =
  | { status: "fetched"; bytes: number; etag?: string | undefined; lastModified?: string | undefined }
  | { status: "not-modified" }
  /** 404 / 410: the publisher does not serve this file (e.g. an ecosystem without an OSV export). */
  | { status: "missing"; httpStatus: number };

/** A failure worth another attempt. */
class TransientError extends Error {}

/**
 * Downloads one URL with Node's fetch: conditional (ETag / Last-Modified; 304 -> "not-modified"),
 * retried with exponential backoff on network errors, dropped connections (a body shorter than its
 * Content-Length counts), 429 and 5xx. The file at dest is replaced only by a complete body.
 * @throws VigilError naming the URL when the server refuses or every attempt failed
 */
export async function download(req: DownloadRequest, options: DownloadOptions = {}): Promise<DownloadResult> {
  const retries = options.retries ?? 4;
  const backoff = options.backoffMs ?? 1000;
  for (let attempt = 0; ; attempt++) {
    try {
      return await attemptDownload(req, options);
    } catch (e) {
      if (!(e instanceof TransientError) || attempt >= retries) {
        if (e instanceof VigilError) throw e;
        throw new VigilError(
          "DOWNLOAD_FAILED",
          `${req.url}: ${errorMessage(e)} (after ${attempt + 1} attempts); check the network, or use --mirror`,
          { cause: e },
        );
      }
      const delay = backoff * 2 ** attempt;
      options.onRetry?.(attempt + 1, e.message, delay);
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}

async function attemptDownload(req: DownloadRequest, options: DownloadOptions): Promise<DownloadResult> {
  // identity: store the bytes exactly as published (a .gz stays gzip), and let Content-Length check them.
  const headers: Record<string, string> = { "accept-encoding": "identity", ...req.headers };
  if (req.etag) headers["if-none-match"] = req.etag;
  if (req.lastModified) headers["if-modified-since"] = req.lastModified;
  let res: Response;
  try {
    res = await fetch(req.url, { headers, redirect: "follow" });
  } catch (e) {
    throw new TransientError(describeNetworkError(e));
  }
  if (res.status === 304) {
    await res.body?.cancel();
    return { status: "not-modified" };
  }
  if (res.status === 404 || res.status === 410) {
    await res.body?.cancel();
    return { status: "missing", httpStatus: res.status };
  }
  if (res.status === 429 || res.status >= 500) {
    await res.body?.cancel();
    throw new TransientError(`HTTP ${res.status} ${res.statusText}`);
  }
  if (!res.ok || res.body === null) {
    await res.body?.cancel();
    throw new VigilError(
      "DOWNLOAD_FAILED",
      `${req.url}: HTTP ${res.status} ${res.statusText}; check the URL or the mirror`,
    );
  }
  const lengthHeader = res.headers.get("content-length");
  const total = lengthHeader === null ? undefined : Number(lengthHeader);
  const part = `${req.dest}.part-${process.pid}`;
  let received = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      received += chunk.length;
      options.onProgress?.(received, total);
      done(null, chunk);
    },
  });
  try {
    await pipeline(
      Readable.fromWeb(res.body as import("node:stream/web").ReadableStream),
      counter,
      createWriteStream(part),
    );
  } catch (e) {
    await rm(part, { force: true });
    throw new TransientError(`connection dropped after ${received} bytes (${describeNetworkError(e)})`);
  }
  if (total !== undefined && Number.isFinite(total) && received !== total) {
    await rm(part, { force: true });
    throw new TransientError(`body ended after ${received} of ${total} bytes`);
  }
  await rename(part, req.dest);
  return {
    status: "fetched",
    bytes: received,
    etag: res.headers.get("etag") ?? undefined,
    lastModified: res.headers.get("last-modified") ?? undefined,
  };
}

function describeNetworkError(e: unknown): string {
  const cause = (e as { cause?: unknown }).cause;
  return cause === undefined ? errorMessage(e) : `${errorMessage(e)}: ${errorMessage(cause)}`;
}
