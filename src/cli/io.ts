// The CLI's only contact with the process: streams, environment, files. Commands receive an Io so tests can run
// them in-process with captured output.
import { chmodSync, closeSync, fsyncSync, openSync, readFileSync, realpathSync, renameSync, statSync, unlinkSync, writeSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { DockerfileError, UsageError } from "../errors.js";
import { terminalColors, type Colors } from "../report/colors.js";

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Reads all of standard input. */
  readStdin: () => Promise<Buffer>;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  /** Whether stdout/stderr are terminals (for colours and live displays). */
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
}

export function processIo(): Io {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const c of process.stdin) chunks.push(c as Buffer);
      return Buffer.concat(chunks);
    },
    env: process.env,
    cwd: process.cwd(),
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
  };
}

/** Colours only on a terminal, never with NO_COLOR set (https://no-color.org). */
export function colorsFor(io: Io, stream: "stdout" | "stderr"): Colors {
  return terminalColors((stream === "stdout" ? io.stdoutIsTTY : io.stderrIsTTY) && !("NO_COLOR" in io.env && io.env.NO_COLOR !== ""));
}

export interface InputFile {
  /** Name for messages: the path as given, or `<stdin>`. */
  name: string;
  /** Absolute path, undefined for stdin. */
  path: string | undefined;
  text: string;
}

/** Reads a Dockerfile argument: a path, `-` for stdin, or ./Dockerfile by default. */
export async function readDockerfile(arg: string | undefined, io: Io): Promise<InputFile> {
  if (arg === "-") return { name: "<stdin>", path: undefined, text: decode(await io.readStdin(), "<stdin>") };
  const given = arg ?? "Dockerfile";
  const path = resolve(io.cwd, given);
  let bytes: Buffer;
  try {
    if (statSync(path).isDirectory()) throw new UsageError(`${given}: is a directory, not a Dockerfile`);
    bytes = readFileSync(path);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EACCES" ? "permission denied" : (e as Error).message;
    throw new UsageError(`${given}: cannot read: ${why}`);
  }
  return { name: given, path, text: decode(bytes, given) };
}

function decode(bytes: Buffer, name: string): string {
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    const before = bytes.subarray(0, nul).toString("utf8");
    const line = before.split("\n").length;
    const column = before.length - before.lastIndexOf("\n");
    const at = { line, column, offset: before.length };
    throw new DockerfileError("not a Dockerfile: the file holds binary data (a NUL byte)", { start: at, end: at }, { file: name });
  }
  return bytes.toString("utf8");
}

/**
 * Writes a file completely or not at all: the text goes to a temporary file beside the target, which then
 * replaces it in one rename. A symlinked target is written through (the link stays a link) and an existing file
 * keeps its permissions. Problems with the path are usage errors naming it.
 */
export function writeFileAtomic(path: string, text: string): void {
  let target = path;
  let mode = 0o644;
  try {
    target = realpathSync(path);
    const st = statSync(target);
    if (st.isDirectory()) throw new UsageError(`${path}: is a directory`);
    mode = st.mode & 0o7777;
  } catch (e) {
    if (e instanceof UsageError) throw e;
    // a new file: its directory must exist
    try {
      if (!statSync(dirname(path)).isDirectory()) throw new Error("not a directory");
    } catch {
      throw new UsageError(`${path}: cannot write: the directory ${dirname(path)} does not exist`);
    }
  }
  const tmp = join(dirname(target), `.${basename(target)}.slimstage-${process.pid}-${Date.now()}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, "wx", mode);
    writeSync(fd, text);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    chmodSync(tmp, mode);
    renameSync(tmp, target);
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {
      // already gone
    }
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "EACCES" || code === "EPERM" || code === "EROFS" || code === "ENOENT") throw new UsageError(`${path}: cannot write: ${code === "ENOENT" ? "no such directory" : "permission denied"}`);
    throw e;
  }
}
