// Every file the CLI reads or writes goes through here, so the rules hold in every command:
//
// - reads: only regular files (or standard input), at most the input limit, bytes decoded as strict UTF-8;
// - writes: one writer for every command. It refuses to write onto an input of the same run (compared by device
//   and inode, so a hard link or /proc/self/fd/N counts), onto anything but a regular file, and onto an existing
//   file without --force; it writes a temporary file beside the target and renames it into place, so the target
//   is complete or untouched, and the temporary file is removed on failure and on SIGINT/SIGTERM/SIGHUP;
// - system errors (no space left, I/O errors) are one-line FileErrors, never "internal error".
import * as nodeFs from "node:fs";
import { randomBytes } from "node:crypto";
import { isUtf8 } from "node:buffer";
import { basename, dirname, join, resolve } from "node:path";
import { registerCleanup } from "../cleanup.js";
import { DockerfileError, FileError, UsageError } from "../errors.js";
import { escapeControls } from "./terminal.js";

// ---------------------------------------------------------------------------------------------------------------
// Limits

/** Default cap on one input (a Dockerfile, standard input, a probe file, a file of the build context): 64 MiB. */
export const DEFAULT_MAX_INPUT_BYTES = 64 * 1024 * 1024;
/** The cap can be raised up to 512 MiB: above that a file cannot become one JavaScript string. */
const MAX_INPUT_LIMIT = 512 * 1024 * 1024;
const MAX_INPUT_ENV = "SLIMSTAGE_MAX_INPUT_SIZE";

const UNITS: Readonly<Record<string, number>> = {
  "": 1,
  b: 1,
  k: 1024,
  kb: 1024,
  kib: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1024 ** 3,
  gib: 1024 ** 3,
};

/** `1048576`, `64K`, `64M`, `1G` (binary units) → bytes, between 1 and MAX_INPUT_LIMIT. */
export function parseSize(text: string, where: string): number {
  const m = /^\s*(\d{1,12})\s*([a-z]*)\s*$/i.exec(text);
  const unit = m ? UNITS[(m[2] ?? "").toLowerCase()] : undefined;
  if (!m || unit === undefined) throw new UsageError(`${where}: expected a size such as 64M, 1G or 1048576, got "${escapeControls(text)}"`);
  const bytes = Number(m[1]) * unit;
  if (bytes < 1 || bytes > MAX_INPUT_LIMIT) throw new UsageError(`${where}: must be between 1 byte and 512M, got "${escapeControls(text)}"`);
  return bytes;
}

/** The input cap of a run: --max-input-size, else $SLIMSTAGE_MAX_INPUT_SIZE, else 64 MiB. */
export function inputLimit(option: string | undefined, env: Readonly<Record<string, string | undefined>>): number {
  if (option !== undefined) return parseSize(option, "--max-input-size");
  const fromEnv = env[MAX_INPUT_ENV];
  if (fromEnv !== undefined && fromEnv !== "") return parseSize(fromEnv, MAX_INPUT_ENV);
  return DEFAULT_MAX_INPUT_BYTES;
}

function formatLimit(bytes: number): string {
  if (bytes % 1024 ** 3 === 0) return `${bytes / 1024 ** 3}G`;
  if (bytes % 1024 ** 2 === 0) return `${bytes / 1024 ** 2}M`;
  if (bytes % 1024 === 0) return `${bytes / 1024}K`;
  return `${bytes} bytes`;
}

function tooLarge(shown: string, limit: number): UsageError {
  return new UsageError(`${shown}: larger than the input limit of ${formatLimit(limit)} (raise it with --max-input-size or ${MAX_INPUT_ENV})`);
}

// ---------------------------------------------------------------------------------------------------------------
// The file system, as a value so tests can inject failures (a full disk, an I/O error)

export interface FileSystem {
  statSync: typeof nodeFs.statSync;
  lstatSync: typeof nodeFs.lstatSync;
  fstatSync: typeof nodeFs.fstatSync;
  realpathSync: (path: string) => string;
  openSync: typeof nodeFs.openSync;
  readSync: typeof nodeFs.readSync;
  writeSync: (fd: number, buffer: Uint8Array, offset: number, length: number) => number;
  fsyncSync: typeof nodeFs.fsyncSync;
  closeSync: typeof nodeFs.closeSync;
  fchmodSync: typeof nodeFs.fchmodSync;
  renameSync: typeof nodeFs.renameSync;
  linkSync: typeof nodeFs.linkSync;
  unlinkSync: typeof nodeFs.unlinkSync;
  readlinkSync: (path: string) => string;
}

export const realFs: FileSystem = {
  statSync: nodeFs.statSync,
  lstatSync: nodeFs.lstatSync,
  fstatSync: nodeFs.fstatSync,
  realpathSync: (p) => nodeFs.realpathSync.native(p),
  openSync: nodeFs.openSync,
  readSync: nodeFs.readSync,
  writeSync: (fd, b, o, l) => nodeFs.writeSync(fd, b, o, l),
  fsyncSync: nodeFs.fsyncSync,
  closeSync: nodeFs.closeSync,
  fchmodSync: nodeFs.fchmodSync,
  renameSync: nodeFs.renameSync,
  linkSync: nodeFs.linkSync,
  unlinkSync: nodeFs.unlinkSync,
  readlinkSync: (p) => nodeFs.readlinkSync(p, "utf8"),
};

/** What a non-regular file is, in words. */
export function fileKind(st: nodeFs.Stats): string {
  if (st.isDirectory()) return "a directory";
  if (st.isCharacterDevice()) return "a character device";
  if (st.isBlockDevice()) return "a block device";
  if (st.isFIFO()) return "a pipe (FIFO)";
  if (st.isSocket()) return "a socket";
  if (st.isSymbolicLink()) return "a symbolic link";
  return "not a regular file";
}

function code(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException | undefined)?.code;
}

const SYSTEM_WHY: Readonly<Record<string, string>> = {
  ENOSPC: "no space left on device",
  EDQUOT: "disk quota exceeded",
  EIO: "input/output error",
  EFBIG: "file too large",
  EROFS: "read-only file system",
  EACCES: "permission denied",
  EPERM: "permission denied",
  ENOENT: "no such file or directory",
  ENOTDIR: "a part of the path is not a directory",
  ENAMETOOLONG: "file name too long",
  ELOOP: "too many symbolic links",
  EISDIR: "is a directory",
  EMFILE: "too many open files",
  ENFILE: "too many open files",
};

/** A failed system call → one line. Permission and path problems are usage errors (2), the rest FileErrors (1). */
function fileError(e: unknown, shown: string, verb: "read" | "write"): Error {
  const c = code(e);
  const why = (c && SYSTEM_WHY[c]) ?? (e as Error)?.message ?? String(e);
  const message = `${shown}: cannot ${verb}: ${why}`;
  return c === "EACCES" || c === "EPERM" || c === "ENOENT" || c === "ENOTDIR" || c === "ENAMETOOLONG" || c === "ELOOP" || c === "EISDIR" || c === "EROFS"
    ? new UsageError(message)
    : new FileError(message);
}

// ---------------------------------------------------------------------------------------------------------------
// Reading

/**
 * Reads a regular file, at most `limit` bytes. The type is checked before opening (opening a FIFO would block)
 * and again on the open descriptor (the path may have been swapped meanwhile). Files under /proc report size 0,
 * so the cap is enforced on what is read, not on what stat says.
 */
export function readRegularFile(path: string, shown: string, limit: number, fs: FileSystem = realFs): { bytes: Buffer; stat: nodeFs.Stats } {
  let st: nodeFs.Stats;
  try {
    st = fs.statSync(path);
  } catch (e) {
    throw code(e) === "ENOENT" ? new UsageError(`${shown}: cannot read: no such file`) : fileError(e, shown, "read");
  }
  if (!st.isFile()) throw new UsageError(`${shown}: is ${fileKind(st)}, not a regular file`);
  if (st.size > limit) throw tooLarge(shown, limit);
  let fd: number;
  try {
    fd = fs.openSync(path, nodeFs.constants.O_RDONLY | nodeFs.constants.O_NONBLOCK | nodeFs.constants.O_NOCTTY);
  } catch (e) {
    throw fileError(e, shown, "read");
  }
  try {
    const opened = fs.fstatSync(fd);
    if (!opened.isFile()) throw new UsageError(`${shown}: is ${fileKind(opened)}, not a regular file`);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(1024 * 1024, limit + 1 - total));
      let n: number;
      try {
        n = fs.readSync(fd, chunk, 0, chunk.length, null);
      } catch (e) {
        throw fileError(e, shown, "read");
      }
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      total += n;
      if (total > limit) throw tooLarge(shown, limit);
    }
    return { bytes: Buffer.concat(chunks, total), stat: opened };
  } finally {
    fs.closeSync(fd);
  }
}

/** Reads a stream (standard input) up to `limit` bytes, stopping as soon as it is exceeded. */
export async function readStreamLimited(stream: AsyncIterable<Buffer | string>, shown: string, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const c of stream) {
    const b = typeof c === "string" ? Buffer.from(c) : c;
    total += b.length;
    if (total > limit) throw tooLarge(shown, limit);
    chunks.push(b);
  }
  return Buffer.concat(chunks, total);
}

/** The first byte offset where `bytes` stops being UTF-8 (WHATWG rules: no overlongs, surrogates or > U+10FFFF). */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return i;
    }
    i += need + 1;
  }
  return -1;
}

function positionOf(bytes: Buffer, offset: number): { line: number; column: number; offset: number } {
  const before = bytes.subarray(0, offset).toString("utf8");
  const nl = before.lastIndexOf("\n");
  let line = 1;
  for (let i = before.indexOf("\n"); i !== -1; i = before.indexOf("\n", i + 1)) line++;
  return { line, column: before.length - nl, offset: before.length };
}

function located(reason: string, bytes: Buffer, offset: number, name: string): DockerfileError {
  const at = positionOf(bytes, offset);
  return new DockerfileError(reason, { start: at, end: at }, { file: name });
}

/**
 * Bytes → text, refusing what cannot round-trip: UTF-16 (by its byte order mark), binary data (a NUL byte) and
 * anything that is not valid UTF-8, each with the location of the first offending byte. Valid UTF-8 decodes and
 * encodes back to the same bytes, so nothing the tool copies through is rewritten.
 */
export function decodeText(bytes: Buffer, name: string): string {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    const order = bytes[0] === 0xff ? "FF FE, little-endian" : "FE FF, big-endian";
    throw located(`the file is UTF-16 (byte order mark ${order}); save it as UTF-8`, bytes, 0, name);
  }
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    const utf16 = bytes.length >= 4 && (bytes[1] === 0 || bytes[0] === 0) && (bytes[3] === 0 || bytes[2] === 0);
    throw located(
      utf16
        ? "the file looks like UTF-16 without a byte order mark (NUL bytes); save it as UTF-8"
        : "not a Dockerfile: the file holds binary data (a NUL byte)",
      bytes,
      nul,
      name,
    );
  }
  if (!isUtf8(bytes)) {
    const bad = firstInvalidUtf8(bytes);
    const at = bad === -1 ? 0 : bad;
    const hex = (bytes[at] ?? 0).toString(16).toUpperCase().padStart(2, "0");
    throw located(`not valid UTF-8 (byte 0x${hex}); slimstage reads text as UTF-8: convert the file (e.g. iconv -f latin1 -t utf-8)`, bytes, at, name);
  }
  return bytes.toString("utf8");
}

// ---------------------------------------------------------------------------------------------------------------
// One run's files: its inputs, and the one writer

export interface InputFile {
  /** Name for messages: the path as given (control characters escaped), or `<stdin>`. */
  name: string;
  /** Absolute path, undefined for stdin. */
  path: string | undefined;
  text: string;
  /** The bytes as read (a backup is a copy of these, not of the decoded text). */
  bytes: Buffer;
}

export interface WriteOptions {
  /** Replace an existing regular file (`--force`). */
  force?: boolean;
  /** The target may be this run's input (`convert --write`); it is replaced, so `force` is implied. */
  replaceInput?: boolean;
  /** The message when the target exists and may not be replaced. */
  existsMessage?: string;
}

interface Identity {
  dev: number;
  ino: number;
  name: string;
}

interface Target {
  /** Where the bytes go: the real path of an existing file (a symlink is written through), else the path. */
  path: string;
  exists: boolean;
  mode: number | undefined;
}

export class RunFiles {
  private readonly inputs: Identity[] = [];

  constructor(
    readonly cwd: string,
    readonly limit: number,
    private readonly stdin: (limit: number) => Promise<Buffer>,
    private readonly fs: FileSystem = realFs,
  ) {}

  /** An argument as an absolute path. */
  resolve(given: string): string {
    return resolve(this.cwd, given);
  }

  /** Remembers a file this run reads (the writer refuses to write onto it). Unknown paths are ignored. */
  protect(path: string, shown: string): void {
    try {
      const st = this.fs.statSync(path);
      this.inputs.push({ dev: st.dev, ino: st.ino, name: shown });
    } catch {
      // not there (yet): nothing to protect
    }
  }

  private inputAt(st: nodeFs.Stats): Identity | undefined {
    return this.inputs.find((i) => i.dev === st.dev && i.ino === st.ino);
  }

  /** Reads one regular file of this run (a probe file, a file of the build context), capped, as bytes. */
  readBytes(path: string, shown: string): Buffer {
    const { bytes, stat } = readRegularFile(path, shown, this.limit, this.fs);
    this.inputs.push({ dev: stat.dev, ino: stat.ino, name: shown });
    return bytes;
  }

  /** Reads a text file (strict UTF-8). */
  readText(path: string, shown: string): string {
    return decodeText(this.readBytes(path, shown), shown);
  }

  /** A Dockerfile argument: a path, `-` for standard input, or ./Dockerfile by default. */
  async readDockerfile(arg: string | undefined): Promise<InputFile> {
    if (arg === "-") {
      const bytes = await this.stdin(this.limit);
      if (bytes.length > this.limit) throw tooLarge("<stdin>", this.limit);
      return { name: "<stdin>", path: undefined, text: decodeText(bytes, "<stdin>"), bytes };
    }
    const given = arg ?? "Dockerfile";
    const name = escapeControls(given);
    const path = resolve(this.cwd, given);
    const bytes = this.readBytes(path, name);
    return { name, path, text: decodeText(bytes, name), bytes };
  }

  /**
   * Checks that `given` can be written (before long work, so a bad -o fails at once); the same checks run again
   * when writing. Returns where the bytes would go.
   */
  check(given: string, opts: WriteOptions = {}): Target {
    const shown = escapeControls(given);
    const abs = resolve(this.cwd, given);
    let st: nodeFs.Stats | undefined;
    try {
      st = this.fs.statSync(abs);
    } catch (e) {
      if (code(e) !== "ENOENT") throw fileError(e, shown, "write");
    }
    if (st === undefined) {
      let link = false;
      try {
        link = this.fs.lstatSync(abs).isSymbolicLink();
      } catch {
        link = false;
      }
      if (link) throw new UsageError(`${shown}: is a symbolic link to a missing file; slimstage does not create files through dangling links`);
      const dir = dirname(abs);
      let isDir = false;
      try {
        isDir = this.fs.statSync(dir).isDirectory();
      } catch {
        isDir = false;
      }
      if (!isDir) throw new UsageError(`${shown}: cannot write: the directory ${escapeControls(dir)} does not exist`);
      return { path: abs, exists: false, mode: undefined };
    }
    if (!st.isFile()) throw new UsageError(`${shown}: is ${fileKind(st)}, not a regular file; slimstage writes only regular files`);
    const input = this.inputAt(st);
    if (input && !opts.replaceInput) throw new UsageError(`${shown}: is an input of this run (${input.name}); write to another file`);
    if (!opts.force && !opts.replaceInput) throw new UsageError(opts.existsMessage ?? `${shown} already exists: pass --force to replace it`);
    let real: string;
    try {
      real = this.fs.realpathSync(abs);
    } catch (e) {
      throw fileError(e, shown, "write");
    }
    return { path: real, exists: true, mode: st.mode & 0o7777 };
  }

  /**
   * Writes the file completely or not at all. A new file is linked into place, so a file that appeared meanwhile
   * is never replaced; an existing one (with --force, or the input under --write) is replaced by one rename,
   * keeping its permissions, and a symlink to it stays a link.
   */
  write(given: string, data: string | Buffer, opts: WriteOptions = {}): void {
    const shown = escapeControls(given);
    const target = this.check(given, opts);
    const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
    const tmp = join(dirname(target.path), `.${basename(target.path)}.slimstage-${process.pid}-${randomBytes(4).toString("hex")}.tmp`);
    const fs = this.fs;
    let fd: number | undefined;
    let created = false;
    const unregister = registerCleanup(() => {
      if (created) nodeFs.rmSync(tmp, { force: true });
    });
    try {
      fd = fs.openSync(tmp, "wx", target.mode ?? 0o666);
      created = true;
      for (let off = 0; off < bytes.length;) off += fs.writeSync(fd, bytes, off, bytes.length - off);
      if (target.mode !== undefined) fs.fchmodSync(fd, target.mode);
      fs.fsyncSync(fd);
      fs.closeSync(fd);
      fd = undefined;
      if (target.exists) fs.renameSync(tmp, target.path);
      else this.linkNew(tmp, target.path, shown, opts);
      created = false;
    } catch (e) {
      if (fd !== undefined) {
        try {
          fs.closeSync(fd);
        } catch {
          // the write error is the one to report
        }
      }
      if (created) {
        try {
          fs.unlinkSync(tmp);
        } catch {
          // already gone
        }
      }
      if (e instanceof UsageError || e instanceof FileError) throw e;
      throw fileError(e, shown, "write");
    } finally {
      unregister();
    }
  }

  /** Puts a new file in place without ever replacing one that appeared since the check. */
  private linkNew(tmp: string, path: string, shown: string, opts: WriteOptions): void {
    try {
      this.fs.linkSync(tmp, path);
      this.fs.unlinkSync(tmp);
      return;
    } catch (e) {
      if (code(e) === "EEXIST") throw new UsageError(opts.existsMessage ?? `${shown} already exists: pass --force to replace it`);
      // file systems without hard links: check once more, then rename
      if (code(e) !== "EPERM" && code(e) !== "ENOTSUP" && code(e) !== "EOPNOTSUPP" && code(e) !== "EXDEV" && code(e) !== "EMLINK") throw e;
    }
    try {
      this.fs.lstatSync(path);
      throw new UsageError(opts.existsMessage ?? `${shown} already exists: pass --force to replace it`);
    } catch (e) {
      if (e instanceof UsageError) throw e;
    }
    this.fs.renameSync(tmp, path);
  }

  /** Removes a file this run created (a backup whose companion write failed). */
  remove(path: string): void {
    try {
      this.fs.unlinkSync(resolve(this.cwd, path));
    } catch {
      // already gone
    }
  }
}
