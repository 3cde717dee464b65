/**
 * The one OCI Distribution v2 client of Vigil: `vigil scan` of a registry image (./registry.ts) and the
 * service's registry discovery both read registries through it.
 *
 * - Auth: anonymous first; on a 401 it follows the registry's challenge. Bearer: a token for the
 *   request's scope from the challenge's realm (with basic credentials when given, per the Docker token
 *   spec), cached per scope and fetched again when the registry refuses it (expiry). Basic: the
 *   credentials.
 * - Credentials (basic or a bearer token) go only to the registry's own origin (scheme, host, port). A
 *   realm on another origin gets no credentials unless the caller allows it (`allowCrossOriginRealm`);
 *   it may still hand out an anonymous token. Redirects are followed by hand, at most 5, and a hop to
 *   another origin carries no credentials.
 * - Every request has a timeout (no answer, or no data while the caller reads), and a request the
 *   network or the registry failed (connection errors, 429, 502-504) is retried with backoff.
 * - Manifests and metadata blobs are verified against their digests; platform images are chosen from
 *   indexes; layer blobs stream to the caller, who verifies them as they flow.
 * - Error texts say the status and what failed, never the remote body.
 *
 * Outbound policy: every request, token realms and each redirect hop included, goes through the
 * `fetch` option (default: global fetch). A policy that refuses private or loopback targets, or pins
 * the resolved address (an undici `dispatcher` in `init`), plugs in there.
 */
import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { errorMessage, InputError } from "../errors.js";
import { OutboundConnectError, OutboundRefusedError } from "../net/outbound.js";
import { checkDigest } from "./decompress.js";
import { choosePlatform, indexSchema, isIndex, parseJson } from "./image-config.js";
import { DEFAULT_LIMITS } from "./limits.js";
import { readAll } from "./read-all.js";
import type { RegistryCredentials } from "./types.js";

/** How Vigil's image reads introduce themselves to a registry (its pull events then say it was Vigil). */
export const SCANNER_USER_AGENT = "vigil-scanner";

/** The manifest media types asked for (index first: the caller chooses the platform). */
export const MANIFEST_ACCEPT = [
  "application/vnd.oci.image.index.v1+json",
  "application/vnd.oci.image.manifest.v1+json",
  "application/vnd.docker.distribution.manifest.list.v2+json",
  "application/vnd.docker.distribution.manifest.v2+json",
].join(", ");

/**
 * The outbound hook: how the client makes each HTTP request (registry, token realm, redirect hop).
 * `init.redirect` is always "manual".
 */
export type RegistryFetch = (url: URL, init: RequestInit) => Promise<Response>;

/** Options of a registry client. */
export interface RegistryClientOptions {
  credentials?: RegistryCredentials | undefined;
  /** Plain HTTP (always on for localhost, 127.0.0.0/8, [::1]; ignored when the registry is a URL). */
  insecure?: boolean | undefined;
  /** The User-Agent header (default SCANNER_USER_AGENT). */
  userAgent?: string;
  /** What errors name (default `<host>`). */
  what?: string;
  /** Milliseconds to wait for an answer, and for the next bytes of a body being read (default 30 s). */
  timeoutMs?: number;
  /** Retries of a request that failed in the network or with 429/502/503/504 (default 2). */
  retries?: number;
  /** Send credentials to a bearer realm on another origin than the registry (default false). */
  allowCrossOriginRealm?: boolean;
  /** The outbound hook (default global fetch): the one place an address policy plugs in. */
  fetch?: RegistryFetch;
  /** Entries asked per page of catalog and tag lists (default 100). */
  pageSize?: number;
  /** Largest manifest or config read into memory (default limits.maxMetadataBytes). */
  maxMetadataBytes?: number;
  /** Appended to "HTTP 401/403 (access denied; …)" (default: "pass registry credentials"). */
  deniedHint?: string;
  /** Appended to "HTTP 404 (not found; …)" (default: "check the repository, tag or digest"). */
  notFoundHint?: string;
}

/** A manifest or index as fetched: its bytes, checked against `digest`. */
export interface FetchedManifest {
  bytes: Buffer;
  /** sha256 of the bytes; equal to the reference when that was a digest. */
  digest: string;
  /** Content-Type (parameters dropped), else the document's `mediaType`, else "". */
  mediaType: string;
}

/** At most this many pages are followed (a loop in Link headers stops here). */
const MAX_PAGES = 1000;
const MAX_REDIRECTS = 5;
const RETRY_STATUS = new Set([429, 502, 503, 504]);
/** Registries whose token service is documented to live on another origin of the same operator. */
const KNOWN_REALMS: Record<string, readonly string[]> = {
  "https://registry-1.docker.io": ["https://auth.docker.io"],
};

/** The parameters of a WWW-Authenticate challenge: scheme plus key="value" pairs. */
export function parseChallenge(header: string): { scheme: string; params: Map<string, string> } {
  const m = /^\s*(\w+)\s*(.*)$/.exec(header);
  const params = new Map<string, string>();
  if (m === null) return { scheme: "", params };
  const re = /(\w+)=(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/g;
  for (const p of m[2]!.matchAll(re))
    params.set(p[1]!.toLowerCase(), (p[2] ?? p[3] ?? "").replace(/\\(.)/g, "$1"));
  return { scheme: m[1]!.toLowerCase(), params };
}

/** True for hosts reached over plain HTTP by default (the loopback interface). */
export function isLoopback(host: string): boolean {
  const name = host.replace(/:\d+$/, "");
  return name === "localhost" || name === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(name);
}

/** The `rel="next"` target of a Link header, absolute, or null. */
export function nextLink(header: string | null, base: string): string | null {
  if (header === null) return null;
  for (const part of header.split(",")) {
    const m = /<([^>]+)>\s*;(.*)$/.exec(part.trim());
    if (m !== null && /rel="?next"?/.test(m[2]!)) return new URL(m[1]!, `${base}/`).toString();
  }
  return null;
}

/** Whether a manifest media type is an index (a multi-platform image). */
export function isIndexType(mediaType: string): boolean {
  return (
    mediaType === "application/vnd.oci.image.index.v1+json" ||
    mediaType === "application/vnd.docker.distribution.manifest.list.v2+json"
  );
}

/** Whether a media type is a manifest of an image or index (not a blob). */
export function isManifestType(mediaType: string): boolean {
  return isIndexType(mediaType) || /manifest\.v\d\+json$|image\.manifest\.v1\+json$/.test(mediaType);
}

/** The pull scope of a repository. */
export function pullScope(repository: string): string {
  return `repository:${repository}:pull`;
}

function basic(c: RegistryCredentials): string {
  return `Basic ${Buffer.from(`${c.username}:${c.password}`).toString("base64")}`;
}

function isDigest(reference: string): boolean {
  return /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/.test(reference);
}

const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

/** A client of one registry (any number of repositories). */
export class RegistryClient {
  /** `http(s)://host[:port]`, the origin credentials may go to. */
  readonly origin: string;
  readonly #credentials: RegistryCredentials | undefined;
  readonly #what: string;
  readonly #userAgent: string;
  readonly #timeoutMs: number;
  readonly #retries: number;
  readonly #allowCrossOriginRealm: boolean;
  readonly #fetch: RegistryFetch;
  readonly #page: number;
  readonly #maxMetadata: number;
  readonly #deniedHint: string;
  readonly #notFoundHint: string;
  /** Authorization per scope ("" for Basic, which covers every scope). */
  readonly #authorization = new Map<string, string>();

  /** @param registry `host[:port]` (an image reference's registry; docker.io means Docker Hub) or `http(s)://host[:port]` */
  constructor(registry: string, options: RegistryClientOptions = {}) {
    if (/^https?:\/\//.test(registry)) {
      this.origin = new URL(registry).origin;
    } else {
      const host = registry === "docker.io" ? "registry-1.docker.io" : registry;
      const scheme = options.insecure === true || isLoopback(host) ? "http" : "https";
      this.origin = new URL(`${scheme}://${host}`).origin;
    }
    this.#credentials = options.credentials;
    this.#what = options.what ?? registry;
    this.#userAgent = options.userAgent ?? SCANNER_USER_AGENT;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#retries = options.retries ?? 2;
    this.#allowCrossOriginRealm = options.allowCrossOriginRealm === true;
    this.#fetch = options.fetch ?? ((url, init) => fetch(url, init));
    this.#page = options.pageSize ?? 100;
    this.#maxMetadata = options.maxMetadataBytes ?? DEFAULT_LIMITS.maxMetadataBytes;
    this.#deniedHint = options.deniedHint ?? "pass registry credentials";
    this.#notFoundHint = options.notFoundHint ?? "check the repository, tag or digest";
  }

  /** Repository names of `/v2/_catalog`, every page. */
  catalog(): Promise<string[]> {
    return this.#paged(`/v2/_catalog?n=${this.#page}`, "registry:catalog:*", "repositories");
  }

  /** Tags of a repository, every page (none when the repository has none). */
  tags(repository: string): Promise<string[]> {
    return this.#paged(`/v2/${repository}/tags/list?n=${this.#page}`, pullScope(repository), "tags");
  }

  /**
   * The manifest or index a tag or digest names, its bytes checked against the digest asked for (and
   * against the registry's Docker-Content-Digest).
   */
  async manifest(repository: string, reference: string): Promise<FetchedManifest> {
    const what = `${this.#what}/${repository}:${reference}`;
    const res = await this.get(`/v2/${repository}/manifests/${reference}`, {
      scope: pullScope(repository),
      accept: MANIFEST_ACCEPT,
    });
    const bytes = await this.#readAll(res, `${what} manifest`);
    const digest = `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
    if (isDigest(reference)) checkDigest(bytes, reference, `${this.#what}/${repository}@${reference}`);
    const said = res.headers.get("docker-content-digest");
    if (said?.startsWith("sha256:") && said !== digest) {
      throw new InputError(
        what,
        `the registry says the manifest is ${said} but its bytes hash to ${digest}; the registry or something between is corrupting it`,
      );
    }
    let mediaType = (res.headers.get("content-type") ?? "").split(";")[0]!.trim();
    if (mediaType === "" || mediaType === "application/json") {
      try {
        const doc = JSON.parse(bytes.toString("utf8")) as { mediaType?: unknown };
        if (typeof doc.mediaType === "string") mediaType = doc.mediaType;
      } catch {
        // not JSON: the caller's parse says so
      }
    }
    return { bytes, digest, mediaType };
  }

  /**
   * The image manifest for `platform` below `top`: `top` itself when it is an image, else the index
   * entry for the platform (indexes nest at most 4 deep). With `anyPlatform`, an index without the
   * platform gives its first image (attestations excepted) instead of an error.
   */
  async platformManifest(
    repository: string,
    top: FetchedManifest,
    platform: string,
    options: { anyPlatform?: boolean } = {},
  ): Promise<FetchedManifest> {
    let doc = top;
    for (let depth = 0; isIndex(doc.mediaType, jsonOrNull(doc.bytes)); depth++) {
      const what = `${this.#what}/${repository}@${doc.digest}`;
      if (depth > 4) throw new InputError(what, "image indexes nest deeper than 4 levels");
      const index = parseJson(indexSchema, doc.bytes, `${what} index`);
      let chosen: { digest: string } | undefined;
      try {
        chosen = choosePlatform(index, platform, `${what} index`);
      } catch (e) {
        chosen = options.anyPlatform ? index.manifests.find((m) => m.platform?.os !== "unknown") : undefined;
        if (chosen === undefined) throw e;
      }
      doc = await this.manifest(repository, chosen.digest);
    }
    return doc;
  }

  /** A metadata blob (an image config) read into memory and checked against its digest. */
  async blobBytes(repository: string, digest: string): Promise<Buffer> {
    const what = `${this.#what}/${repository} blob ${digest}`;
    const res = await this.get(`/v2/${repository}/blobs/${digest}`, { scope: pullScope(repository) });
    const bytes = await this.#readAll(res, what);
    checkDigest(bytes, digest, what);
    return bytes;
  }

  /** A blob as a stream (a layer): the caller checks its digest as it reads. */
  async blob(repository: string, digest: string): Promise<Readable> {
    const res = await this.get(`/v2/${repository}/blobs/${digest}`, { scope: pullScope(repository) });
    if (res.body === null) {
      throw new InputError(`${this.#what}/${repository} blob ${digest}`, "the registry sent an empty body");
    }
    return Readable.fromWeb(res.body as WebReadableStream<Uint8Array>);
  }

  /**
   * GETs a path of the registry (or an absolute URL, e.g. a Link header's), authenticating on a 401.
   * @throws InputError on anything but a 2xx, with the status and what to do; "cannot reach" when the
   * network failed (worth retrying later)
   */
  async get(path: string, options: { scope: string; accept?: string }): Promise<Response> {
    const url = new URL(path, `${this.origin}/`);
    let res = await this.#send(url, options.scope, options.accept);
    if (res.status === 401) {
      const challenge = res.headers.get("www-authenticate");
      await res.body?.cancel();
      if (challenge === null) {
        throw new InputError(this.#what, `GET ${url}: HTTP 401 without a WWW-Authenticate challenge`);
      }
      const authorization = await this.#authorize(challenge, options.scope);
      this.#authorization.set(authorization.startsWith("Basic ") ? "" : options.scope, authorization);
      res = await this.#send(url, options.scope, options.accept);
    }
    if (!res.ok) {
      await res.body?.cancel();
      const why =
        res.status === 401 || res.status === 403
          ? `access denied; ${this.#deniedHint}`
          : res.status === 404
            ? `not found; ${this.#notFoundHint}`
            : "unexpected answer";
      throw new InputError(this.#what, `GET ${url}: HTTP ${res.status} (${why})`);
    }
    return res;
  }

  async #paged(first: string, scope: string, field: "repositories" | "tags"): Promise<string[]> {
    const out: string[] = [];
    let next: string | null = first;
    for (let page = 0; next !== null && page < MAX_PAGES; page++) {
      const res = await this.get(next, { scope });
      const bytes = await this.#readAll(res, `${this.#what} ${next}`);
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(bytes.toString("utf8")) as Record<string, unknown>;
      } catch {
        // an empty or non-JSON list reads as no entries, as registries answer for an empty repository
      }
      const items = body[field];
      if (items !== null && items !== undefined && !Array.isArray(items)) {
        throw new InputError(this.#what, `${next}: "${field}" is not a list`);
      }
      for (const i of items ?? []) if (typeof i === "string") out.push(i);
      next = nextLink(res.headers.get("link"), this.origin);
    }
    return out;
  }

  #readAll(res: Response, what: string): Promise<Buffer> {
    if (res.body === null) return Promise.resolve(Buffer.alloc(0));
    return readAll(Readable.fromWeb(res.body as WebReadableStream<Uint8Array>), this.#maxMetadata, what);
  }

  /** Authorization for a registry request: only on the registry's own origin. */
  #send(url: URL, scope: string, accept: string | undefined): Promise<Response> {
    const headers: Record<string, string> = {};
    if (accept !== undefined) headers.accept = accept;
    const auth = this.#authorization.get(scope) ?? this.#authorization.get("");
    return this.#request(url, headers, auth === undefined ? undefined : { value: auth, origin: this.origin });
  }

  /**
   * One GET with retries, the timeout and redirects followed by hand; `credential` is sent to its
   * origin only.
   */
  async #request(
    start: URL,
    headers: Record<string, string>,
    credential: { value: string; origin: string } | undefined,
  ): Promise<Response> {
    let url = start;
    for (let hop = 0; ; hop++) {
      const sent: Record<string, string> = { ...headers, "user-agent": this.#userAgent };
      if (credential !== undefined && url.origin === credential.origin) sent.authorization = credential.value;
      const res = await this.#retrying(url, sent);
      const location = res.headers.get("location");
      if (res.status < 300 || res.status >= 400 || res.status === 304 || location === null) return res;
      await res.body?.cancel();
      if (hop >= MAX_REDIRECTS) {
        throw new InputError(this.#what, `GET ${start}: more than ${MAX_REDIRECTS} redirects`);
      }
      let next: URL;
      try {
        next = new URL(location, url);
      } catch {
        throw new InputError(this.#what, `GET ${url}: HTTP ${res.status} redirects to an invalid URL`);
      }
      if (next.protocol !== "http:" && next.protocol !== "https:") {
        throw new InputError(this.#what, `GET ${url}: HTTP ${res.status} redirects to ${next.protocol}`);
      }
      url = next;
    }
  }

  async #retrying(url: URL, headers: Record<string, string>): Promise<Response> {
    for (let attempt = 0; ; attempt++) {
      let res: Response;
      try {
        res = await this.#once(url, headers);
      } catch (e) {
        // A refusal by the outbound policy does not change on retry.
        if (e instanceof InputError && e.cause instanceof OutboundRefusedError) throw e;
        if (attempt < this.#retries) {
          await sleep(250 * 2 ** attempt);
          continue;
        }
        throw e;
      }
      if (!RETRY_STATUS.has(res.status) || attempt >= this.#retries) return res;
      await res.body?.cancel();
      const after = Number(res.headers.get("retry-after"));
      await sleep(Number.isFinite(after) && after > 0 ? Math.min(after, 10) * 1000 : 250 * 2 ** attempt);
    }
  }

  /** One HTTP exchange under the timeout; the body given back times out too when it stalls. */
  async #once(url: URL, headers: Record<string, string>): Promise<Response> {
    const abort = new AbortController();
    const seconds = this.#timeoutMs / 1000;
    const timer = setTimeout(
      () =>
        abort.abort(new InputError(this.#what, `cannot reach ${url.origin}: no answer within ${seconds} s`)),
      this.#timeoutMs,
    );
    let res: Response;
    try {
      res = await this.#fetch(url, { headers, redirect: "manual", signal: abort.signal });
    } catch (e) {
      if (abort.signal.aborted && abort.signal.reason instanceof InputError) throw abort.signal.reason;
      // The outbound policy's errors say what failed without the network's details (no port map).
      if (e instanceof OutboundRefusedError) {
        throw new InputError(this.#what, `GET ${url}: ${e.message}`, { cause: e });
      }
      if (e instanceof OutboundConnectError) {
        throw new InputError(this.#what, `cannot reach ${url.origin}: ${e.message}`, { cause: e });
      }
      const cause = (e as { cause?: unknown }).cause;
      throw new InputError(this.#what, `cannot reach ${url.origin}: ${errorMessage(cause ?? e)}`);
    } finally {
      clearTimeout(timer);
    }
    if (res.body === null) return res;
    const stalled = () =>
      abort.abort(new InputError(this.#what, `cannot reach ${url.origin}: no data for ${seconds} s`));
    const body = idleTimeout(res.body, this.#timeoutMs, stalled, () => abort.signal.reason);
    return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
  }

  async #authorize(header: string, scope: string): Promise<string> {
    const { scheme, params } = parseChallenge(header);
    if (scheme === "basic") {
      if (this.#credentials === undefined) {
        throw new InputError(
          this.#what,
          `the registry asks for a user name and password; ${this.#deniedHint}`,
        );
      }
      return basic(this.#credentials);
    }
    const realm = params.get("realm");
    if (scheme !== "bearer" || realm === undefined) {
      throw new InputError(this.#what, `unsupported auth challenge (scheme ${JSON.stringify(scheme)})`);
    }
    let url: URL;
    try {
      url = new URL(realm);
    } catch {
      throw new InputError(this.#what, "the bearer challenge's realm is not a URL");
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      throw new InputError(this.#what, `the bearer challenge's realm is ${url.protocol}, not HTTP`);
    }
    const service = params.get("service");
    if (service !== undefined) url.searchParams.set("service", service);
    url.searchParams.set("scope", params.get("scope") ?? scope);
    const sameOperator =
      url.origin === this.origin ||
      this.#allowCrossOriginRealm ||
      (KNOWN_REALMS[this.origin] ?? []).includes(url.origin);
    if (this.#credentials !== undefined && !sameOperator) {
      throw new InputError(
        this.#what,
        `the registry's token service is on another origin (${url.origin}) than the registry (${this.origin}); Vigil sends credentials only to the registry's own origin (allow other token origins explicitly if you trust it)`,
      );
    }
    const credential =
      this.#credentials === undefined ? undefined : { value: basic(this.#credentials), origin: url.origin };
    const res = await this.#request(url, {}, credential);
    if (!res.ok) {
      await res.body?.cancel();
      throw new InputError(
        this.#what,
        `token service ${url.origin}${url.pathname} answered HTTP ${res.status}; check the credentials`,
      );
    }
    const bytes = await this.#readAll(res, `${this.#what} token service ${url.origin}`);
    let body: { token?: unknown; access_token?: unknown } = {};
    try {
      body = JSON.parse(bytes.toString("utf8")) as typeof body;
    } catch {
      // no token below
    }
    const token = typeof body.token === "string" ? body.token : body.access_token;
    if (typeof token !== "string" || token === "") {
      throw new InputError(this.#what, `token service ${url.origin} gave no token`);
    }
    return `Bearer ${token}`;
  }
}

function jsonOrNull(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString("utf8"));
  } catch {
    return null;
  }
}

/**
 * `body` passed on, failing through `stalled` when the next bytes take longer than `ms` while the reader
 * waits for them (a slow reader is not a stalled server: the clock runs only during a pending read).
 */
function idleTimeout(
  body: ReadableStream<Uint8Array>,
  ms: number,
  stalled: () => void,
  reason: () => unknown,
): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const timer = setTimeout(stalled, ms);
        try {
          const { done, value } = await reader.read();
          if (done) controller.close();
          else controller.enqueue(value);
        } catch (e) {
          const why = reason();
          throw why instanceof InputError ? why : e;
        } finally {
          clearTimeout(timer);
        }
      },
      cancel(why) {
        return reader.cancel(why);
      },
    },
    { highWaterMark: 0 },
  );
}
