import { copyFile, link, mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve, sep } from "node:path";
import { errorMessage, InputError, VigilError } from "../errors.js";
import type { ChangeSet } from "./db/changeset.js";
import { fsyncDir, lockDb, removeLeftovers, tempPathFor } from "./db/files.js";
import { type DownloadOptions, type DownloadResult, download } from "./download.js";
import type { DetectedFeed } from "./feed.js";
import { detectFeeds } from "./feeds/index.js";
import { type BuildEvent, type BuildResult, buildDatabase, type FeedProvenance } from "./import.js";
import { defaultSources, type FeedSource, MIRROR_INDEX, selectSources } from "./sources.js";

/** What happened to one file of a feed during an update. */
export interface DownloadReport {
  source: string;
  path: string;
  url: string;
  /** fetched: new content; not-modified: the cached copy was re-used (304); missing: 404 upstream. */
  result: DownloadResult["status"];
  bytes: number;
}

/** Progress of an update, for a progress bar or plain log lines. */
export type UpdateEvent =
  | BuildEvent
  | { type: "download-start"; source: string; path: string; url: string }
  | { type: "download-progress"; source: string; path: string; received: number; total: number | undefined }
  | { type: "download-done"; report: DownloadReport }
  | { type: "retry"; url: string; attempt: number; reason: string; delayMs: number };

export interface UpdateOptions {
  db: string;
  /** Base URL or directory holding the feed layout, instead of the publishers' URLs. */
  mirror?: string | undefined;
  /** Feed names or groups to download (default: all); the others keep their cached copy. */
  feeds?: readonly string[] | undefined;
  /** The feed list (default: defaultSources()). */
  sources?: readonly FeedSource[];
  download?: Pick<DownloadOptions, "retries" | "backoffMs">;
  /** NVD API key (sent as `apiKey`; allows a shorter pause between pages). */
  nvdApiKey?: string | undefined;
  /** Pause between two NVD API pages (default 6 s without a key, 0.6 s with one: NVD's rate limits). */
  nvdPageDelayMs?: number;
  onEvent?: (event: UpdateEvent) => void;
  now?: () => Date;
}

export interface UpdateResult extends BuildResult {
  downloads: DownloadReport[];
  removedLeftovers: string[];
  changes: ChangeSet;
}

/** `<db>.feeds/.vigil-cache.json`: what each cached file is and its validators. */
interface CacheManifest {
  files: Record<string, CachedFile>;
  /** The end of the last NVD fetch window, the start of the next incremental one. */
  nvdFetchedUntil?: string;
}

interface CachedFile {
  source: string;
  url: string;
  etag?: string | undefined;
  lastModified?: string | undefined;
  size: number;
}

const MANIFEST = ".vigil-cache.json";
/** NVD allows lastModStartDate..lastModEndDate windows of at most 120 days. */
const NVD_MAX_WINDOW_MS = 119 * 24 * 3600 * 1000;
const NVD_PAGE_SIZE = 2000;

/** The download cache of a database: `<db>.feeds/`. */
export function feedCacheDir(db: string): string {
  return `${db}.feeds`;
}

/**
 * `vigil db update`: downloads the selected feeds (conditionally: a 304 re-uses the cached copy) into a
 * fresh feed directory beside the database, builds a new database from every feed in it (feeds not
 * selected keep their cached copy), then swaps in the database and the feed cache. Killed at any
 * moment, the previous database and cache stay usable; the next run removes the leftovers.
 * @throws VigilError naming the feed or URL when a download or a feed fails (nothing is swapped in)
 */
export async function updateDb(options: UpdateOptions): Promise<UpdateResult> {
  const sources = options.sources ?? defaultSources();
  const { selected, unknown } = selectSources(sources, options.feeds);
  if (unknown.length > 0) {
    throw new InputError(
      "--feeds",
      `unknown feed ${unknown.join(", ")}; known: ${[...new Set(sources.map((s) => s.group))].join(", ")} (or one file, e.g. osv:PyPI)`,
    );
  }
  const db = resolve(options.db);
  const lock = lockDb(db);
  const cacheDir = feedCacheDir(db);
  const buildDir = tempPathFor(db, ".feeds");
  try {
    const removedLeftovers = removeLeftovers(db);
    const previous = await readManifest(cacheDir);
    const next: CacheManifest = { files: {} };
    if (previous.nvdFetchedUntil) next.nvdFetchedUntil = previous.nvdFetchedUntil;
    await mkdir(buildDir, { recursive: true });
    const selectedNames = new Set(selected.map((s) => s.name));
    // Feeds not selected this time keep their cached files.
    for (const [path, file] of Object.entries(previous.files)) {
      if (!selectedNames.has(file.source)) await carryOver(cacheDir, buildDir, path, file, next);
    }
    const fetcher = new Fetcher(options, cacheDir, buildDir, previous, next);
    for (const source of selected) await fetcher.fetchSource(source);
    await writeFile(join(buildDir, MANIFEST), JSON.stringify(next, null, 1));
    const feeds = await detectDownloaded(buildDir, next, db);
    if (feeds.length === 0) {
      throw new VigilError(
        "NO_FEEDS",
        `no feed was downloaded${options.mirror ? ` from ${options.mirror}` : ""}; check --mirror and --feeds`,
      );
    }
    const result = await buildDatabase(feeds, {
      db,
      provenance: (feed) => provenanceOf(feed, buildDir, next),
      onEvent: options.onEvent,
      now: options.now,
    }).catch((e: unknown) => {
      // Name files by their place in the feed layout, not by the temp directory that is about to go.
      if (e instanceof Error) e.message = e.message.replaceAll(`${buildDir}${sep}`, "");
      throw e;
    });
    await swapCache(db, cacheDir, buildDir);
    return { ...result, downloads: fetcher.reports, removedLeftovers };
  } finally {
    await rm(buildDir, { recursive: true, force: true });
    lock.release();
  }
}

/**
 * Finds the feeds in the new feed directory. A file too broken to be recognised (a truncated zip) is
 * reported as its feed and URL.
 */
async function detectDownloaded(
  buildDir: string,
  manifest: CacheManifest,
  db: string,
): Promise<DetectedFeed[]> {
  try {
    return await detectFeeds(buildDir);
  } catch (e) {
    const message = errorMessage(e);
    const culprit = Object.entries(manifest.files).find(([path]) => message.includes(join(buildDir, path)));
    if (culprit === undefined) throw e;
    const [path, file] = culprit;
    throw new InputError(
      `feed ${file.source} (${file.url})`,
      `${message.replaceAll(join(buildDir, path), path)}; nothing was changed in ${db}`,
      { cause: e },
    );
  }
}

/** Replaces `<db>.feeds` by the new feed directory (after the database itself was swapped in). */
async function swapCache(db: string, cacheDir: string, buildDir: string): Promise<void> {
  const old = tempPathFor(db, ".feeds").replace(".tmp-", ".old-");
  let hadOld = true;
  try {
    await rename(cacheDir, old);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
    hadOld = false;
  }
  await rename(buildDir, cacheDir);
  fsyncDir(dirname(db));
  if (hadOld) await rm(old, { recursive: true, force: true });
}

async function readManifest(cacheDir: string): Promise<CacheManifest> {
  try {
    const m = JSON.parse(await readFile(join(cacheDir, MANIFEST), "utf8")) as CacheManifest;
    return typeof m.files === "object" && m.files !== null ? m : { files: {} };
  } catch {
    return { files: {} };
  }
}

/** Hard-links (or copies) a cached file into the new feed directory and keeps its manifest entry. */
async function carryOver(
  cacheDir: string,
  buildDir: string,
  path: string,
  file: CachedFile,
  next: CacheManifest,
): Promise<boolean> {
  const from = join(cacheDir, path);
  const to = join(buildDir, path);
  await mkdir(dirname(to), { recursive: true });
  try {
    await link(from, to);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return false;
    if (code === "EEXIST") return true;
    await copyFile(from, to);
  }
  next.files[path] = file;
  return true;
}

/** Where a detected feed came from: its file's URL and validators, or its directory's URL. */
function provenanceOf(
  feed: DetectedFeed,
  buildDir: string,
  manifest: CacheManifest,
): FeedProvenance | undefined {
  const rel = relative(buildDir, feed.path).split(sep).join("/");
  const exact = manifest.files[rel];
  if (exact) return { source: exact.url, etag: exact.etag, lastModified: exact.lastModified };
  const inside = Object.entries(manifest.files).find(([p]) => p.startsWith(`${rel}/`));
  if (inside === undefined) return undefined;
  const [path, file] = inside;
  const suffix = path.slice(rel.length);
  return { source: file.url.endsWith(suffix) ? file.url.slice(0, -suffix.length) : file.url };
}

/** Downloads sources into the new feed directory, from the publishers or a mirror. */
class Fetcher {
  readonly reports: DownloadReport[] = [];
  readonly #mirrorUrl: string | undefined;
  readonly #mirrorDir: string | undefined;
  /** The mirror's index file, null when it serves none (then its HTML listings are read). */
  #mirrorIndex: string[] | null | undefined;

  constructor(
    readonly options: UpdateOptions,
    readonly cacheDir: string,
    readonly buildDir: string,
    readonly previous: CacheManifest,
    readonly next: CacheManifest,
  ) {
    const m = options.mirror;
    if (m === undefined) return;
    if (/^https?:\/\//i.test(m)) this.#mirrorUrl = m.replace(/\/+$/, "");
    else this.#mirrorDir = resolve(m.startsWith("file://") ? new URL(m).pathname : m);
  }

  async fetchSource(source: FeedSource): Promise<void> {
    if (source.kind === "file") {
      const status = await this.#fetchFile(
        source.name,
        source.path,
        this.#mirrorUrlOf(source.path) ?? source.url,
      );
      if (status === "missing" && this.options.mirror !== undefined && source.newestOnMirror !== undefined) {
        const pattern = source.newestOnMirror;
        const newest = (await this.#mirrorListing(dirname(source.path)))
          .filter((p) => pattern.test(p.slice(p.lastIndexOf("/") + 1)))
          .sort()
          .at(-1);
        if (newest !== undefined) await this.#fetchFile(source.name, newest, this.#mirrorUrlOf(newest)!);
      }
    } else if (this.options.mirror !== undefined) {
      for (const path of await this.#mirrorListing(source.dir)) {
        await this.#fetchFile(source.name, path, this.#mirrorUrlOf(path) ?? path);
      }
    } else if (source.kind === "listed") {
      for (const f of await this.#upstreamListing(source)) await this.#fetchFile(source.name, f.path, f.url);
    } else {
      await this.#fetchNvd(source);
    }
  }

  #mirrorUrlOf(path: string): string | undefined {
    if (this.#mirrorUrl !== undefined)
      return `${this.#mirrorUrl}/${path.split("/").map(encodeURIComponent).join("/")}`;
    if (this.#mirrorDir !== undefined) return join(this.#mirrorDir, path);
    return undefined;
  }

  /** One file, conditionally: 304 (or an unchanged mirror file) re-uses the cached copy. */
  async #fetchFile(source: string, path: string, url: string): Promise<DownloadResult["status"]> {
    const dest = join(this.buildDir, path);
    await mkdir(dirname(dest), { recursive: true });
    const cached = this.previous.files[path];
    const usable = cached !== undefined && cached.url === url && (await exists(join(this.cacheDir, path)));
    this.options.onEvent?.({ type: "download-start", source, path, url });
    let result: DownloadResult;
    if (this.#mirrorDir !== undefined) {
      result = await this.#copyFromDir(url, dest, usable ? cached : undefined);
    } else {
      result = await download(
        {
          url,
          dest,
          etag: usable ? cached.etag : undefined,
          lastModified: usable ? cached.lastModified : undefined,
        },
        {
          ...this.options.download,
          onProgress: (received, total) =>
            this.options.onEvent?.({ type: "download-progress", source, path, received, total }),
          onRetry: (attempt, reason, delayMs) =>
            this.options.onEvent?.({ type: "retry", url, attempt, reason, delayMs }),
        },
      ).catch((e: unknown) => {
        throw new VigilError(
          "DOWNLOAD_FAILED",
          `feed ${source}: ${errorMessage(e)}; nothing was changed in ${this.options.db}`,
          { cause: e },
        );
      });
    }
    let bytes = 0;
    if (result.status === "fetched") {
      bytes = result.bytes;
      this.next.files[path] = {
        source,
        url,
        etag: result.etag,
        lastModified: result.lastModified,
        size: bytes,
      };
    } else if (result.status === "not-modified" && cached !== undefined) {
      if (!(await carryOver(this.cacheDir, this.buildDir, path, cached, this.next))) {
        throw new VigilError(
          "CACHE_LOST",
          `${url}: the server said "not modified" but the cached copy is gone; run again`,
        );
      }
      bytes = cached.size;
    }
    const report: DownloadReport = { source, path, url, result: result.status, bytes };
    this.reports.push(report);
    this.options.onEvent?.({ type: "download-done", report });
    return result.status;
  }

  /** A directory mirror: copy the file unless size and mtime match the cached copy. */
  async #copyFromDir(from: string, dest: string, cached: CachedFile | undefined): Promise<DownloadResult> {
    let st: Awaited<ReturnType<typeof stat>>;
    try {
      st = await stat(from);
    } catch {
      return { status: "missing", httpStatus: 404 };
    }
    const mtime = st.mtime.toUTCString();
    if (cached !== undefined && cached.size === st.size && cached.lastModified === mtime)
      return { status: "not-modified" };
    await copyFile(from, dest);
    return { status: "fetched", bytes: st.size, lastModified: mtime };
  }

  /** The mirror's files under dir: from its index (HTTP) or by walking it (directory). */
  async #mirrorListing(dir: string): Promise<string[]> {
    if (this.#mirrorDir !== undefined) return (await walk(this.#mirrorDir, dir)).sort();
    if (this.#mirrorIndex === null) return listHttpDirectory(`${this.#mirrorUrl}/`, dir);
    if (this.#mirrorIndex === undefined) {
      const dest = join(this.buildDir, `.${MIRROR_INDEX}`);
      const url = `${this.#mirrorUrl}/${MIRROR_INDEX}`;
      const r = await download({ url, dest }, this.options.download);
      if (r.status !== "fetched") {
        // No index: read the server's HTML directory listings instead.
        this.#mirrorIndex = null;
        return listHttpDirectory(`${this.#mirrorUrl}/`, dir);
      }
      this.#mirrorIndex = (await readFile(dest, "utf8"))
        .split("\n")
        .map((l) => l.trim().replace(/^\.\//, ""))
        .filter((l) => l !== "" && !l.startsWith("#"));
      await rm(dest, { force: true });
    }
    return this.#mirrorIndex.filter(
      (p) => p.startsWith(`${dir}/`) && !p.split("/").some((s) => s === ".." || s === ""),
    );
  }

  async #upstreamListing(
    source: Extract<FeedSource, { kind: "listed" }>,
  ): Promise<{ path: string; url: string }[]> {
    if (source.list.type === "files") return source.list.files;
    const files: { path: string; url: string }[] = [];
    for (const folder of source.list.folders) {
      const dest = join(this.buildDir, `.listing-${files.length}.json`);
      const r = await download(
        { url: folder.api, dest, headers: { accept: "application/vnd.github+json" } },
        this.options.download,
      );
      if (r.status !== "fetched") continue;
      const entries = JSON.parse(await readFile(dest, "utf8")) as {
        type?: string;
        name?: string;
        download_url?: string;
      }[];
      await rm(dest, { force: true });
      if (!Array.isArray(entries)) throw new VigilError("LISTING", `${folder.api}: not a directory listing`);
      for (const e of entries) {
        if (e.type === "file" && e.name?.endsWith(".json") && e.download_url && !e.name.includes("/")) {
          files.push({ path: `${folder.dir}/${e.name}`, url: e.download_url });
        }
      }
    }
    return files;
  }

  /**
   * NVD CVE API 2.0: every page of the full set the first time, then (within NVD's 120-day window) only
   * the CVEs modified since the last fetch, stored as new pages beside the old ones; the database keeps
   * the newest copy of each CVE.
   */
  async #fetchNvd(source: Extract<FeedSource, { kind: "nvd" }>): Promise<void> {
    const now = (this.options.now ?? (() => new Date()))();
    const since = this.previous.nvdFetchedUntil ? new Date(this.previous.nvdFetchedUntil) : undefined;
    const incremental = since !== undefined && now.getTime() - since.getTime() < NVD_MAX_WINDOW_MS;
    if (incremental) {
      for (const [path, file] of Object.entries(this.previous.files)) {
        if (file.source === source.name) await carryOver(this.cacheDir, this.buildDir, path, file, this.next);
      }
    }
    const headers: Record<string, string> = this.options.nvdApiKey ? { apiKey: this.options.nvdApiKey } : {};
    const delay = this.options.nvdPageDelayMs ?? (this.options.nvdApiKey ? 600 : 6000);
    const stamp = now
      .toISOString()
      .replace(/[-:]/g, "")
      .replace(/\.\d+Z$/, "Z");
    for (let start = 0; ; ) {
      const params = new URLSearchParams({
        resultsPerPage: String(NVD_PAGE_SIZE),
        startIndex: String(start),
      });
      if (incremental) {
        params.set("lastModStartDate", since.toISOString());
        params.set("lastModEndDate", now.toISOString());
      }
      const url = `${source.url}?${params}`;
      const path = `${source.dir}/api-2.0/cves-${stamp}-${String(start).padStart(7, "0")}.json`;
      const dest = join(this.buildDir, path);
      await mkdir(dirname(dest), { recursive: true });
      this.options.onEvent?.({ type: "download-start", source: source.name, path, url });
      const r = await download({ url, dest, headers }, { ...this.options.download });
      if (r.status !== "fetched")
        throw new VigilError("NVD", `${url}: HTTP ${r.status}; check the NVD API URL`);
      this.next.files[path] = { source: source.name, url, size: r.bytes };
      const report: DownloadReport = { source: source.name, path, url, result: "fetched", bytes: r.bytes };
      this.reports.push(report);
      this.options.onEvent?.({ type: "download-done", report });
      const page = JSON.parse(await readFile(dest, "utf8")) as {
        totalResults?: number;
        resultsPerPage?: number;
      };
      const got = page.resultsPerPage ?? 0;
      start += got;
      if (got === 0 || start >= (page.totalResults ?? 0)) break;
      await new Promise((res) => setTimeout(res, delay));
    }
    this.next.nvdFetchedUntil = now.toISOString();
  }
}

/**
 * The files under `dir` of an HTTP server's HTML directory listings (autoindex pages): links ending in
 * "/" are folders and are followed, others are files. Links that leave the folder (parent, absolute, query
 * strings for sorting) are ignored; the walk is bounded.
 * @throws VigilError when the folder has no listing
 */
export async function listHttpDirectory(base: string, dir: string, limit = 20_000): Promise<string[]> {
  const files: string[] = [];
  const queue = [dir.replace(/\/+$/, "")];
  while (queue.length > 0 && files.length < limit) {
    const folder = queue.shift()!;
    const url = `${base}${folder.split("/").map(encodeURIComponent).join("/")}/`;
    const res = await fetch(url);
    if (!res.ok || !(res.headers.get("content-type") ?? "").includes("html")) {
      throw new VigilError(
        "MIRROR_INDEX",
        `${url}: the mirror lists no files here (HTTP ${res.status}); serve ${MIRROR_INDEX} at its root (\`find . -type f -printf '%P\\n' | sort > ${MIRROR_INDEX}\`) or turn on directory listings`,
      );
    }
    const html = await res.text();
    for (const m of html.matchAll(/href="([^"?#]+)"/gi)) {
      const href = decodeURIComponent(m[1]!);
      if (href.startsWith("/") || href.startsWith("..") || /^[a-z]+:/i.test(href) || href === "./") continue;
      const name = href.replace(/^\.\//, "");
      if (name.includes("/") && !name.endsWith("/")) continue;
      if (name.endsWith("/")) queue.push(`${folder}/${name.slice(0, -1)}`);
      else files.push(`${folder}/${name}`);
    }
  }
  return files.sort();
}

async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}

/** Files under root/dir, as paths relative to root with "/" separators. */
async function walk(root: string, dir: string): Promise<string[]> {
  const out: string[] = [];
  let entries: import("node:fs").Dirent[];
  try {
    entries = await readdir(join(root, dir), { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) out.push(...(await walk(root, rel)));
    else if (e.isFile()) out.push(rel);
  }
  return out;
}
