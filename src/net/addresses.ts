/**
 * IP addresses and CIDR ranges as numbers, and the special-purpose ranges an outbound connection a
 * tenant aims must not reach: loopback, private, link-local, CGNAT, multicast, unspecified, broadcast,
 * reserved, and the cloud metadata endpoints. IPv6 forms that carry an IPv4 address (IPv4-mapped
 * `::ffff:a.b.c.d`, NAT64 `64:ff9b::/96`, 6to4 `2002::/16`) are judged by the IPv4 address they carry.
 */
import { isIP } from "node:net";

/** An address as a number: 32 bits for IPv4, 128 for IPv6. */
export interface Ip {
  family: 4 | 6;
  value: bigint;
}

/** A CIDR range. */
export interface Cidr {
  family: 4 | 6;
  base: bigint;
  prefix: number;
  /** As given, normalized (`127.0.0.1/32`). */
  text: string;
}

/** Parses an IPv4 or IPv6 address (brackets and an IPv6 zone `%eth0` are dropped); undefined when not one. */
export function parseIp(text: string): Ip | undefined {
  let t = text.trim();
  if (t.startsWith("[") && t.endsWith("]")) t = t.slice(1, -1);
  const zone = t.indexOf("%");
  if (zone >= 0) t = t.slice(0, zone);
  const family = isIP(t);
  if (family === 4) return { family: 4, value: v4(t) };
  if (family !== 6) return undefined;
  let tail: bigint[] = [];
  let head = t;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(t);
  if (dotted !== null) {
    const n = v4(dotted[1]!);
    tail = [n >> 16n, n & 0xffffn];
    head = t.slice(0, -dotted[1]!.length);
    if (head.endsWith(":") && !head.endsWith("::")) head = head.slice(0, -1);
  }
  const groups = (s: string) => (s === "" ? [] : s.split(":").map((g) => BigInt(`0x${g}`)));
  let words: bigint[];
  const gap = head.indexOf("::");
  if (gap >= 0) {
    const left = groups(head.slice(0, gap));
    const right = [...groups(head.slice(gap + 2)), ...tail];
    words = [...left, ...new Array<bigint>(8 - left.length - right.length).fill(0n), ...right];
  } else {
    words = [...groups(head), ...tail];
  }
  return { family: 6, value: words.reduce((a, w) => (a << 16n) | w, 0n) };
}

function v4(t: string): bigint {
  return t.split(".").reduce((a, o) => (a << 8n) | BigInt(Number(o)), 0n);
}

/** The text of an address (IPv4 dotted, IPv6 in full hex groups, compressed). */
export function formatIp(ip: Ip): string {
  if (ip.family === 4) {
    return [24n, 16n, 8n, 0n].map((s) => String((ip.value >> s) & 0xffn)).join(".");
  }
  const words = [7n, 6n, 5n, 4n, 3n, 2n, 1n, 0n].map((i) => ((ip.value >> (i * 16n)) & 0xffffn).toString(16));
  return words
    .join(":")
    .replace(/(^|:)0(:0)+(:|$)/, "::")
    .replace(/:{3,}/, "::");
}

/**
 * Parses `a.b.c.d/n`, `x::y/n` or a bare address (a /32 or /128).
 * @throws Error saying what is wrong (the caller names the setting)
 */
export function parseCidr(text: string): Cidr {
  const [addr = "", bits, ...rest] = text.trim().split("/");
  const ip = parseIp(addr);
  const max = ip?.family === 4 ? 32 : 128;
  const prefix = bits === undefined ? max : /^\d{1,3}$/.test(bits) ? Number(bits) : Number.NaN;
  if (ip === undefined || rest.length > 0 || !(prefix >= 0 && prefix <= max)) {
    throw new Error(
      `${JSON.stringify(text)} is not an address range: write e.g. 10.0.0.0/8, 127.0.0.1/32 or fd00::/8`,
    );
  }
  const width = BigInt(max - prefix);
  const base = (ip.value >> width) << width;
  return {
    family: ip.family,
    base,
    prefix,
    text: `${formatIp({ family: ip.family, value: base })}/${prefix}`,
  };
}

/** Whether the range holds the address (families must match). */
export function cidrContains(cidr: Cidr, ip: Ip): boolean {
  if (cidr.family !== ip.family) return false;
  const width = BigInt((ip.family === 4 ? 32 : 128) - cidr.prefix);
  return ip.value >> width === cidr.base >> width;
}

/**
 * The IPv4 address an IPv6 address carries (IPv4-mapped, IPv4-compatible, NAT64, 6to4), else the
 * address itself: `::ffff:127.0.0.1` is judged as 127.0.0.1.
 */
export function unwrapIp(ip: Ip): Ip {
  if (ip.family === 4) return ip;
  const v = ip.value;
  const low32 = v & 0xffffffffn;
  if (v >> 32n === 0xffffn || (v >> 32n === 0n && low32 > 1n) || v >> 32n === 0x64ff9b0000000000000000n) {
    return { family: 4, value: low32 };
  }
  if (v >> 112n === 0x2002n) return { family: 4, value: (v >> 80n) & 0xffffffffn };
  return ip;
}

/** Why an address is special, in words a tenant reads ("loopback", "private", ...). */
export type RangeKind =
  | "loopback"
  | "private"
  | "link-local"
  | "shared (CGNAT)"
  | "multicast"
  | "unspecified"
  | "broadcast"
  | "reserved"
  | "cloud metadata";

/** Kinds that `allowPrivate` lets through; the others need an explicit allow-list entry. */
export const PRIVATE_KINDS: ReadonlySet<RangeKind> = new Set([
  "loopback",
  "private",
  "link-local",
  "shared (CGNAT)",
]);

const SPECIAL: readonly (readonly [string, RangeKind])[] = [
  // Cloud metadata first: they sit inside wider ranges, and allowPrivate does not open them.
  ["169.254.169.254/32", "cloud metadata"], // AWS, GCP, Azure, OpenStack, DigitalOcean...
  ["169.254.170.2/32", "cloud metadata"], // AWS ECS task metadata
  ["168.63.129.16/32", "cloud metadata"], // Azure wireserver (a public address)
  ["100.100.100.200/32", "cloud metadata"], // Alibaba Cloud
  ["192.0.0.192/32", "cloud metadata"], // Oracle Cloud
  ["fd00:ec2::254/128", "cloud metadata"], // AWS IMDS over IPv6
  ["0.0.0.0/8", "unspecified"],
  ["10.0.0.0/8", "private"],
  ["100.64.0.0/10", "shared (CGNAT)"],
  ["127.0.0.0/8", "loopback"],
  ["169.254.0.0/16", "link-local"],
  ["172.16.0.0/12", "private"],
  ["192.0.0.0/24", "reserved"],
  ["192.0.2.0/24", "reserved"],
  ["192.168.0.0/16", "private"],
  ["198.18.0.0/15", "reserved"],
  ["198.51.100.0/24", "reserved"],
  ["203.0.113.0/24", "reserved"],
  ["224.0.0.0/4", "multicast"],
  ["255.255.255.255/32", "broadcast"],
  ["240.0.0.0/4", "reserved"],
  ["::/128", "unspecified"],
  ["::1/128", "loopback"],
  ["::/96", "reserved"],
  ["64:ff9b:1::/48", "private"],
  ["100::/64", "reserved"],
  ["2001:db8::/32", "reserved"],
  ["fc00::/7", "private"],
  ["fe80::/10", "link-local"],
  ["fec0::/10", "private"],
  ["ff00::/8", "multicast"],
];

const SPECIAL_CIDRS = SPECIAL.map(([c, kind]) => ({ cidr: parseCidr(c), kind }));

/**
 * The special-purpose range of an address (the IPv4 address an IPv6 form carries counts), or undefined
 * for an ordinary public address.
 */
export function specialRange(ip: Ip): RangeKind | undefined {
  const candidates = ip.family === 6 ? [ip, unwrapIp(ip)] : [ip];
  for (const a of candidates) {
    for (const { cidr, kind } of SPECIAL_CIDRS) if (cidrContains(cidr, a)) return kind;
  }
  return undefined;
}
