/**
 * What a host agent reads beside the package databases: the running kernel and the listening sockets
 * (`/proc/net/{tcp,tcp6,udp,udp6}`). Everything is read under a root, so tests point it at a copy.
 */
import { readFile } from "node:fs/promises";
import { release } from "node:os";
import { join } from "node:path";
import type { Listener } from "../model/inventory.js";

/** The /proc/net tables read, with the protocol each reports. */
const TABLES: readonly Listener["protocol"][] = ["tcp", "tcp6", "udp", "udp6"];

/** TCP_LISTEN; an unconnected bound UDP socket shows TCP_CLOSE (07) with a zero remote address. */
const TCP_LISTEN = "0A";
const UDP_UNCONNECTED = "07";

/** "0100007F" (a little-endian 32-bit word, as the kernel prints it) → "127.0.0.1". */
function ipv4(hex: string): string {
  const n = Number.parseInt(hex, 16);
  return [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff].join(".");
}

/** 32 hex digits (four little-endian 32-bit words) → RFC 5952 text: "::", "::1", "::ffff:10.0.0.1". */
function ipv6(hex: string): string {
  const bytes: number[] = [];
  for (let w = 0; w < 4; w++) {
    const word = hex.slice(w * 8, w * 8 + 8);
    for (let b = 3; b >= 0; b--) bytes.push(Number.parseInt(word.slice(b * 2, b * 2 + 2), 16));
  }
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0));
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return `::ffff:${bytes.slice(12).join(".")}`;
  }
  // The longest run of two or more zero groups becomes "::".
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hexes = groups.map((g) => g.toString(16));
  if (best < 0) return hexes.join(":");
  return `${hexes.slice(0, best).join(":")}::${hexes.slice(best + bestLen).join(":")}`;
}

/**
 * The listening sockets in one /proc/net table's text: TCP sockets in LISTEN, UDP sockets bound and not
 * connected. Lines that do not parse are skipped (the kernel's format is stable; a truncated read is not).
 */
export function parseProcNet(text: string, protocol: Listener["protocol"]): Listener[] {
  const out: Listener[] = [];
  const v6 = protocol.endsWith("6");
  for (const line of text.split("\n").slice(1)) {
    const f = line.trim().split(/\s+/);
    const local = f[1];
    const remote = f[2];
    const state = f[3];
    if (local === undefined || remote === undefined || state === undefined) continue;
    const listening = protocol.startsWith("tcp")
      ? state === TCP_LISTEN
      : state === UDP_UNCONNECTED && /^0+:0000$/.test(remote);
    if (!listening) continue;
    const m = (v6 ? /^([0-9A-Fa-f]{32}):([0-9A-Fa-f]{4})$/ : /^([0-9A-Fa-f]{8}):([0-9A-Fa-f]{4})$/).exec(
      local,
    );
    if (m === null) continue;
    const addr = m[1] as string;
    out.push({
      protocol,
      address: v6 ? ipv6(addr) : ipv4(addr),
      port: Number.parseInt(m[2] as string, 16),
    });
  }
  return out;
}

/**
 * The host's listening sockets from `<root>/proc/net/{tcp,tcp6,udp,udp6}`, without duplicates (several
 * sockets on one port with SO_REUSEPORT), sorted. A table that is missing (no IPv6) contributes none.
 */
export async function listeningSockets(root: string): Promise<Listener[]> {
  const seen = new Map<string, Listener>();
  for (const protocol of TABLES) {
    const text = await readFile(join(root, "proc/net", protocol), "utf8").catch(() => undefined);
    if (text === undefined) continue;
    for (const l of parseProcNet(text, protocol)) seen.set(`${l.protocol} ${l.address} ${l.port}`, l);
  }
  return [...seen.values()].sort(
    (a, b) => a.protocol.localeCompare(b.protocol) || a.port - b.port || a.address.localeCompare(b.address),
  );
}

/**
 * The running kernel release ("6.1.0-18-amd64"): `<root>/proc/sys/kernel/osrelease`, or uname when the
 * root is the live system and /proc cannot be read; undefined for a root without one (a mounted disk).
 */
export async function kernelRelease(root: string): Promise<string | undefined> {
  const text = await readFile(join(root, "proc/sys/kernel/osrelease"), "utf8").catch(() => undefined);
  const v = text?.trim();
  if (v !== undefined && v !== "") return v;
  return root === "/" ? release() : undefined;
}
