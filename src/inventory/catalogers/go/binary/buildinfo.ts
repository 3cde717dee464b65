import { type Executable, readAddress, type Section } from "./executable.js";

/** A module line of Go build info (`mod`, `dep`), with its `=>` replacement if any. */
export interface GoBuildModule {
  path: string;
  /** As Go writes it: "v1.2.3", "(devel)" for the main module built from a checkout. */
  version: string;
  sum?: string;
  /** A replacement module; `version` is "" or "(devel)" when the replacement is a local directory. */
  replace?: { path: string; version: string; sum?: string };
}

/** What `go version -m` prints: toolchain, main package path, main module, dependencies, build settings. */
export interface GoBuildInfo {
  /** "go1.19.8". */
  goVersion: string;
  /** Import path of the main package ("cmd/go", "github.com/containers/skopeo/cmd/skopeo"). */
  path?: string;
  main?: GoBuildModule;
  deps: GoBuildModule[];
  settings: Map<string, string>;
}

/** Build info that was found but cannot be read (a truncated or corrupted binary). */
export class GoBuildInfoError extends Error {}

const MAGIC = Buffer.from("\xff Go buildinf:", "latin1");
const HEADER_SIZE = 32;
const ALIGN = 16;
const SEARCH_SIZE = 64 * 1024;

/** Where Go's linker puts the build info header, following debug/buildinfo's DataStart per format. */
function dataStart(exe: Executable): bigint | undefined {
  const named = (name: string): Section | undefined => exe.sections.find((s) => s.name === name);
  if (exe.format === "elf") {
    const s = named(".go.buildinfo");
    if (s) return s.addr;
    return exe.segments.find((p) => p.writable && !p.executable)?.addr;
  }
  if (exe.format === "macho") {
    const s = named("__go_buildinfo");
    if (s) return s.addr;
    return exe.segments.find((p) => p.writable && p.addr !== 0n && p.fileSize !== 0)?.addr;
  }
  return exe.segments.find((p) => p.writable && !p.executable && p.fileSize !== 0)?.addr;
}

function findHeader(data: Buffer): Buffer | undefined {
  for (let i = data.indexOf(MAGIC); i >= 0; i = data.indexOf(MAGIC, i + 1)) {
    if (i % ALIGN === 0 && data.length - i >= HEADER_SIZE) return data.subarray(i);
  }
  return undefined;
}

/** Reads an unsigned LEB128 varint; returns [value, bytes used]. */
function uvarint(buf: Buffer, at: number): [number, number] {
  let value = 0;
  let scale = 1;
  for (let i = at; i < buf.length && i < at + 10; i++) {
    const b = buf[i]!;
    value += (b & 0x7f) * scale;
    if ((b & 0x80) === 0) return [value, i - at + 1];
    scale *= 128;
  }
  throw new GoBuildInfoError("truncated varint in the build info");
}

/** The two inline strings of the 1.18+ format: varint length, then the bytes. */
function inlineStrings(data: Buffer): [string, string] {
  const out: string[] = [];
  let at = HEADER_SIZE;
  for (let k = 0; k < 2; k++) {
    const [n, used] = uvarint(data, at);
    at += used;
    if (at + n > data.length)
      throw new GoBuildInfoError("build info string runs past the end of its section");
    out.push(data.toString("utf8", at, at + n));
    at += n;
  }
  return [out[0]!, out[1]!];
}

/** The two strings of the pre-1.18 format: pointers to Go string headers (data pointer, length). */
function pointedStrings(exe: Executable, data: Buffer): [string, string] {
  const ptrSize = data[14]!;
  if (ptrSize !== 4 && ptrSize !== 8)
    throw new GoBuildInfoError(`pointer size ${ptrSize} in the build info header`);
  const bigEndian = (data[15]! & 1) !== 0;
  const readPtr = (b: Buffer, at: number): bigint => {
    if (ptrSize === 8) return bigEndian ? b.readBigUInt64BE(at) : b.readBigUInt64LE(at);
    return BigInt(bigEndian ? b.readUInt32BE(at) : b.readUInt32LE(at));
  };
  const readString = (addr: bigint): string => {
    const header = readAddress(exe, addr, ptrSize * 2);
    if (!header || header.length < ptrSize * 2) return "";
    const strAddr = readPtr(header, 0);
    const len = Number(readPtr(header, ptrSize));
    if (len === 0) return "";
    const bytes = readAddress(exe, strAddr, len);
    if (!bytes || bytes.length !== len)
      throw new GoBuildInfoError("build info string points outside the binary");
    return bytes.toString("utf8");
  };
  return [readString(readPtr(data, 16)), readString(readPtr(data, 16 + ptrSize))];
}

/** Parses the text `go version -m` prints after the toolchain line (runtime/debug.ParseBuildInfo's format). */
export function parseModInfo(goVersion: string, text: string): GoBuildInfo {
  const info: GoBuildInfo = { goVersion, deps: [], settings: new Map() };
  let last: GoBuildModule | undefined;
  const lines = text.split("\n");
  for (const [i, line] of lines.entries()) {
    if (line === "") continue;
    const fail = (why: string): never => {
      throw new GoBuildInfoError(`build info line ${i + 1} (${JSON.stringify(line)}): ${why}`);
    };
    const tab = line.indexOf("\t");
    const word = tab < 0 ? line : line.slice(0, tab);
    const cols = tab < 0 ? [] : line.slice(tab + 1).split("\t");
    switch (word) {
      case "path":
        info.path = cols.join("\t");
        break;
      case "mod":
      case "dep": {
        if (cols.length !== 2 && cols.length !== 3) fail(`expected 2 or 3 columns, got ${cols.length}`);
        const m: GoBuildModule = { path: cols[0]!, version: cols[1]! };
        if (cols[2]) m.sum = cols[2];
        if (word === "mod") info.main = m;
        else info.deps.push(m);
        last = m;
        break;
      }
      case "=>": {
        if (cols.length !== 3) fail(`expected 3 columns for a replacement, got ${cols.length}`);
        if (!last || last.replace) fail("replacement without a module line before it");
        const r: NonNullable<GoBuildModule["replace"]> = { path: cols[0]!, version: cols[1]! };
        if (cols[2]) r.sum = cols[2];
        last!.replace = r;
        break;
      }
      case "build": {
        const setting = cols.join("\t");
        const eq = setting.indexOf("=");
        if (eq <= 0) fail("expected key=value");
        info.settings.set(setting.slice(0, eq), setting.slice(eq + 1));
        break;
      }
      default:
        fail(`unknown line kind ${JSON.stringify(word)}`);
    }
  }
  return info;
}

/**
 * Go build info embedded in an executable, the way debug/buildinfo reads it: the 32-byte header
 * ("\xff Go buildinf:", pointer size, flags) at a 16-byte boundary in the first 64 KiB of the data
 * start, then either inline varint-prefixed strings (Go 1.18+, flags bit 2) or pointers to Go strings
 * (earlier). Returns undefined for executables that Go did not build.
 */
export function readGoBuildInfo(exe: Executable): GoBuildInfo | undefined {
  const start = dataStart(exe);
  if (start === undefined) return undefined;
  const data = readAddress(exe, start, SEARCH_SIZE);
  if (!data) return undefined;
  const header = findHeader(data);
  if (!header) return undefined;
  const [goVersion, framed] = (header[15]! & 2) !== 0 ? inlineStrings(header) : pointedStrings(exe, header);
  if (goVersion === "") return undefined;
  // The module text is framed by 16-byte sentinels (cmd/go's infoStart/infoEnd).
  const modText = framed.length >= 33 && framed[framed.length - 17] === "\n" ? framed.slice(16, -16) : "";
  return parseModInfo(goVersion, modText);
}

/**
 * A toolchain version as OSV's Go ecosystem writes stdlib versions (golang.org/x/vuln's GoTagToSemver):
 * "go1.19.8" -> "1.19.8", "go1.20" -> "1.20.0", "go1.21rc2" -> "1.21.0-rc.2", "go1.22.0 X:loopvar" ->
 * "1.22.0". Returns undefined for development toolchains ("devel go1.23-abc...").
 */
export function stdlibVersion(goVersion: string): string | undefined {
  const m = /^go(\d+)\.(\d+)(?:\.(\d+))?(?:(rc|beta|alpha)(\d+))?(?:[ -].*)?$/.exec(goVersion.trim());
  if (!m) return undefined;
  const [, major, minor, patch, pre, preNum] = m;
  const base = `${major}.${minor}.${patch ?? "0"}`;
  return pre ? `${base}-${pre}.${preNum}` : base;
}
