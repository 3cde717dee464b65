/**
 * Just enough of ELF, PE and Mach-O to find a section by name and to read bytes at a virtual address,
 * straight from the file's bytes. Used for Go build info and for cargo-auditable's `.dep-v0` section.
 */

/** A section of an executable: where it sits in the file and in memory. */
export interface Section {
  name: string;
  /** Virtual address (PE: image base + RVA). */
  addr: bigint;
  /** File offset of its bytes (0 and size 0 for sections with no file data such as .bss). */
  offset: number;
  size: number;
  writable: boolean;
}

/** A loadable region of the file mapped at a virtual address (ELF PT_LOAD, Mach-O segment, PE section). */
export interface Segment {
  addr: bigint;
  offset: number;
  fileSize: number;
  writable: boolean;
  executable: boolean;
}

export interface Executable {
  format: "elf" | "pe" | "macho";
  /** 4 or 8 bytes. */
  ptrSize: number;
  littleEndian: boolean;
  sections: Section[];
  segments: Segment[];
  /** The whole file. */
  bytes: Buffer;
}

/** What is wrong with a file that looked like an executable but whose headers point outside it. */
export class ExecutableFormatError extends Error {}

function slice(buf: Buffer, offset: number, length: number): Buffer {
  if (offset < 0 || length < 0 || offset + length > buf.length) {
    throw new ExecutableFormatError(`header points outside the file (offset ${offset}, length ${length})`);
  }
  return buf.subarray(offset, offset + length);
}

function cString(buf: Buffer, offset: number, max = 256): string {
  if (offset >= buf.length) throw new ExecutableFormatError(`name offset ${offset} outside the file`);
  const end = buf.indexOf(0, offset);
  return buf.toString("latin1", offset, end < 0 ? Math.min(buf.length, offset + max) : end);
}

function parseElf(buf: Buffer): Executable {
  const is64 = buf[4] === 2;
  const le = buf[5] === 1;
  const u16 = (o: number): number => (le ? buf.readUInt16LE(o) : buf.readUInt16BE(o));
  const u32 = (o: number): number => (le ? buf.readUInt32LE(o) : buf.readUInt32BE(o));
  const addr = (o: number): bigint =>
    is64 ? (le ? buf.readBigUInt64LE(o) : buf.readBigUInt64BE(o)) : BigInt(u32(o));
  const num = (o: number): number => Number(addr(o));
  slice(buf, 0, is64 ? 64 : 52);
  const phoff = num(is64 ? 32 : 28);
  const shoff = num(is64 ? 40 : 32);
  const phentsize = u16(is64 ? 54 : 42);
  const phnum = u16(is64 ? 56 : 44);
  const shentsize = u16(is64 ? 58 : 46);
  const shnum = u16(is64 ? 60 : 48);
  const shstrndx = u16(is64 ? 62 : 50);

  const segments: Segment[] = [];
  for (let i = 0; i < phnum; i++) {
    const o = phoff + i * phentsize;
    slice(buf, o, phentsize);
    if (u32(o) !== 1) continue; // PT_LOAD
    const flags = is64 ? u32(o + 4) : u32(o + 24);
    segments.push({
      offset: num(is64 ? o + 8 : o + 4),
      addr: addr(is64 ? o + 16 : o + 8),
      fileSize: num(is64 ? o + 32 : o + 16),
      writable: (flags & 2) !== 0,
      executable: (flags & 1) !== 0,
    });
  }

  const raw: { nameOff: number; type: number; flags: number; addr: bigint; offset: number; size: number }[] =
    [];
  if (shoff !== 0) {
    for (let i = 0; i < shnum; i++) {
      const o = shoff + i * shentsize;
      slice(buf, o, shentsize);
      raw.push({
        nameOff: u32(o),
        type: u32(o + 4),
        flags: num(o + 8),
        addr: addr(is64 ? o + 16 : o + 12),
        offset: num(is64 ? o + 24 : o + 16),
        size: num(is64 ? o + 32 : o + 20),
      });
    }
  }
  const strtab = raw[shstrndx];
  const sections: Section[] = [];
  if (strtab) {
    for (const s of raw) {
      const nobits = s.type === 8; // SHT_NOBITS
      sections.push({
        name: cString(buf, strtab.offset + s.nameOff),
        addr: s.addr,
        offset: nobits ? 0 : s.offset,
        size: nobits ? 0 : s.size,
        writable: (s.flags & 1) !== 0,
      });
    }
  }
  return { format: "elf", ptrSize: is64 ? 8 : 4, littleEndian: le, sections, segments, bytes: buf };
}

function parsePe(buf: Buffer): Executable {
  const peOff = buf.readUInt32LE(0x3c);
  if (slice(buf, peOff, 24).toString("latin1", 0, 4) !== "PE\0\0")
    throw new ExecutableFormatError("no PE signature");
  const nsections = buf.readUInt16LE(peOff + 6);
  const optSize = buf.readUInt16LE(peOff + 20);
  const opt = peOff + 24;
  const magic = slice(buf, opt, 2).readUInt16LE(0);
  const is64 = magic === 0x20b;
  const imageBase = is64
    ? slice(buf, opt + 24, 8).readBigUInt64LE(0)
    : BigInt(slice(buf, opt + 28, 4).readUInt32LE(0));
  const sections: Section[] = [];
  const segments: Segment[] = [];
  for (let i = 0; i < nsections; i++) {
    const o = opt + optSize + i * 40;
    const h = slice(buf, o, 40);
    const name = h.toString("latin1", 0, 8).replace(/\0.*$/, "");
    const va = imageBase + BigInt(h.readUInt32LE(12));
    const rawSize = h.readUInt32LE(16);
    const rawPtr = h.readUInt32LE(20);
    const chars = h.readUInt32LE(36);
    const writable = (chars & 0x80000000) !== 0;
    sections.push({ name, addr: va, offset: rawPtr, size: rawSize, writable });
    segments.push({
      addr: va,
      offset: rawPtr,
      fileSize: rawSize,
      writable,
      executable: (chars & 0x20000000) !== 0,
    });
  }
  return { format: "pe", ptrSize: is64 ? 8 : 4, littleEndian: true, sections, segments, bytes: buf };
}

function parseMachO(buf: Buffer): Executable {
  const magic = buf.readUInt32LE(0);
  const is64 = magic === 0xfeedfacf;
  const ncmds = buf.readUInt32LE(16);
  let o = is64 ? 32 : 28;
  const sections: Section[] = [];
  const segments: Segment[] = [];
  for (let i = 0; i < ncmds; i++) {
    const cmd = slice(buf, o, 8).readUInt32LE(0);
    const cmdsize = buf.readUInt32LE(o + 4);
    if (cmdsize < 8) throw new ExecutableFormatError(`load command ${i} has size ${cmdsize}`);
    if (cmd === 0x19 || cmd === 0x1) {
      // LC_SEGMENT_64 / LC_SEGMENT
      const h = slice(buf, o, cmdsize);
      const wide = cmd === 0x19;
      const vmaddr = wide ? h.readBigUInt64LE(24) : BigInt(h.readUInt32LE(24));
      const fileoff = wide ? Number(h.readBigUInt64LE(40)) : h.readUInt32LE(32);
      const filesize = wide ? Number(h.readBigUInt64LE(48)) : h.readUInt32LE(36);
      const maxprot = h.readUInt32LE(wide ? 56 : 40);
      const initprot = h.readUInt32LE(wide ? 60 : 44);
      const nsects = h.readUInt32LE(wide ? 64 : 48);
      const writable = initprot === 3 && maxprot === 3;
      segments.push({
        addr: vmaddr,
        offset: fileoff,
        fileSize: filesize,
        writable,
        executable: (initprot & 4) !== 0,
      });
      let s = wide ? 72 : 56;
      for (let j = 0; j < nsects; j++) {
        const sh = slice(h, s, wide ? 80 : 68);
        const name = sh.toString("latin1", 0, 16).replace(/\0.*$/, "");
        const addr = wide ? sh.readBigUInt64LE(32) : BigInt(sh.readUInt32LE(32));
        const size = wide ? Number(sh.readBigUInt64LE(40)) : sh.readUInt32LE(36);
        const offset = sh.readUInt32LE(wide ? 48 : 40);
        sections.push({ name, addr, offset, size: offset === 0 ? 0 : size, writable });
        s += wide ? 80 : 68;
      }
    }
    o += cmdsize;
  }
  return { format: "macho", ptrSize: is64 ? 8 : 4, littleEndian: true, sections, segments, bytes: buf };
}

/**
 * Parses the headers of an ELF, PE or (thin, little-endian) Mach-O executable, or returns undefined when
 * the bytes are none of them. Throws ExecutableFormatError when the headers point outside the file.
 */
export function parseExecutable(buf: Buffer): Executable | undefined {
  if (buf.length < 64) return undefined;
  try {
    if (buf.readUInt32BE(0) === 0x7f454c46) return parseElf(buf);
    if (buf[0] === 0x4d && buf[1] === 0x5a) return parsePe(buf);
    const magic = buf.readUInt32LE(0);
    if (magic === 0xfeedfacf || magic === 0xfeedface) return parseMachO(buf);
  } catch (e) {
    if (e instanceof RangeError) throw new ExecutableFormatError(`truncated headers: ${e.message}`);
    throw e;
  }
  return undefined;
}

/** The bytes of the first section with this name, or undefined. */
export function sectionBytes(exe: Executable, name: string): Buffer | undefined {
  const s = exe.sections.find((x) => x.name === name);
  if (!s || s.size === 0) return undefined;
  return slice(exe.bytes, s.offset, s.size);
}

/** Up to `length` bytes mapped at virtual address `addr` (fewer at the end of a segment), or undefined. */
export function readAddress(exe: Executable, addr: bigint, length: number): Buffer | undefined {
  for (const seg of exe.segments) {
    const end = seg.addr + BigInt(seg.fileSize);
    if (addr >= seg.addr && addr < end) {
      const off = seg.offset + Number(addr - seg.addr);
      const n = Math.min(length, Number(end - addr), exe.bytes.length - off);
      return n <= 0 ? undefined : exe.bytes.subarray(off, off + n);
    }
  }
  return undefined;
}
