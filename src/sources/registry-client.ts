import { errorMessage, InputError } from "../errors.js";
import type { RegistryCredentials } from "./types.js";

/** How Vigil's image reads introduce themselves to a registry (its pull events then say it was Vigil). */
export const SCANNER_USER_AGENT = "vigil-scanner";

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

function basic(c: RegistryCredentials): string {
  return `Basic ${Buffer.from(`${c.username}:${c.password}`).toString("base64")}`;
}

/** True for hosts reached over plain HTTP by default (the loopback interface). */
export function isLoopback(host: string): boolean {
  const name = host.replace(/:\d+$/, "");
  return name === "localhost" || name === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(name);
}

/**
 * A minimal OCI Distribution v2 client for pulls. Anonymous first; on a 401 it follows the registry's
 * challenge: Bearer -> fetch a token from the realm (with basic credentials when given, per the
 * Docker token spec), Basic -> send the credentials. The authorization is reused for later requests.
 */
export class RegistryClient {
  readonly #base: string;
  readonly #repository: string;
  readonly #credentials: RegistryCredentials | undefined;
  readonly #what: string;
  #authorization: string | undefined;

  constructor(
    registry: string,
    repository: string,
    options: { credentials?: RegistryCredentials; insecure?: boolean },
  ) {
    const host = registry === "docker.io" ? "registry-1.docker.io" : registry;
    const scheme = options.insecure === true || isLoopback(host) ? "http" : "https";
    this.#base = `${scheme}://${host}/v2/${repository}`;
    this.#repository = repository;
    this.#credentials = options.credentials;
    this.#what = `${registry}/${repository}`;
  }

  /** GETs `/v2/<repo>/<path>`, authenticating on a 401. @throws InputError on anything but 200 */
  async get(path: string, accept?: string): Promise<Response> {
    const url = `${this.#base}/${path}`;
    let res = await this.#send(url, accept);
    if (res.status === 401) {
      const challenge = res.headers.get("www-authenticate");
      await res.body?.cancel();
      if (challenge === null)
        throw new InputError(this.#what, `${url}: 401 without a WWW-Authenticate challenge`);
      this.#authorization = await this.#authorize(challenge);
      res = await this.#send(url, accept);
    }
    if (!res.ok) {
      const body = (await res.text().catch(() => "")).slice(0, 300);
      const why =
        res.status === 401 || res.status === 403
          ? "access denied; pass registry credentials"
          : res.status === 404
            ? "not found; check the repository, tag or digest"
            : "unexpected answer";
      throw new InputError(this.#what, `GET ${url}: HTTP ${res.status} (${why}) ${body}`.trim());
    }
    return res;
  }

  async #send(url: string, accept: string | undefined): Promise<Response> {
    const headers: Record<string, string> = { "user-agent": SCANNER_USER_AGENT };
    if (accept !== undefined) headers["accept"] = accept;
    if (this.#authorization !== undefined) headers["authorization"] = this.#authorization;
    try {
      return await fetch(url, { headers, redirect: "follow" });
    } catch (e) {
      const cause = (e as { cause?: unknown }).cause;
      throw new InputError(this.#what, `cannot reach ${url}: ${errorMessage(cause ?? e)}`);
    }
  }

  async #authorize(header: string): Promise<string> {
    const { scheme, params } = parseChallenge(header);
    if (scheme === "basic") {
      if (this.#credentials === undefined) {
        throw new InputError(this.#what, "the registry asks for a user name and password; pass credentials");
      }
      return basic(this.#credentials);
    }
    if (scheme !== "bearer")
      throw new InputError(this.#what, `unsupported auth challenge ${JSON.stringify(header)}`);
    const realm = params.get("realm");
    if (realm === undefined) throw new InputError(this.#what, `bearer challenge without a realm: ${header}`);
    const url = new URL(realm);
    const service = params.get("service");
    if (service !== undefined) url.searchParams.set("service", service);
    url.searchParams.set("scope", params.get("scope") ?? `repository:${this.#repository}:pull`);
    const headers: Record<string, string> = { "user-agent": SCANNER_USER_AGENT };
    if (this.#credentials !== undefined) headers["authorization"] = basic(this.#credentials);
    let res: Response;
    try {
      res = await fetch(url, { headers });
    } catch (e) {
      throw new InputError(this.#what, `cannot reach the token service ${url.origin}: ${errorMessage(e)}`);
    }
    if (!res.ok) {
      throw new InputError(
        this.#what,
        `token service ${url.origin}${url.pathname} answered HTTP ${res.status}; check the credentials`,
      );
    }
    const body = (await res.json().catch(() => ({}))) as { token?: unknown; access_token?: unknown };
    const token = typeof body.token === "string" ? body.token : body.access_token;
    if (typeof token !== "string" || token === "") {
      throw new InputError(this.#what, `token service ${url.origin} gave no token`);
    }
    return `Bearer ${token}`;
  }
}
