// A small ELF reader: header, program headers, PT_INTERP and the dynamic section (NEEDED, SONAME, RPATH,
// RUNPATH, FLAGS_1). ELF32/ELF64, little and big endian. It reads through a ByteSource so the same code serves a
// whole file in memory and the sparse ranges kept while streaming a layer (see ElfCollector).

export type ElfType = "relocatable" | "executable" | "shared" | "core" | "other";

export interface ElfInfo {
  bits: 32 | 64;
  endian: "le" | "be";
  type: ElfType;
  machine: number;
  /** A short name for common machines (x86-64, aarch64, i386, arm, ppc64, s390x…), else `em-<n>`. */
  machineName: string;
  interpreter?: string;
  needed: string[];
  soname?: string;
  rpath: string[];
  runpath: string[];
  /** ET_DYN that is a position-independent executable (DF_1_PIE or an interpreter). */
  pie: boolean;
  /** No PT_DYNAMIC: nothing to resolve. */
  static: boolean;
  /** False when some bytes the parser needed were not available (see `problem`). */
  complete: boolean;
  problem?: string;
}

/** Random access to (some of) a file's bytes. `read` returns undefined when a range is not available. */
export interface ByteSource {
  size: number;
  read(offset: number, length: number): Buffer | undefined;
}

export function bufferSource(buf: Buffer): ByteSource {
  return {
    size: buf.length,
    read: (offset, length) => (offset >= 0 && length >= 0 && offset + length <= buf.length ? buf.subarray(offset, offset + length) : undefined),
  };
}

const ELF_MAGIC = Buffer.from([0x7f, 0x45, 0x4c, 0x46]);

export function isElf(head: Buffer): boolean {
  return head.length >= 4 && head.subarray(0, 4).equals(ELF_MAGIC);
}

const MACHINES: Record<number, string> = {
  2: "sparc",
  3: "i386",
  8: "mips",
  20: "ppc",
  21: "ppc64",
  22: "s390",
  40: "arm",
  43: "sparcv9",
  62: "x86-64",
  183: "aarch64",
  243: "riscv",
  258: "loongarch",
};

const PT_LOAD = 1;
const PT_DYNAMIC = 2;
const PT_INTERP = 3;
const DT_NULL = 0;
const DT_NEEDED = 1;
const DT_STRTAB = 5;
const DT_STRSZ = 10;
const DT_SONAME = 14;
const DT_RPATH = 15;
const DT_RUNPATH = 29;
const DT_FLAGS_1 = 0x6ffffffb;
const DF_1_PIE = 0x08000000;

export interface ProgramHeader {
  type: number;
  offset: number;
  vaddr: number;
  filesz: number;
  memsz: number;
  flags: number;
}

/** The parts of the header the collector needs before the rest of the file has arrived. */
export interface ElfLayout {
  bits: 32 | 64;
  le: boolean;
  type: number;
  machine: number;
  phoff: number;
  phentsize: number;
  phnum: number;
}

class Reader {
  constructor(
    readonly le: boolean,
    readonly bits: 32 | 64,
  ) {}
  u16(b: Buffer, o: number): number {
    return this.le ? b.readUInt16LE(o) : b.readUInt16BE(o);
  }
  u32(b: Buffer, o: number): number {
    return this.le ? b.readUInt32LE(o) : b.readUInt32BE(o);
  }
  /** A 64-bit value as a number; values past 2^53 are clamped (they are out of range for any real file anyway). */
  u64(b: Buffer, o: number): number {
    const v = this.le ? b.readBigUInt64LE(o) : b.readBigUInt64BE(o);
    return v > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(v);
  }
  /** A signed 64-bit tag (d_tag); OS-specific tags fit in 32 bits so the low word is enough after a sign check. */
  word(b: Buffer, o: number): number {
    return this.bits === 64 ? this.u64(b, o) : this.u32(b, o);
  }
}

/** Parses the ELF header, or returns a reason it is not a usable ELF header. */
function parseElfLayout(head: Buffer): ElfLayout | string {
  if (!isElf(head)) return "not an ELF file";
  if (head.length < 52) return "truncated ELF header";
  const cls = head[4];
  const data = head[5];
  if (cls !== 1 && cls !== 2) return `unknown ELF class ${cls}`;
  if (data !== 1 && data !== 2) return `unknown ELF data encoding ${data}`;
  const bits = cls === 2 ? 64 : 32;
  if (bits === 64 && head.length < 64) return "truncated ELF header";
  const r = new Reader(data === 1, bits);
  const type = r.u16(head, 16);
  const machine = r.u16(head, 18);
  if (bits === 64) {
    return { bits, le: r.le, type, machine, phoff: r.u64(head, 32), phentsize: r.u16(head, 54), phnum: r.u16(head, 56) };
  }
  return { bits, le: r.le, type, machine, phoff: r.u32(head, 28), phentsize: r.u16(head, 42), phnum: r.u16(head, 44) };
}

function parseProgramHeaders(layout: ElfLayout, table: Buffer): ProgramHeader[] {
  const r = new Reader(layout.le, layout.bits);
  const out: ProgramHeader[] = [];
  for (let i = 0; i < layout.phnum; i++) {
    const o = i * layout.phentsize;
    if (layout.bits === 64) {
      if (o + 56 > table.length) break;
      out.push({
        type: r.u32(table, o),
        flags: r.u32(table, o + 4),
        offset: r.u64(table, o + 8),
        vaddr: r.u64(table, o + 16),
        filesz: r.u64(table, o + 32),
        memsz: r.u64(table, o + 40),
      });
    } else {
      if (o + 32 > table.length) break;
      out.push({
        type: r.u32(table, o),
        offset: r.u32(table, o + 4),
        vaddr: r.u32(table, o + 8),
        filesz: r.u32(table, o + 16),
        memsz: r.u32(table, o + 20),
        flags: r.u32(table, o + 24),
      });
    }
  }
  return out;
}

/** The program-header table's byte range. */
function programHeaderRange(layout: ElfLayout): { offset: number; length: number } {
  return { offset: layout.phoff, length: layout.phnum * layout.phentsize };
}

/** Maps a virtual address to a file offset through the PT_LOAD segments. */
function vaddrToOffset(phdrs: readonly ProgramHeader[], vaddr: number): number | undefined {
  for (const p of phdrs) {
    if (p.type === PT_LOAD && vaddr >= p.vaddr && vaddr < p.vaddr + p.filesz) return vaddr - p.vaddr + p.offset;
  }
  return undefined;
}

interface DynamicEntry {
  tag: number;
  value: number;
}

function parseDynamic(layout: ElfLayout, bytes: Buffer): DynamicEntry[] {
  const r = new Reader(layout.le, layout.bits);
  const size = layout.bits === 64 ? 16 : 8;
  const out: DynamicEntry[] = [];
  for (let o = 0; o + size <= bytes.length; o += size) {
    let tag: number;
    if (layout.bits === 64) {
      // d_tag is signed; only the known positive tags matter, so read the full value and map negatives to -1.
      const big = layout.le ? bytes.readBigInt64LE(o) : bytes.readBigInt64BE(o);
      tag = big < 0n || big > 0xffffffffn ? -1 : Number(big);
    } else {
      tag = r.u32(bytes, o);
    }
    const value = r.word(bytes, o + size / 2);
    if (tag === DT_NULL) break;
    out.push({ tag, value });
  }
  return out;
}

function cstring(buf: Buffer, start: number): string | undefined {
  if (start < 0 || start >= buf.length) return undefined;
  const end = buf.indexOf(0, start);
  return buf.toString("utf8", start, end < 0 ? buf.length : end);
}

function elfType(t: number): ElfType {
  switch (t) {
    case 1:
      return "relocatable";
    case 2:
      return "executable";
    case 3:
      return "shared";
    case 4:
      return "core";
    default:
      return "other";
  }
}

/** Parses an ELF file from a byte source. Never throws: malformed or missing parts set `complete: false`. */
export function parseElf(src: ByteSource): ElfInfo | undefined {
  const head = src.read(0, Math.min(64, src.size));
  if (!head || !isElf(head)) return undefined;
  const layout = parseElfLayout(head);
  const base = (l: ElfLayout): ElfInfo => ({
    bits: l.bits,
    endian: l.le ? "le" : "be",
    type: elfType(l.type),
    machine: l.machine,
    machineName: MACHINES[l.machine] ?? `em-${l.machine}`,
    needed: [],
    rpath: [],
    runpath: [],
    pie: false,
    static: true,
    complete: true,
  });
  if (typeof layout === "string") {
    return {
      bits: 32,
      endian: "le",
      type: "other",
      machine: 0,
      machineName: "unknown",
      needed: [],
      rpath: [],
      runpath: [],
      pie: false,
      static: true,
      complete: false,
      problem: layout,
    };
  }
  const info = base(layout);
  const fail = (problem: string): ElfInfo => ({ ...info, complete: false, problem });
  if (layout.phnum === 0xffff) return fail("more than 65534 program headers (PN_XNUM) are not supported");
  const minEnt = layout.bits === 64 ? 56 : 32;
  if (layout.phnum > 0 && layout.phentsize < minEnt) return fail(`bad program header size ${layout.phentsize}`);
  const range = programHeaderRange(layout);
  if (range.offset + range.length > src.size) return fail("program headers past the end of the file");
  const table = src.read(range.offset, range.length);
  if (!table) return fail("program headers not available");
  const phdrs = parseProgramHeaders(layout, table);
  const interp = phdrs.find((p) => p.type === PT_INTERP);
  if (interp) {
    const b = src.read(interp.offset, interp.filesz);
    if (!b) return fail("interpreter path not available");
    info.interpreter = cstring(b, 0) ?? "";
  }
  const dyn = phdrs.find((p) => p.type === PT_DYNAMIC);
  if (!dyn) return { ...info, pie: info.type === "shared" && interp !== undefined };
  info.static = false;
  if (dyn.offset + dyn.filesz > src.size) return fail("dynamic section runs past the end of the file");
  const dynBytes = src.read(dyn.offset, Math.min(dyn.filesz, Math.max(0, src.size - dyn.offset)));
  if (!dynBytes) return fail("dynamic section not available");
  const entries = parseDynamic(layout, dynBytes);
  const strtabAddr = entries.find((e) => e.tag === DT_STRTAB)?.value;
  const strsz = entries.find((e) => e.tag === DT_STRSZ)?.value;
  const flags1 = entries.find((e) => e.tag === DT_FLAGS_1)?.value ?? 0;
  info.pie = info.type === "shared" && ((flags1 & DF_1_PIE) !== 0 || interp !== undefined);
  const wanted = entries.filter((e) => [DT_NEEDED, DT_SONAME, DT_RPATH, DT_RUNPATH].includes(e.tag));
  if (wanted.length === 0) return info;
  if (strtabAddr === undefined) return fail("dynamic section has no string table");
  const strOff = vaddrToOffset(phdrs, strtabAddr);
  if (strOff === undefined) return fail("string table address is outside every loadable segment");
  const len = Math.min(strsz ?? src.size - strOff, src.size - strOff);
  const strtab = src.read(strOff, len);
  if (!strtab) return fail("string table not available");
  for (const e of wanted) {
    const s = cstring(strtab, e.value);
    if (s === undefined) return fail(`string offset ${e.value} outside the string table`);
    if (e.tag === DT_NEEDED) info.needed.push(s);
    else if (e.tag === DT_SONAME) info.soname = s;
    else if (e.tag === DT_RPATH) info.rpath.push(...s.split(":").filter((p) => p !== ""));
    else info.runpath.push(...s.split(":").filter((p) => p !== ""));
  }
  return info;
}

export interface ElfCollectorOptions {
  /** Bytes kept from the start of the file (where the string table normally is). Default 8 MiB. */
  windowBytes?: number;
}

export const DEFAULT_ELF_WINDOW = 8 * 1024 * 1024;

/**
 * Collects what parseElf needs while a file streams past, in bounded memory: the first `windowBytes` of the file
 * (headers, .interp, .dynsym/.dynstr in every common layout), plus, past the window, the PT_INTERP and
 * PT_DYNAMIC ranges and then the string table if it lies ahead. A string table that lies behind the window in a
 * file larger than the window cannot be recovered: the result is `complete: false` with a `problem`.
 */
export class ElfCollector {
  private head: Buffer = Buffer.alloc(0);
  private readonly window: number;
  private prefix: Buffer = Buffer.alloc(0);
  private pos = 0;
  /** Stream offset of the chunk being processed: ranges starting there can still be captured. */
  private chunkStart = 0;
  private layout: ElfLayout | undefined;
  private phdrs: ProgramHeader[] | undefined;
  private readonly extra: { offset: number; buf: Buffer; filled: number }[] = [];
  private dynamicSeen = false;
  private state: "sniffing" | "elf" | "not-elf" = "sniffing";

  constructor(
    readonly size: number,
    opts: ElfCollectorOptions = {},
  ) {
    // Never less than a page: the headers must fit.
    this.window = Math.min(size, Math.max(4096, opts.windowBytes ?? DEFAULT_ELF_WINDOW));
  }

  /** False once the first bytes show this is not an ELF file (the caller can stop feeding). */
  get wanted(): boolean {
    return this.state !== "not-elf";
  }

  push(chunk: Buffer): void {
    if (this.state === "not-elf") return;
    if (this.state === "sniffing") {
      // Decide on the magic before allocating the window, so non-ELF files cost nothing.
      this.prefix = Buffer.concat([this.prefix, chunk]);
      if (this.prefix.length < 4 && this.prefix.length < this.size) return;
      if (!isElf(this.prefix)) {
        this.state = "not-elf";
        this.prefix = Buffer.alloc(0);
        return;
      }
      this.state = "elf";
      this.head = Buffer.allocUnsafe(this.window);
      chunk = this.prefix;
      this.prefix = Buffer.alloc(0);
    }
    const start = this.pos;
    this.pos += chunk.length;
    if (start < this.head.length) chunk.copy(this.head, start, 0, Math.min(chunk.length, this.head.length - start));
    this.chunkStart = start;
    if (!this.phdrs) this.tryHeaders();
    this.fill(chunk, start, 0);
    if (this.phdrs && !this.dynamicSeen) {
      const n = this.extra.length;
      this.tryStrtab();
      if (this.extra.length > n) this.fill(chunk, start, n);
    }
  }

  private fill(chunk: Buffer, start: number, first: number): void {
    for (let i = first; i < this.extra.length; i++) {
      const r = this.extra[i] as { offset: number; buf: Buffer; filled: number };
      const from = Math.max(start, r.offset);
      const to = Math.min(this.pos, r.offset + r.buf.length);
      if (from < to) {
        chunk.copy(r.buf, from - r.offset, from - start, to - start);
        r.filled = Math.max(r.filled, to - r.offset);
      }
    }
  }

  private want(offset: number, length: number): void {
    if (length <= 0 || offset + length <= this.head.length) return;
    const from = Math.max(offset, this.head.length);
    const len = offset + length - from;
    // Bytes already streamed past are gone; parseElf will report the range as unavailable.
    if (from < this.chunkStart || from + len > this.size) return;
    this.extra.push({ offset: from, buf: Buffer.alloc(len), filled: 0 });
  }

  private tryHeaders(): void {
    const have = Math.min(this.pos, this.head.length);
    if (!this.layout) {
      if (have < 64 && have < this.size) return;
      const l = parseElfLayout(this.head.subarray(0, have));
      if (typeof l === "string") return;
      this.layout = l;
    }
    const pr = programHeaderRange(this.layout);
    if (pr.offset + pr.length > this.head.length) {
      this.phdrs = []; // headers outside the window: parseElf reports it.
      return;
    }
    if (have < pr.offset + pr.length) return;
    this.phdrs = parseProgramHeaders(this.layout, this.head.subarray(pr.offset, pr.offset + pr.length));
    for (const p of this.phdrs) if (p.type === PT_INTERP || p.type === PT_DYNAMIC) this.want(p.offset, p.filesz);
  }

  /** Once the dynamic section is complete, ask for the string table when it lies ahead of the stream. */
  private tryStrtab(): void {
    const layout = this.layout;
    const dyn = this.phdrs?.find((p) => p.type === PT_DYNAMIC);
    if (!layout || !dyn) {
      this.dynamicSeen = true;
      return;
    }
    const dynLen = Math.min(dyn.filesz, Math.max(0, this.size - dyn.offset));
    const bytes = this.source().read(dyn.offset, dynLen);
    if (!bytes) return;
    this.dynamicSeen = true;
    const entries = parseDynamic(layout, bytes);
    const addr = entries.find((e) => e.tag === DT_STRTAB)?.value;
    const sz = entries.find((e) => e.tag === DT_STRSZ)?.value;
    if (addr === undefined || !this.phdrs) return;
    const off = vaddrToOffset(this.phdrs, addr);
    if (off !== undefined) this.want(off, Math.min(sz ?? 0, this.size - off));
  }

  /** The bytes kept so far, as a ByteSource. */
  source(): ByteSource {
    const headLen = Math.min(this.pos, this.head.length);
    return {
      size: this.size,
      read: (offset, length) => {
        if (offset < 0 || length < 0) return undefined;
        if (offset + length <= headLen) return this.head.subarray(offset, offset + length);
        for (const r of this.extra) {
          if (offset >= r.offset && offset + length <= r.offset + r.filled) {
            return r.buf.subarray(offset - r.offset, offset - r.offset + length);
          }
        }
        return undefined;
      },
    };
  }

  /** The parsed result (undefined when the file is not ELF). */
  result(): ElfInfo | undefined {
    if (this.state !== "elf") return undefined;
    const info = parseElf(this.source());
    if (info && !info.complete && this.size > this.head.length) {
      info.problem = `${info.problem ?? "incomplete"} (file is ${this.size} bytes; only the first ${this.head.length} are kept)`;
    }
    return info;
  }
}
