// The pieces behind the CLI's edges, tested in-process: the writer with an injected failing file system (a full
// disk, an I/O error, a file system without hard links), strict UTF-8 decoding, the input limit, the context
// resolver, message escaping, argument checks, and the cleanup registry (with a real signal in a child process).
import { spawn } from "node:child_process";
import * as nodeFs from "node:fs";
import { mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { pendingCleanups, registerCleanup, runPendingCleanups } from "../../src/cleanup.js";
import { resolveInContext } from "../../src/cli/context-dir.js";
import { decodeText, firstInvalidUtf8, inputLimit, parseSize, readRegularFile, realFs, RunFiles, type FileSystem } from "../../src/cli/files.js";
import { escapeControls, escapeControlsKeepLines, safeProgressEvent } from "../../src/cli/terminal.js";
import { convertDockerfile } from "../../src/convert/convert.js";
import { DockerfileError, FileError, UsageError } from "../../src/errors.js";
import { parseDockerfile } from "../../src/syntax/index.js";
import { boundedInteger, boundedSeconds, buildArgsFromList, checkImageReference, checkPlatform, isImageReference } from "../../src/validate.js";
import { REPO_ROOT } from "../support/shared.js";
import { distProblem, leftovers, tempDir } from "./io-support.js";

const noStdin = () => Promise.resolve(Buffer.alloc(0));
const errno = (code: string) => Object.assign(new Error(`${code}: simulated`), { code });

describe("the writer on a failing file system", () => {
  const failing = (overrides: Partial<FileSystem>): FileSystem => ({ ...realFs, ...overrides });

  it.each([
    [
      "a full disk while writing",
      {
        writeSync: () => {
          throw errno("ENOSPC");
        },
      },
      FileError,
      "out: cannot write: no space left on device",
    ],
    [
      "a full disk on a short write",
      {
        writeSync: (fd: number, b: Uint8Array, o: number, l: number) =>
          o === 0
            ? nodeFs.writeSync(fd, b, o, Math.min(l, 3))
            : (() => {
                throw errno("ENOSPC");
              })(),
      },
      FileError,
      "out: cannot write: no space left on device",
    ],
    [
      "an I/O error on fsync",
      {
        fsyncSync: () => {
          throw errno("EIO");
        },
      },
      FileError,
      "out: cannot write: input/output error",
    ],
    [
      "a quota",
      {
        closeSync: (fd: number) => (
          nodeFs.closeSync(fd),
          (() => {
            throw errno("EDQUOT");
          })()
        ),
      },
      FileError,
      "out: cannot write: disk quota exceeded",
    ],
    [
      "a read-only file system",
      {
        openSync: () => {
          throw errno("EROFS");
        },
      },
      UsageError,
      "out: cannot write: read-only file system",
    ],
    [
      "an unknown errno",
      {
        renameSync: () => {
          throw errno("EWHATEVER");
        },
      },
      FileError,
      "out: cannot write: EWHATEVER: simulated",
    ],
  ] as const)("%s: one line, the old file intact, no temporary file left", (_what, overrides, kind, message) => {
    const dir = tempDir();
    writeFileSync(join(dir, "out"), "old\n");
    const files = new RunFiles(dir, 1024, noStdin, failing(overrides as Partial<FileSystem>));
    let thrown: unknown;
    try {
      files.write("out", "new content\n", { force: true });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(kind);
    expect((thrown as Error).message).toBe(message);
    expect(readFileSync(join(dir, "out"), "utf8")).toBe("old\n");
    expect(leftovers(dir)).toEqual([]);
    expect(pendingCleanups()).toBe(0);
  });

  it("a new file on a file system without hard links is renamed into place, and never over a file that appeared", () => {
    const dir = tempDir();
    const noLinks = failing({
      linkSync: () => {
        throw errno("EPERM");
      },
    });
    new RunFiles(dir, 1024, noStdin, noLinks).write("fresh", "a\n");
    expect(readFileSync(join(dir, "fresh"), "utf8")).toBe("a\n");
    // another process creates the file between the check and the write
    const racing = failing({
      linkSync: (a, b) => {
        writeFileSync(b as string, "theirs\n");
        nodeFs.linkSync(a, b);
      },
    });
    expect(() => new RunFiles(dir, 1024, noStdin, racing).write("raced", "mine\n")).toThrow(/raced already exists: pass --force/);
    expect(readFileSync(join(dir, "raced"), "utf8")).toBe("theirs\n");
    expect(leftovers(dir)).toEqual([]);
  });

  it("keeps the permissions of a replaced file and writes through a symlink", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "real"), "old\n", { mode: 0o600 });
    symlinkSync("real", join(dir, "link"));
    new RunFiles(dir, 1024, noStdin).write("link", Buffer.from([0xc3, 0xa9]), { force: true });
    expect(readFileSync(join(dir, "real"))).toEqual(Buffer.from([0xc3, 0xa9]));
    expect(statSync(join(dir, "real")).mode & 0o777).toBe(0o600);
    expect(nodeFs.lstatSync(join(dir, "link")).isSymbolicLink()).toBe(true);
  });
});

describe("reading", () => {
  it("firstInvalidUtf8 agrees with the WHATWG decoder on arbitrary bytes", () => {
    const decoder = new TextDecoder("utf-8", { fatal: true });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        let valid = true;
        try {
          decoder.decode(bytes);
        } catch {
          valid = false;
        }
        const bad = firstInvalidUtf8(bytes);
        expect(bad === -1).toBe(valid);
        if (!valid) expect(() => decoder.decode(bytes.subarray(0, bad))).not.toThrow();
      }),
      { numRuns: 3000 },
    );
  });

  it("valid UTF-8 decodes to text that encodes back to the same bytes", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "grapheme", maxLength: 40 }).filter((s) => !s.includes("\0")),
        (s) => {
          const bytes = Buffer.from(s, "utf8");
          expect(Buffer.from(decodeText(bytes, "f"), "utf8").equals(bytes)).toBe(true);
        },
      ),
    );
  });

  it("locates the first bad byte by line and column (UTF-16 code units, like every location)", () => {
    const bytes = Buffer.concat([Buffer.from("FROM x\n# ✓ caf"), Buffer.from([0xe9]), Buffer.from("\n")]);
    const e = (() => {
      try {
        decodeText(bytes, "Dockerfile");
      } catch (x) {
        return x as DockerfileError;
      }
      throw new Error("no error");
    })();
    expect(e).toBeInstanceOf(DockerfileError);
    expect(e.range?.start).toEqual({ line: 2, column: 8, offset: 14 });
  });

  it("reads /proc files (size 0 in stat) only up to the limit", () => {
    expect(() => readRegularFile("/proc/self/maps", "maps", 64)).toThrow(/maps: larger than the input limit of 64 bytes/);
    expect(readRegularFile("/proc/self/maps", "maps", 1024 * 1024).bytes.length).toBeGreaterThan(64);
  });

  it("standard input larger than the limit is refused", async () => {
    const files = new RunFiles("/", 4, () => Promise.resolve(Buffer.from("FROM x\n")));
    await expect(files.readDockerfile("-")).rejects.toThrow("<stdin>: larger than the input limit of 4 bytes");
  });

  it("parses sizes and takes the limit from the option, then the environment", () => {
    expect(parseSize("1048576", "x")).toBe(1048576);
    expect(parseSize("64k", "x")).toBe(65536);
    expect(parseSize("2MiB", "x")).toBe(2 * 1024 * 1024);
    expect(parseSize("512M", "x")).toBe(512 * 1024 * 1024);
    for (const bad of ["", "1.5M", "-1", "1e9", "513M", "1T", "0"]) expect(() => parseSize(bad, "x")).toThrow(UsageError);
    expect(inputLimit(undefined, {})).toBe(64 * 1024 * 1024);
    expect(inputLimit(undefined, { SLIMSTAGE_MAX_INPUT_SIZE: "1M" })).toBe(1024 * 1024);
    expect(inputLimit("2M", { SLIMSTAGE_MAX_INPUT_SIZE: "1M" })).toBe(2 * 1024 * 1024);
  });
});

describe("the build context", () => {
  const ctx = () => {
    const root = tempDir();
    mkdirSync(join(root, "a/b"), { recursive: true });
    writeFileSync(join(root, "a/b/file"), "x");
    return root;
  };

  it("resolves like BuildKit: the context is the root for .. and for absolute link targets", () => {
    const root = ctx();
    symlinkSync("/a/b/file", join(root, "abs"));
    symlinkSync("../../../../../../a/b/file", join(root, "a/up"));
    symlinkSync("/etc/passwd", join(root, "passwd"));
    symlinkSync("b", join(root, "a/dirlink"));
    expect(resolveInContext(root, "abs")).toBe(join(root, "a/b/file"));
    expect(resolveInContext(root, "a/up")).toBe(join(root, "a/b/file"));
    expect(resolveInContext(root, "a/dirlink/file")).toBe(join(root, "a/b/file"));
    expect(resolveInContext(root, "../../etc/passwd")).toBeUndefined(); // <root>/etc/passwd does not exist
    expect(resolveInContext(root, "passwd")).toBeUndefined();
    expect(resolveInContext(root, "")).toBeUndefined();
  });

  it("ends a link loop", () => {
    const root = ctx();
    symlinkSync("loop2", join(root, "loop1"));
    symlinkSync("loop1", join(root, "loop2"));
    expect(resolveInContext(root, "loop1")).toBeUndefined();
  });
});

describe("messages", () => {
  it("escape control characters, DEL, C1 and bidirectional overrides", () => {
    expect(escapeControls("a\x1b[31mb\x07\n\r\t\x7f\u009b\u202e")).toBe("a\\x1b[31mb\\x07\\n\\r\\t\\x7f\\x9b\\u202e");
    expect(escapeControlsKeepLines("line 1\x1b]0;t\x07\nline 2\n")).toBe("line 1\\x1b]0;t\\x07\nline 2\n");
    expect(escapeControls("café ✓ 🚀")).toBe("café ✓ 🚀");
  });

  it("build progress events carry no raw control characters, progress redraws become lines", () => {
    const step = { id: "1", name: "[1/2] RUN printf '\x1b[2J'", internal: false } as never;
    expect(safeProgressEvent({ type: "step-log", step, stream: "stdout", text: "10%\r50%\r100%\x1b]0;t\x07\r\n" })).toMatchObject({
      text: "10%\n50%\n100%\\x1b]0;t\\x07\n",
      step: { name: "[1/2] RUN printf '\\x1b[2J'" },
    });
    expect(safeProgressEvent({ type: "warning", text: "a\x1bb", detail: "c\nd" })).toEqual({ type: "warning", text: "a\\x1bb", detail: "c\\nd" });
  });
});

describe("argument checks", () => {
  it.each([
    "python:3.11-slim",
    "ubuntu",
    "scratch",
    "gcr.io/distroless/cc-debian12:nonroot",
    "localhost:5000/a/b:1",
    "[::1]:5000/x",
    `python@sha256:${"a".repeat(64)}`,
    `x:1@sha256:${"b".repeat(64)}`,
    "a__b/c---d.e",
  ])("accepts the image reference %s", (ref) => expect(isImageReference(ref)).toBe(true));
  it.each(["", "NOT A VALID:REF:::", "img\nRUN rm -rf /", "Python:3", "a:b:c", "x:" + "t".repeat(129), "-x", "a//b", "a/", "x@sha256:abc", "$BASE", "x y"])(
    "refuses the image reference %j",
    (ref) => expect(isImageReference(ref)).toBe(false),
  );

  it("the library refuses a bad runtimeBase with a UsageError, not a broken Dockerfile", async () => {
    const tree = parseDockerfile('FROM python:3.11\nRUN apt-get update && apt-get install -y gcc\nRUN pip install flask\nCMD ["flask"]\n');
    await expect(convertDockerfile(tree, { runtimeBase: "img\nRUN rm -rf /" })).rejects.toThrow(UsageError);
    await expect(convertDockerfile(tree, { runtimeBase: 42 as unknown as string })).rejects.toThrow("runtimeBase: expected an image reference, got number");
    expect(() => checkImageReference("python:3.11-slim", "x")).not.toThrow();
  });

  it("the library refuses malformed input and options with typed errors, never a TypeError", async () => {
    const tree = parseDockerfile('FROM python:3.11\nRUN apt-get update && apt-get install -y gcc\nRUN pip install flask\nCMD ["flask"]\n');
    await expect(convertDockerfile(null as never)).rejects.toThrow(new UsageError("convertDockerfile: expected a tree from parseDockerfile()"));
    await expect(convertDockerfile("FROM x" as never)).rejects.toThrow(UsageError);
    await expect(convertDockerfile(tree, { extraRuntimePackages: ["libpq5 && rm -rf /"] })).rejects.toThrow(
      'extraRuntimePackages: "libpq5 && rm -rf /" is not a package name',
    );
    await expect(convertDockerfile(tree, { buildArgs: { A: 1 as unknown as string } })).rejects.toThrow("buildArgs.A: expected a string, got number");
    await expect(convertDockerfile(tree, { context: {} as never })).rejects.toThrow(UsageError);
    const ok = await convertDockerfile(tree, { extraRuntimePackages: ["libpq5"], buildArgs: { A: "1" } });
    expect(ok.status).toBe("converted");
  });

  it("platforms as containerd parses them", () => {
    for (const ok of ["linux/amd64", "linux/arm64/v8", "linux/arm/v7", "linux", "arm64", "Linux/x86_64", "windows/amd64"]) expect(checkPlatform(ok)).toBe(ok);
    for (const bad of ["garbage", "linux/garbage", "foo/amd64", "linux/amd64/v8/x", "", "linux/", "linux amd64"])
      expect(() => checkPlatform(bad)).toThrow(UsageError);
  });

  it("build args", () => {
    expect(buildArgsFromList(["A=1", "B", "C", "D=x=y", "E="], { B: "env", D: "no" })).toEqual({ A: "1", B: "env", D: "x=y", E: "" });
    for (const bad of ["", "=", "=x", "A B=1"]) expect(() => buildArgsFromList([bad], {})).toThrow(UsageError);
  });

  it("bounded numbers", () => {
    expect(boundedInteger("10", "--top", 1, 100)).toBe(10);
    for (const bad of ["1e300", "0", "10.5", "-1", "101", "", "0x10"]) expect(() => boundedInteger(bad, "--top", 1, 100)).toThrow(UsageError);
    expect(boundedSeconds("1.5", "--timeout", 60)).toBe(1500);
    for (const bad of ["1e300", "0", "-1", "61", "Infinity", "NaN", ""]) expect(() => boundedSeconds(bad, "--timeout", 60)).toThrow(UsageError);
  });
});

describe("the cleanup registry", () => {
  it("runs pending steps newest first, once, and forgets released ones", () => {
    const order: string[] = [];
    registerCleanup(() => order.push("first"));
    const release = registerCleanup(() => order.push("released"));
    registerCleanup(() => {
      order.push("throws");
      throw new Error("x");
    });
    registerCleanup(() => order.push("last"));
    release();
    expect(runPendingCleanups()).toBe(3);
    expect(order).toEqual(["last", "throws", "first"]);
    expect(runPendingCleanups()).toBe(0);
  });

  const dist = distProblem();
  it.skipIf(dist !== undefined)(
    "a SIGTERM during a slow write leaves the complete file and no temporary file",
    async () => {
      const dir = tempDir();
      const script = join(dir, "writer.mjs");
      writeFileSync(
        script,
        `import * as fs from "node:fs";
import { RunFiles, realFs } from ${JSON.stringify(pathToFileURL(join(REPO_ROOT, "dist/cli/files.js")).href)};
import { installSignalCleanup } from ${JSON.stringify(pathToFileURL(join(REPO_ROOT, "dist/cleanup.js")).href)};
installSignalCleanup();
// a slow disk: 1 MiB per write, and a pause after the first, so the signal surely lands mid-write
let calls = 0;
const slow = { ...realFs, writeSync: (fd, b, o, l) => {
  if (calls++ === 0) { process.stdout.write("writing\\n"); Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300); }
  return fs.writeSync(fd, b, o, Math.min(l, 1 << 20));
} };
new RunFiles(${JSON.stringify(dir)}, 1, async () => Buffer.alloc(0), slow).write("out", Buffer.alloc(8 << 20, 97));
setTimeout(() => {}, 10000);
`,
      );
      const child = spawn(process.execPath, [script], { stdio: ["ignore", "pipe", "inherit"] });
      const exit = new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_c, s) => resolve(s)));
      await new Promise<void>((resolve) => child.stdout.on("data", (c: Buffer) => c.toString().includes("writing") && resolve()));
      child.kill("SIGTERM");
      expect(await exit).toBe("SIGTERM");
      expect(leftovers(dir)).toEqual([]);
      // without the handler the process dies mid-write and leaves .out.slimstage-PID-X.tmp; with it the signal waits
      // for the synchronous write, so the file is complete and nothing else is left
      expect(readdirSync(dir).sort()).toEqual(["out", "writer.mjs"]);
      expect(statSync(join(dir, "out")).size).toBe(8 << 20);
    },
    60_000,
  );
});
