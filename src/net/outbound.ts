/**
 * The outbound connection policy: every connection a tenant can aim (registries, their token realms and
 * redirects, webhooks, SSH targets) goes through one `OutboundPolicy`.
 *
 * - The host is resolved once, each address is judged, and the connection goes to an address that was
 *   judged: HTTP through an undici dispatcher whose connector resolves and checks before it dials (the
 *   TLS name and Host header stay the URL's), SSH through `resolve()` and a connection by address. No
 *   second DNS lookup happens between the check and the connect, so DNS rebinding cannot slip through.
 * - Refused: loopback, private (RFC 1918, fc00::/7), link-local, CGNAT, multicast, unspecified,
 *   broadcast, reserved and documentation ranges, cloud metadata addresses, and IPv6 forms carrying such
 *   an IPv4 address (`::ffff:127.0.0.1`, NAT64, 6to4) (./addresses.ts). The operator opens ranges with an
 *   allow-list of CIDRs; `allowPrivate` opens loopback, private, link-local and CGNAT (not metadata,
 *   multicast or reserved addresses: those need an allow-list entry).
 * - Every connection is checked, so each redirect hop is checked too; `fetch` never follows redirects
 *   itself (the caller does, deciding what credentials the next hop gets).
 * - Errors say what failed and never what the remote answered: a refusal says the outbound policy refused
 *   the address; every other network failure (refused, reset, unreachable, TLS) reads
 *   "cannot connect to host:port", so the answers do not map which ports are open.
 */
import { lookup as dnsLookup } from "node:dns/promises";
import { createConnection, type Socket } from "node:net";
import { Agent, buildConnector, fetch as undiciFetch } from "undici";
import { InputError, VigilError } from "../errors.js";
import {
  type Cidr,
  cidrContains,
  formatIp,
  PRIVATE_KINDS,
  parseCidr,
  parseIp,
  specialRange,
  unwrapIp,
} from "./addresses.js";

/** What the operator allows (server settings). */
export interface OutboundSettings {
  /** Open loopback, private, link-local and CGNAT addresses (`--allow-private-targets`). */
  allowPrivate?: boolean | undefined;
  /** Ranges allowed whatever they are, e.g. `10.1.0.0/16`, `127.0.0.1/32` (`VIGIL_OUTBOUND_ALLOW`). */
  allow?: readonly string[] | undefined;
}

/** The environment variables of the settings. */
export const OUTBOUND_ENV = {
  allowPrivate: "VIGIL_ALLOW_PRIVATE_TARGETS",
  allow: "VIGIL_OUTBOUND_ALLOW",
} as const;

/** How an operator opens an address, appended to refusals. */
const HOW_TO_ALLOW = `the server's operator can allow it with ${OUTBOUND_ENV.allow}=<CIDR,...> or --allow-private-targets`;

/** A connection the policy refused: the address is in a range the operator did not allow. */
export class OutboundRefusedError extends VigilError {
  /** `host:port` as the tenant gave it. */
  readonly target: string;

  constructor(target: string, message: string) {
    super("OUTBOUND_REFUSED", `${target}: ${message}`);
    this.target = target;
  }
}

/**
 * A connection that failed for any reason but the policy (refused, reset, timed out, TLS): the same text
 * for all, on purpose. The underlying error is kept in `detail` for the server's log, never shown.
 */
export class OutboundConnectError extends VigilError {
  readonly target: string;
  readonly detail: string;

  constructor(target: string, detail: string) {
    super("CONNECT_FAILED", `cannot connect to ${target}`);
    this.target = target;
    this.detail = detail;
  }
}

/** A name resolver: all addresses of a host (default: the system's, as `dns.lookup`). */
export type Resolver = (host: string) => Promise<{ address: string; family: number }[]>;

const systemResolver: Resolver = (host) => dnsLookup(host, { all: true, verbatim: true });

/**
 * Reads the settings from the environment: `VIGIL_ALLOW_PRIVATE_TARGETS` (true/false, 1/0, yes/no) and
 * `VIGIL_OUTBOUND_ALLOW` (CIDRs separated by commas or spaces).
 * @throws InputError naming the variable
 */
export function outboundSettingsFromEnv(env: NodeJS.ProcessEnv): OutboundSettings {
  const settings: OutboundSettings = {};
  const flag = env[OUTBOUND_ENV.allowPrivate]?.trim().toLowerCase();
  if (flag !== undefined && flag !== "") {
    if (!/^(1|true|yes|on|0|false|no|off)$/.test(flag)) {
      throw new InputError(OUTBOUND_ENV.allowPrivate, `${JSON.stringify(flag)} is not true or false`);
    }
    settings.allowPrivate = /^(1|true|yes|on)$/.test(flag);
  }
  const allow = env[OUTBOUND_ENV.allow]?.trim();
  if (allow !== undefined && allow !== "") settings.allow = allow.split(/[\s,]+/).filter((s) => s !== "");
  return settings;
}

/** `host:port` for messages; IPv6 in brackets. */
export function hostPort(host: string, port: number | string): string {
  const h = host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
  return `${h}:${port}`;
}

/** The policy one service runs with. */
export class OutboundPolicy {
  readonly allowPrivate: boolean;
  readonly allow: readonly Cidr[];
  readonly #resolver: Resolver;
  #agent: Agent | undefined;

  /**
   * @param settings what the operator allows
   * @param options.resolver name resolution (tests; default the system's)
   * @throws InputError naming the setting when an allow-list entry is not a CIDR
   */
  constructor(settings: OutboundSettings = {}, options: { resolver?: Resolver; what?: string } = {}) {
    this.allowPrivate = settings.allowPrivate === true;
    this.allow = (settings.allow ?? []).map((c) => {
      try {
        return parseCidr(c);
      } catch (e) {
        throw new InputError(options.what ?? OUTBOUND_ENV.allow, (e as Error).message);
      }
    });
    this.#resolver = options.resolver ?? systemResolver;
  }

  /** In words, for logs and `--print-config`. */
  describe(): string {
    const allow = this.allow.length === 0 ? "none" : this.allow.map((c) => c.text).join(", ");
    return `private targets ${this.allowPrivate ? "allowed" : "refused"}; allow-list: ${allow}`;
  }

  /**
   * Why an address is refused, or undefined when it may be reached.
   * @param address an IP address (IPv4, IPv6, bracketed or with a zone)
   */
  refusal(address: string): string | undefined {
    const ip = parseIp(address);
    if (ip === undefined) return `${JSON.stringify(address)} is not an IP address`;
    const carried = unwrapIp(ip);
    if (this.allow.some((c) => cidrContains(c, ip) || cidrContains(c, carried))) return undefined;
    const kind = specialRange(ip);
    if (kind === undefined || (this.allowPrivate && PRIVATE_KINDS.has(kind))) return undefined;
    const shown = formatIp(ip);
    const carriedText = carried === ip ? "" : ` (carrying ${formatIp(carried)})`;
    return `${shown}${carriedText} is a ${kind} address; refused by the outbound policy (${HOW_TO_ALLOW})`;
  }

  /**
   * Resolves `host` (an address is taken as is) and returns an address the policy allows, to connect to
   * by address. When the name has several addresses, the allowed ones are kept, in the resolver's order.
   * @param target `host:port` for messages
   * @throws OutboundRefusedError when no address is allowed
   * @throws OutboundConnectError when the name does not resolve
   */
  async resolve(host: string, target = host): Promise<{ address: string; family: 4 | 6 }> {
    return (await this.resolveAll(host, target))[0]!;
  }

  /**
   * Every address of `host` the policy allows, in the resolver's order (callers try them in turn, as a
   * dual-stack client does).
   * @throws OutboundRefusedError when none is allowed; OutboundConnectError when the name does not resolve
   */
  async resolveAll(host: string, target = host): Promise<{ address: string; family: 4 | 6 }[]> {
    const bare = host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
    const literal = parseIp(bare);
    let addresses: { address: string; family: number }[];
    if (literal !== undefined) addresses = [{ address: bare, family: literal.family }];
    else {
      try {
        addresses = await this.#resolver(bare);
      } catch (e) {
        throw new OutboundConnectError(target, `resolving ${bare}: ${(e as Error).message}`);
      }
      if (addresses.length === 0) throw new OutboundConnectError(target, `${bare} has no address`);
    }
    let first: string | undefined;
    const allowed: { address: string; family: 4 | 6 }[] = [];
    for (const a of addresses) {
      const why = this.refusal(a.address);
      if (why === undefined) allowed.push({ address: a.address, family: a.family === 6 ? 6 : 4 });
      else first ??= why;
    }
    if (allowed.length > 0) return allowed;
    const via =
      literal === undefined ? `${bare} resolves to ${addresses.map((a) => a.address).join(", ")}; ` : "";
    throw new OutboundRefusedError(target, `${via}${first}`);
  }

  /** The undici dispatcher whose every connection is resolved and checked by this policy. */
  get dispatcher(): Agent {
    this.#agent ??= new Agent({ connect: this.#connector() });
    return this.#agent;
  }

  #connector(): buildConnector.connector {
    const dial = buildConnector({ timeout: 10_000 });
    return (opts, callback) => {
      const host = opts.hostname.replace(/^\[(.*)\]$/, "$1");
      const port = opts.port === "" ? (opts.protocol === "https:" ? 443 : 80) : opts.port;
      const target = hostPort(host, port);
      this.resolveAll(host, target).then(
        (addresses) => {
          // Each allowed address in turn; the URL's name stays in `host`, so TLS sends it as SNI and
          // checks the certificate against it.
          const attempt = (i: number, last: string): void => {
            const next = addresses[i];
            if (next === undefined) {
              callback(new OutboundConnectError(target, last), null);
              return;
            }
            dial({ ...opts, hostname: next.address }, (err, socket) => {
              if (err === null) callback(null, socket as Socket);
              else attempt(i + 1, err.message);
            });
          };
          attempt(0, "no address");
        },
        (e: unknown) => callback(e as Error, null),
      );
    };
  }

  /**
   * A fetch whose connections pass the policy. Redirects are never followed here (`redirect: "manual"`):
   * the caller follows them, and each hop's connection is checked again.
   * @throws OutboundRefusedError, OutboundConnectError; the signal's reason when aborted
   */
  async fetch(url: URL | string, init: RequestInit = {}): Promise<Response> {
    const u = new URL(url);
    try {
      const res = await undiciFetch(u, {
        ...(init as Parameters<typeof undiciFetch>[1]),
        redirect: "manual",
        dispatcher: this.dispatcher,
      });
      return res as unknown as Response;
    } catch (e) {
      if (init.signal?.aborted) throw e;
      const cause = (e as { cause?: unknown }).cause;
      if (cause instanceof OutboundRefusedError || cause instanceof OutboundConnectError) throw cause;
      const port = u.port === "" ? (u.protocol === "https:" ? 443 : 80) : u.port;
      throw new OutboundConnectError(hostPort(u.hostname, port), String((cause as Error)?.message ?? e));
    }
  }

  /**
   * A TCP connection to `host:port` through the policy (for protocols other than HTTP, e.g. SSH): the
   * allowed addresses are tried in turn.
   * @throws OutboundRefusedError; OutboundConnectError for every other failure (the same text for all)
   */
  async connect(host: string, port: number, timeoutMs = 30_000): Promise<Socket> {
    const target = hostPort(host, port);
    let last = "no address";
    for (const { address } of await this.resolveAll(host, target)) {
      try {
        return await new Promise<Socket>((ok, fail) => {
          const socket = createConnection({ host: address, port, timeout: timeoutMs });
          socket.once("connect", () => {
            socket.setTimeout(0);
            socket.removeAllListeners("error");
            ok(socket);
          });
          socket.once("timeout", () => socket.destroy(new Error(`no answer within ${timeoutMs} ms`)));
          socket.once("error", fail);
        });
      } catch (e) {
        last = (e as Error).message;
      }
    }
    throw new OutboundConnectError(target, last);
  }

  /** Closes the dispatcher's idle connections. */
  async close(): Promise<void> {
    const agent = this.#agent;
    this.#agent = undefined;
    await agent?.close();
  }
}
