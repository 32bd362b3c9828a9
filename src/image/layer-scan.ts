// One layer tar → its entries, whiteouts, ELF facts and selected file contents, in one streaming pass. Memory is
// bounded by the metadata plus (per file, one at a time) the ELF window and the captured small files.
import { pipeline } from "node:stream/promises";
import { Readable, Transform } from "node:stream";
import { createGunzip } from "node:zlib";
import tar from "tar-stream";
import { ElfCollector, type ElfInfo } from "./elf.js";
import { firstFailure, ImageArchiveError } from "./errors.js";
import { basenameOf, dirnameOf, normalizePath } from "./paths.js";
import type { EntryType, FileEntry, LayerScan } from "./types.js";

export interface ScanOptions {
  /** Which files' bytes to keep (path is normalized, e.g. `var/lib/dpkg/status`). */
  capture?: (path: string, size: number) => boolean;
  /** Larger selected files are listed in `captureSkipped` instead. Default 16 MiB. */
  maxCaptureBytes?: number;
  /** Parse ELF files (default true). */
  elf?: boolean;
  /** Bytes kept from the start of each ELF file; see ElfCollector. */
  elfWindowBytes?: number;
  /** Name used in error messages. */
  name?: string;
}

export const DEFAULT_MAX_CAPTURE = 16 * 1024 * 1024;

export type Compression = "gzip" | "zstd" | "none";

/** Layer compression by magic bytes. */
export function detectCompression(head: Buffer): Compression {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return "gzip";
  if (head.length >= 4 && head.readUInt32LE(0) === 0xfd2fb528) return "zstd";
  return "none";
}

function entryType(t: string | null | undefined): EntryType {
  switch (t) {
    case "file":
    case "contiguous-file":
      return "file";
    case "directory":
      return "dir";
    case "symlink":
      return "symlink";
    case "link":
      return "hardlink";
    case "character-device":
      return "char";
    case "block-device":
      return "block";
    case "fifo":
      return "fifo";
    default:
      return "other";
  }
}

/** Docker's size of an entry: file bytes, symlink target length, 0 for the rest. */
export function contentSize(e: Pick<FileEntry, "type" | "size" | "linkTarget">): number {
  if (e.type === "file") return e.size;
  if (e.type === "symlink") return Buffer.byteLength(e.linkTarget ?? "");
  return 0;
}

const WHITEOUT = ".wh.";
const OPAQUE = ".wh..wh..opq";

/**
 * Scans a layer given as a stream of its blob bytes (gzip or plain; detected by magic). Resolves when the whole
 * layer has been read.
 */
export async function scanLayer(blob: AsyncIterable<Buffer> | Readable, opts: ScanOptions = {}): Promise<LayerScan> {
  const it = (blob as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  const first = await it.next();
  const head: Buffer = first.done ? Buffer.alloc(0) : first.value;
  const compression = detectCompression(head);
  if (compression === "zstd") {
    throw new ImageArchiveError("zstd-compressed layers are not supported (Node.js 20 has no zstd decoder)", opts.name);
  }
  async function* all(): AsyncGenerator<Buffer> {
    if (!first.done) yield head;
    for (;;) {
      const n = await it.next();
      if (n.done) return;
      yield n.value;
    }
  }
  let tarBytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      tarBytes += chunk.length;
      cb(null, chunk);
    },
  });
  const extract = tar.extract();
  const source = Readable.from(all(), { objectMode: false });
  const feeding = compression === "gzip" ? pipeline(source, createGunzip(), counter, extract) : pipeline(source, counter, extract);
  const scan: LayerScan = {
    entries: [],
    whiteouts: [],
    opaqueDirs: [],
    compression,
    tarBytes: 0,
    contentBytes: 0,
    elf: new Map(),
    captured: new Map(),
    captureSkipped: [],
  };
  const reading = readEntries(extract, scan, opts);
  // Both sides must settle; the first failure wins, and the other side is torn down so nothing hangs.
  const results = await Promise.allSettled([
    feeding.catch((e: unknown) => {
      extract.destroy(e as Error);
      throw e;
    }),
    reading.catch((e: unknown) => {
      source.destroy(e as Error);
      throw e;
    }),
  ]);
  const failed = firstFailure(results);
  if (failed) {
    const e = failed.reason as Error;
    if (e instanceof ImageArchiveError) throw e;
    throw new ImageArchiveError(`cannot read layer: ${e.message}`, opts.name, { cause: e });
  }
  scan.tarBytes = tarBytes;
  return scan;
}

async function readEntries(extract: tar.Extract, scan: LayerScan, opts: ScanOptions): Promise<void> {
  const maxCapture = opts.maxCaptureBytes ?? DEFAULT_MAX_CAPTURE;
  const wantElf = opts.elf ?? true;
  for await (const entry of extract) {
    const h = entry.header;
    const path = normalizePath(h.name);
    const base = basenameOf(path);
    if (base.startsWith(WHITEOUT)) {
      entry.resume();
      if (base === OPAQUE) scan.opaqueDirs.push(dirnameOf(path));
      else if (!base.startsWith(WHITEOUT + WHITEOUT)) {
        const dir = dirnameOf(path);
        const target = base.slice(WHITEOUT.length);
        scan.whiteouts.push(dir ? `${dir}/${target}` : target);
      }
      // Other `.wh..wh.*` names are aufs bookkeeping (hardlink dirs), not deletions.
      continue;
    }
    if (path === "") {
      entry.resume();
      continue;
    }
    const type = entryType(h.type);
    const size = type === "file" ? (h.size ?? 0) : 0;
    const e: FileEntry = { path, type, size, mode: (h.mode ?? 0) & 0o7777, uid: h.uid ?? 0, gid: h.gid ?? 0 };
    if (type === "symlink") e.linkTarget = h.linkname ?? "";
    else if (type === "hardlink") e.linkTarget = normalizePath(h.linkname ?? "");
    scan.entries.push(e);
    scan.contentBytes += contentSize(e);
    if (type === "hardlink" && e.linkTarget !== undefined) {
      const elf = scan.elf.get(e.linkTarget);
      if (elf) scan.elf.set(path, elf);
      const bytes = scan.captured.get(e.linkTarget);
      if (bytes) scan.captured.set(path, bytes);
    }
    if (type !== "file" || size === 0) {
      entry.resume();
      continue;
    }
    const capture = opts.capture?.(path, size) ?? false;
    if (capture && size > maxCapture) scan.captureSkipped.push({ path, size });
    const keep = capture && size <= maxCapture ? Buffer.allocUnsafe(size) : undefined;
    const elf = wantElf && size >= 52 ? new ElfCollector(size, { ...(opts.elfWindowBytes ? { windowBytes: opts.elfWindowBytes } : {}) }) : undefined;
    if (!keep && !elf) {
      entry.resume();
      continue;
    }
    let off = 0;
    for await (const chunk of entry as AsyncIterable<Buffer>) {
      if (keep) chunk.copy(keep, off);
      off += chunk.length;
      if (elf?.wanted) elf.push(chunk);
    }
    if (keep) scan.captured.set(path, keep.subarray(0, Math.min(off, size)));
    const info: ElfInfo | undefined = elf?.result();
    if (info) scan.elf.set(path, info);
  }
}
