/**
 * What discovery needs of an OCI Distribution v2 registry: the catalog, tags and manifests (with their
 * digests and the config's `created` time), following `Link: <...>; rel="next"` pagination. Auth as the
 * scan's client does (../../sources/registry-client.ts): anonymous first, then the registry's challenge
 * (Bearer token for the request's scope, with basic credentials when given; or Basic).
 */
import { createHash } from "node:crypto";
import { errorMessage, InputError } from "../../../errors.js";
import { parseChallenge } from "../../../sources/registry-client.js";
import type { RegistryCredentials } from "../../../sources/types.js";

/** Sent on every discovery request; pull events with it (or a scan's) are Vigil's own (./notifications.ts). */
export const DISCOVERY_USER_AGENT = "vigil-registry-discovery";

const MANIFEST_ACCEPT = [
  "application/vnd.oci.image.index.v1+json",
  "application/vnd.oci.image.manifest.v1+json",
  "application/vnd.docker.distribution.manifest.list.v2+json",
  "application/vnd.docker.distribution.manifest.v2+json",
].join(", ");

/** Pages of at most this many entries are asked for. */
const PAGE = 100;
/** At most this many pages are followed (a loop in Link headers stops here). */
const MAX_PAGES = 1000;

/** One manifest as discovery sees it. */
export interface ManifestInfo {
  digest: string;
  mediaType: string;
  /** The image config's `created` (for an index: of its linux/amd64 image, else its first). */
  created: string | null;
}

interface ManifestDoc {
  mediaType?: string;
  config?: { digest?: string };
  manifests?: { digest?: string; platform?: { os?: string; architecture?: string } }[];
}

/** A discovery client of one registry. */
export class DistributionClient {
  readonly #base: string;
  readonly #credentials: RegistryCredentials | undefined;
  readonly #what: string;
  readonly #authorization = new Map<string, string>();
  readonly #page: number;

  /** @param base `http(s)://host[:port]`; @param pageSize entries asked per page */
  constructor(base: string, credentials: RegistryCredentials | undefined, what: string, pageSize = PAGE) {
    this.#base = base.replace(/\/+$/, "");
    this.#page = pageSize;
    this.#credentials = credentials;
    this.#what = what;
  }

  /** Repository names of `/v2/_catalog`, every page. */
  async catalog(): Promise<string[]> {
    return this.#paged(`/v2/_catalog?n=${this.#page}`, "registry:catalog:*", "repositories");
  }

  /** Tags of a repository, every page (none when the repository has none). */
  async tags(repository: string): Promise<string[]> {
    return this.#paged(`/v2/${repository}/tags/list?n=${this.#page}`, pullScope(repository), "tags");
  }

  /** The manifest a tag or digest names: its digest, media type and creation time. */
  async manifest(repository: string, reference: string): Promise<ManifestInfo> {
    const { doc, digest, mediaType } = await this.#manifestDoc(repository, reference);
    let image = doc;
    if (Array.isArray(doc.manifests)) {
      const chosen =
        doc.manifests.find((m) => m.platform?.os === "linux" && m.platform.architecture === "amd64") ??
        doc.manifests[0];
      if (chosen?.digest === undefined) return { digest, mediaType, created: null };
      image = (await this.#manifestDoc(repository, chosen.digest)).doc;
    }
    const configDigest = image.config?.digest;
    if (configDigest === undefined) return { digest, mediaType, created: null };
    const res = await this.#get(`/v2/${repository}/blobs/${configDigest}`, pullScope(repository));
    const config = (await res.json().catch(() => ({}))) as { created?: unknown };
    const created =
      typeof config.created === "string" && !Number.isNaN(Date.parse(config.created))
        ? new Date(config.created).toISOString()
        : null;
    return { digest, mediaType, created };
  }

  async #manifestDoc(repository: string, reference: string) {
    const res = await this.#get(
      `/v2/${repository}/manifests/${reference}`,
      pullScope(repository),
      MANIFEST_ACCEPT,
    );
    const bytes = Buffer.from(await res.arrayBuffer());
    const digest =
      res.headers.get("docker-content-digest") ??
      `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
    let doc: ManifestDoc;
    try {
      doc = JSON.parse(bytes.toString("utf8")) as ManifestDoc;
    } catch {
      throw new InputError(this.#what, `${repository}:${reference}: the manifest is not JSON`);
    }
    const mediaType = (res.headers.get("content-type") ?? doc.mediaType ?? "").split(";")[0]!.trim();
    return { doc, digest, mediaType };
  }

  async #paged(first: string, scope: string, field: "repositories" | "tags"): Promise<string[]> {
    const out: string[] = [];
    let next: string | null = first;
    for (let page = 0; next !== null && page < MAX_PAGES; page++) {
      const res = await this.#get(next, scope);
      const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
      const items = body[field];
      if (items !== null && items !== undefined && !Array.isArray(items)) {
        throw new InputError(this.#what, `${next}: "${field}" is not a list`);
      }
      for (const i of items ?? []) if (typeof i === "string") out.push(i);
      next = nextLink(res.headers.get("link"), this.#base);
    }
    return out;
  }

  async #get(path: string, scope: string, accept?: string): Promise<Response> {
    const url = path.startsWith("http") ? path : `${this.#base}${path}`;
    let res = await this.#send(url, scope, accept);
    if (res.status === 401) {
      const challenge = res.headers.get("www-authenticate");
      await res.body?.cancel();
      if (challenge === null)
        throw new InputError(this.#what, `GET ${url}: 401 without a WWW-Authenticate challenge`);
      this.#authorization.set(scope, await this.#authorize(challenge, scope));
      res = await this.#send(url, scope, accept);
    }
    if (!res.ok) {
      const body = (await res.text().catch(() => "")).slice(0, 300);
      const why =
        res.status === 401 || res.status === 403
          ? "access denied; check the registry's username and password, or configure `repositories` when the catalog is not allowed"
          : res.status === 404
            ? "not found"
            : "unexpected answer";
      throw new InputError(this.#what, `GET ${url}: HTTP ${res.status} (${why}) ${body}`.trim());
    }
    return res;
  }

  async #send(url: string, scope: string, accept: string | undefined): Promise<Response> {
    const headers: Record<string, string> = { "user-agent": DISCOVERY_USER_AGENT };
    if (accept !== undefined) headers.accept = accept;
    const auth = this.#authorization.get(scope);
    if (auth !== undefined) headers.authorization = auth;
    try {
      return await fetch(url, { headers, redirect: "follow", signal: AbortSignal.timeout(30_000) });
    } catch (e) {
      const cause = (e as { cause?: unknown }).cause;
      throw new InputError(this.#what, `cannot reach ${url}: ${errorMessage(cause ?? e)}`);
    }
  }

  async #authorize(header: string, scope: string): Promise<string> {
    const { scheme, params } = parseChallenge(header);
    const basic = (c: RegistryCredentials) =>
      `Basic ${Buffer.from(`${c.username}:${c.password}`).toString("base64")}`;
    if (scheme === "basic") {
      if (this.#credentials === undefined) {
        throw new InputError(
          this.#what,
          "the registry asks for a username and password; set them on the registry",
        );
      }
      return basic(this.#credentials);
    }
    const realm = params.get("realm");
    if (scheme !== "bearer" || realm === undefined) {
      throw new InputError(this.#what, `unsupported auth challenge ${JSON.stringify(header)}`);
    }
    const url = new URL(realm);
    const service = params.get("service");
    if (service !== undefined) url.searchParams.set("service", service);
    url.searchParams.set("scope", scope);
    const headers: Record<string, string> = { "user-agent": DISCOVERY_USER_AGENT };
    if (this.#credentials !== undefined) headers.authorization = basic(this.#credentials);
    let res: Response;
    try {
      res = await fetch(url, { headers, signal: AbortSignal.timeout(30_000) });
    } catch (e) {
      throw new InputError(this.#what, `cannot reach the token service ${url.origin}: ${errorMessage(e)}`);
    }
    if (!res.ok) {
      throw new InputError(
        this.#what,
        `token service ${url.origin} answered HTTP ${res.status}; check the credentials`,
      );
    }
    const body = (await res.json().catch(() => ({}))) as { token?: unknown; access_token?: unknown };
    const token = typeof body.token === "string" ? body.token : body.access_token;
    if (typeof token !== "string" || token === "")
      throw new InputError(this.#what, `token service ${url.origin} gave no token`);
    return `Bearer ${token}`;
  }
}

function pullScope(repository: string): string {
  return `repository:${repository}:pull`;
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
