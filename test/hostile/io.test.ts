// Hostile and unusual input at the edges of the tool (issue 13): files the user owns are never lost, reads are
// bounded and only of regular files, the build context is a boundary, messages never drive the terminal, and
// arguments are checked once, the same way in every command. Each case runs the installed CLI as a separate
// process and asserts the exact outcome: exit code, the one error line, the bytes on disk, memory where it matters.
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, closeSync, existsSync, linkSync, mkdirSync, openSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../support/shared.js";
import { distProblem, leftovers, slimstage, tempDir } from "./io-support.js";

const problem = distProblem();
const describeCli = problem ? describe.skip : describe;
if (problem) {
  // a stale dist/ would test old code: say so loudly instead of passing
  describe("hostile input at the edges", () => {
    it("needs a current dist/", () => {
      throw new Error(problem);
    });
  });
}

/** A single-stage Dockerfile that converts (gcc and libpq-dev are build-only). */
const CONVERTS = 'FROM python:3.11\nRUN apt-get update && apt-get install -y gcc libpq-dev\nRUN pip install psycopg2\nCMD ["python"]\n';
/** One with nothing to gain. */
const NOTHING = 'FROM debian:bookworm-slim\nCMD ["bash"]\n';

function project(files: Record<string, string | Buffer>): string {
  const dir = tempDir();
  for (const [name, body] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), body);
  }
  return dir;
}

/** The exact single error line of a failed run. */
function oneError(r: { stderr: string }): string {
  const lines = r.stderr.split("\n").filter((l) => l !== "");
  expect(lines).toHaveLength(1);
  expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
  return lines[0] as string;
}

describeCli("files the user owns are never lost", () => {
  it("inspect -o onto its own --tar archive is refused and the archive stays byte for byte", () => {
    const dir = project({ "image.tar": Buffer.from("an archive the user wants to keep\n") });
    const r = slimstage(["inspect", "--tar", "image.tar", "-o", "image.tar", "--force"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(oneError(r)).toBe("slimstage: error: image.tar: is an input of this run (--tar image.tar); write to another file");
    expect(readFileSync(join(dir, "image.tar"), "utf8")).toBe("an archive the user wants to keep\n");
  });

  it("verify -o onto the --original Dockerfile is refused before anything is built", () => {
    const dir = project({ Dockerfile: CONVERTS, "Dockerfile.multi": CONVERTS });
    const r = slimstage(["verify", "--original", "Dockerfile", "--candidate", "Dockerfile.multi", "-o", "Dockerfile", "--force"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(oneError(r)).toBe("slimstage: error: Dockerfile: is an input of this run (Dockerfile); write to another file");
    expect(readFileSync(join(dir, "Dockerfile"), "utf8")).toBe(CONVERTS);
  });

  it("convert -o onto its input, through a hard link or through /proc/self/fd, is refused", () => {
    const dir = project({ Dockerfile: CONVERTS });
    linkSync(join(dir, "Dockerfile"), join(dir, "hardlink"));
    const same = slimstage(["convert", "Dockerfile", "-o", "Dockerfile", "--force"], { cwd: dir });
    expect(oneError(same)).toBe("slimstage: error: Dockerfile: is an input of this run (Dockerfile); write to another file");
    const viaLink = slimstage(["convert", "Dockerfile", "-o", "hardlink", "--force"], { cwd: dir });
    expect(viaLink.code).toBe(2);
    expect(oneError(viaLink)).toBe("slimstage: error: hardlink: is an input of this run (Dockerfile); write to another file");
    // the shell opens the Dockerfile as fd 3 of slimstage: /proc/self/fd/3 is the same file
    const viaFd = spawnSync(
      "sh",
      ["-c", `exec 3<Dockerfile; exec "${process.execPath}" "${join(REPO_ROOT, "bin", "slimstage.js")}" convert Dockerfile -o /proc/self/fd/3 --force`],
      { cwd: dir, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } },
    );
    expect(viaFd.status).toBe(2);
    expect(viaFd.stderr).toBe("slimstage: error: /proc/self/fd/3: is an input of this run (Dockerfile); write to another file\n");
    expect(readFileSync(join(dir, "Dockerfile"), "utf8")).toBe(CONVERTS);
  });

  it("a file the conversion read from the context is an input too", () => {
    const dir = project({
      Dockerfile: 'FROM rust:1.63\nWORKDIR /app\nCOPY . .\nRUN cargo build --release\nCMD ["sh", "-c", "exec app"]\n',
      "Cargo.toml": '[package]\nname = "inside"\n',
    });
    const r = slimstage(["convert", "-o", "Cargo.toml", "--force"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("slimstage: error: Cargo.toml: is an input of this run (Cargo.toml); write to another file\n");
    expect(readFileSync(join(dir, "Cargo.toml"), "utf8")).toBe('[package]\nname = "inside"\n');
  });

  it.each([
    ["a character device", "/dev/null", "is a character device"],
    ["a FIFO", "fifo", "is a pipe (FIFO)"],
    ["a directory", ".", "is a directory"],
  ])("every command refuses %s as its output", (_what, target, kind) => {
    const dir = project({ Dockerfile: CONVERTS, "image.tar": "x" });
    execFileSync("mkfifo", [join(dir, "fifo")]);
    const runs = [
      slimstage(["convert", "-o", target, "--force"], { cwd: dir, timeoutMs: 20_000 }),
      slimstage(["inspect", "--tar", "image.tar", "-o", target, "--force"], { cwd: dir, timeoutMs: 20_000 }),
      slimstage(["verify", "--original", "Dockerfile", "--candidate", "Dockerfile", "-o", target, "--force"], { cwd: dir, timeoutMs: 20_000 }),
    ];
    for (const r of runs) {
      expect(r.code).toBe(2);
      expect(oneError(r)).toBe(`slimstage: error: ${target}: ${kind}, not a regular file; slimstage writes only regular files`);
    }
  });

  it("/proc/self/fd/1 (standard output, a pipe here) is not a file to write", () => {
    const dir = project({ Dockerfile: CONVERTS });
    const r = spawnSync("sh", ["-c", `"${process.execPath}" "${join(REPO_ROOT, "bin", "slimstage.js")}" convert -o /proc/self/fd/1 --force | cat`], {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1" },
    });
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe("slimstage: error: /proc/self/fd/1: is a pipe (FIFO), not a regular file; slimstage writes only regular files\n");
  });

  it("an existing file is refused without --force by convert, inspect and verify alike, and replaced with it", () => {
    const dir = project({ Dockerfile: CONVERTS, out: "mine\n" });
    const refused = [
      slimstage(["convert", "-o", "out"], { cwd: dir }),
      slimstage(["inspect", "--tar", "Dockerfile", "-o", "out"], { cwd: dir }),
      slimstage(["verify", "--original", "Dockerfile", "--candidate", "Dockerfile", "-o", "out"], { cwd: dir }),
    ];
    for (const r of refused) {
      expect(r.code).toBe(2);
      expect(oneError(r)).toBe("slimstage: error: out already exists: pass --force to replace it");
    }
    expect(readFileSync(join(dir, "out"), "utf8")).toBe("mine\n");
    chmodSync(join(dir, "out"), 0o640);
    const forced = slimstage(["convert", "-o", "out", "--force"], { cwd: dir });
    expect(forced.code).toBe(0);
    expect(readFileSync(join(dir, "out"), "utf8")).toContain("FROM python:3.11-slim\n");
    expect(execFileSync("stat", ["-c", "%a", join(dir, "out")], { encoding: "utf8" }).trim()).toBe("640");
    expect(leftovers(dir)).toEqual([]);
  });

  it("a dangling symlink is not written through", () => {
    const dir = project({ Dockerfile: CONVERTS });
    symlinkSync(join(dir, "missing", "x"), join(dir, "dangling"));
    const r = slimstage(["convert", "-o", "dangling"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(oneError(r)).toBe("slimstage: error: dangling: is a symbolic link to a missing file; slimstage does not create files through dangling links");
  });

  it("--write keeps a byte-for-byte .orig (BOM and all) and never rewrites text it could not decode", () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(CONVERTS.replace("FROM python:3.11\n", "FROM python:3.11\n# café ✓ 🚀\n"))]);
    const dir = project({ Dockerfile: bytes });
    const r = slimstage(["convert", "--write"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, "Dockerfile.orig")).equals(bytes)).toBe(true);
    expect(readFileSync(join(dir, "Dockerfile"), "utf8")).toContain("# café ✓ 🚀\n");

    const latin1 = Buffer.from("FROM python:3.11\n# caf\xe9\nRUN apt-get update && apt-get install -y gcc\n", "latin1");
    const dir2 = project({ Dockerfile: latin1 });
    const bad = slimstage(["convert", "--write"], { cwd: dir2 });
    expect(bad.code).toBe(2);
    expect(oneError(bad)).toBe(
      "Dockerfile:2:6: error: not valid UTF-8 (byte 0xE9); slimstage reads text as UTF-8: convert the file (e.g. iconv -f latin1 -t utf-8)",
    );
    expect(readFileSync(join(dir2, "Dockerfile")).equals(latin1)).toBe(true);
    expect(readdirSync(dir2)).toEqual(["Dockerfile"]);
  });

  it("says a UTF-16 file is UTF-16, with or without a byte order mark", () => {
    const withBom = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(CONVERTS, "utf16le")]);
    const dir = project({
      le: withBom,
      be: Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(CONVERTS, "utf16le").swap16()]),
      bare: Buffer.from(CONVERTS, "utf16le"),
    });
    expect(oneError(slimstage(["parse", "le"], { cwd: dir }))).toBe(
      "le:1:1: error: the file is UTF-16 (byte order mark FF FE, little-endian); save it as UTF-8",
    );
    expect(oneError(slimstage(["convert", "be"], { cwd: dir }))).toBe(
      "be:1:1: error: the file is UTF-16 (byte order mark FE FF, big-endian); save it as UTF-8",
    );
    expect(oneError(slimstage(["analyze", "bare"], { cwd: dir }))).toBe(
      "bare:1:2: error: the file looks like UTF-16 without a byte order mark (NUL bytes); save it as UTF-8",
    );
  });

  it("convert -o writes the input unchanged when there is nothing to gain; --write leaves it alone", () => {
    const dir = project({ Dockerfile: NOTHING });
    const r = slimstage(["convert", "-o", "Dockerfile.multi"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("wrote Dockerfile.multi (the input unchanged: there is nothing to gain)\n");
    expect(readFileSync(join(dir, "Dockerfile.multi"), "utf8")).toBe(NOTHING);
    const w = slimstage(["convert", "--write"], { cwd: dir });
    expect(w.code).toBe(0);
    expect(w.stderr).toContain("Dockerfile is unchanged: there is nothing to gain\n");
    expect(readdirSync(dir).sort()).toEqual(["Dockerfile", "Dockerfile.multi"]);
  });
});

describeCli("standard output that cannot be written", () => {
  const many = `FROM x\n${"RUN echo hi\n".repeat(50_000)}`;
  const sh = (script: string, dir: string) =>
    spawnSync("sh", ["-c", script], {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1", SLIMSTAGE: `"${process.execPath}" "${join(REPO_ROOT, "bin", "slimstage.js")}"` },
    });

  it("a full device (/dev/full) is one line and exit 1", () => {
    const dir = project({ Dockerfile: many });
    const r = sh('eval "$SLIMSTAGE parse -f json" > /dev/full', dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe("slimstage: error: cannot write to standard output: no space left on device\n");
  });

  it("a closed pipe (| head -1) ends quietly with status 141, as SIGPIPE would", () => {
    const dir = project({ Dockerfile: many });
    const r = sh('eval "$SLIMSTAGE parse -f json" | head -1', dir);
    expect(r.stdout).toBe("{\n");
    expect(r.stderr).toBe("");
    const pipefail = spawnSync("bash", ["-c", 'set -o pipefail; eval "$SLIMSTAGE parse -f json" | head -1 >/dev/null; echo $?'], {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, SLIMSTAGE: `"${process.execPath}" "${join(REPO_ROOT, "bin", "slimstage.js")}"` },
    });
    expect(pipefail.stdout).toBe("141\n");
  });
});

// A real full disk: a tiny tmpfs (needs root and permission to mount; skipped with the reason otherwise).
const mountPoint = tempDir("hostile-io-tmpfs-");
const canMount = (() => {
  if (process.getuid?.() !== 0) return false;
  const r = spawnSync("mount", ["-t", "tmpfs", "-o", "size=48k", "tmpfs", mountPoint]);
  return r.status === 0;
})();

(problem || !canMount ? describe.skip : describe)("a full disk (a 48 KiB tmpfs)", () => {
  afterAll(() => {
    spawnSync("umount", [mountPoint]);
  });

  it("ENOSPC is one line, the original stays byte for byte, no stale .orig or temporary file blocks the retry", () => {
    // 20 KiB of comments: the backup fits, the converted file does not
    const original = CONVERTS.replace("FROM python:3.11\n", `FROM python:3.11\n${"# padding padding padding padding padding padding padding\n".repeat(350)}`);
    writeFileSync(join(mountPoint, "Dockerfile"), original);
    const r = slimstage(["convert", "--write"], { cwd: mountPoint });
    expect(r.code).toBe(1);
    expect(oneError(r)).toBe("slimstage: error: Dockerfile: cannot write: no space left on device");
    expect(readFileSync(join(mountPoint, "Dockerfile"), "utf8")).toBe(original);
    expect(readdirSync(mountPoint)).toEqual(["Dockerfile"]);
    // room again: the same command succeeds
    expect(spawnSync("mount", ["-o", "remount,size=1m", mountPoint]).status).toBe(0);
    const retry = slimstage(["convert", "--write"], { cwd: mountPoint });
    expect(retry.code).toBe(0);
    expect(readFileSync(join(mountPoint, "Dockerfile.orig"), "utf8")).toBe(original);
  });
});
if (!canMount) console.warn("[slimstage tests] skipped the full-disk case: mounting a tmpfs needs root (the injected-failure unit tests still run)");

describeCli("read limits", () => {
  it("a Dockerfile that is a device or a FIFO is refused at once", () => {
    const dir = tempDir();
    execFileSync("mkfifo", [join(dir, "fifo")]);
    expect(oneError(slimstage(["parse", "/dev/zero"]))).toBe("slimstage: error: /dev/zero: is a character device, not a regular file");
    expect(oneError(slimstage(["analyze", "/dev/urandom"]))).toBe("slimstage: error: /dev/urandom: is a character device, not a regular file");
    const fifo = slimstage(["convert", "fifo"], { cwd: dir, timeoutMs: 20_000 });
    expect(fifo.code).toBe(2);
    expect(oneError(fifo)).toBe("slimstage: error: fifo: is a pipe (FIFO), not a regular file");
  });

  it("standard input from /dev/zero stops at the limit with bounded memory", () => {
    const zero = openSync("/dev/zero", "r");
    try {
      const r = slimstage(["parse", "-", "--max-input-size", "8M"], { stdinFd: zero, memory: true, timeoutMs: 30_000 });
      expect(r.code).toBe(2);
      expect(oneError(r)).toBe("slimstage: error: <stdin>: larger than the input limit of 8M (raise it with --max-input-size or SLIMSTAGE_MAX_INPUT_SIZE)");
      if (r.peakMiB !== undefined) expect(r.peakMiB).toBeLessThan(200);
      const dflt = slimstage(["graph", "-"], { stdinFd: zero, memory: true, timeoutMs: 30_000 });
      expect(oneError(dflt)).toBe("slimstage: error: <stdin>: larger than the input limit of 64M (raise it with --max-input-size or SLIMSTAGE_MAX_INPUT_SIZE)");
      if (dflt.peakMiB !== undefined) expect(dflt.peakMiB).toBeLessThan(300);
    } finally {
      closeSync(zero);
    }
  });

  it("the limit applies to files, comes from --max-input-size or SLIMSTAGE_MAX_INPUT_SIZE, and is itself bounded", () => {
    const dir = project({ Dockerfile: `FROM x\n${"# comment\n".repeat(20_000)}` });
    expect(oneError(slimstage(["parse", "--max-input-size", "100K"], { cwd: dir }))).toBe(
      "slimstage: error: Dockerfile: larger than the input limit of 100K (raise it with --max-input-size or SLIMSTAGE_MAX_INPUT_SIZE)",
    );
    expect(slimstage(["parse", "--max-input-size", "1M"], { cwd: dir }).code).toBe(0);
    expect(oneError(slimstage(["parse"], { cwd: dir, env: { SLIMSTAGE_MAX_INPUT_SIZE: "64K" } }))).toMatch(/larger than the input limit of 64K/);
    expect(oneError(slimstage(["parse", "--max-input-size", "1e9"], { cwd: dir }))).toBe(
      'slimstage: error: --max-input-size: expected a size such as 64M, 1G or 1048576, got "1e9"',
    );
    expect(oneError(slimstage(["parse", "--max-input-size", "0"], { cwd: dir }))).toBe(
      'slimstage: error: --max-input-size: must be between 1 byte and 512M, got "0"',
    );
    expect(oneError(slimstage(["parse", "--max-input-size", "2G"], { cwd: dir }))).toBe(
      'slimstage: error: --max-input-size: must be between 1 byte and 512M, got "2G"',
    );
  });

  it("a probe file that is a device is refused before anything is built", () => {
    const dir = project({ Dockerfile: CONVERTS });
    const r = slimstage(["verify", "--original", "Dockerfile", "--candidate", "Dockerfile", "--probe-file", "/dev/urandom"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(oneError(r)).toBe("slimstage: error: --probe-file /dev/urandom: is a character device, not a regular file");
  });

  it("a context file linked to /dev/zero, or a FIFO, is not read (no hang, bounded memory)", () => {
    const node = 'FROM node:18\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nCMD ["node", "server.js"]\n';
    const dir = project({ Dockerfile: node });
    symlinkSync("/dev/zero", join(dir, "package.json"));
    const r = slimstage(["convert", "--format", "json"], { cwd: dir, memory: true, timeoutMs: 30_000 });
    expect(r.signal).toBeNull();
    expect([0, 3]).toContain(r.code);
    if (r.peakMiB !== undefined) expect(r.peakMiB).toBeLessThan(300);
    const dir2 = project({ Dockerfile: node });
    execFileSync("mkfifo", [join(dir2, "package.json")]);
    const f = slimstage(["convert", "--format", "json"], { cwd: dir2, timeoutMs: 30_000 });
    expect(f.signal).toBeNull();
    expect(f.stdout).toBe(r.stdout);
  });
});

describeCli("the build context is a boundary", () => {
  const rust = 'FROM rust:1.63\nWORKDIR /app\nCOPY . .\nRUN cargo build --release\nCMD ["sh", "-c", "exec app"]\n';
  let outside: string;
  beforeAll(() => {
    outside = tempDir();
    writeFileSync(join(outside, "Cargo.toml"), '[package]\nname = "outside-secret"\n');
  });

  it.each([
    ["an absolute link out of the context", (d: string) => symlinkSync(join(outside, "Cargo.toml"), join(d, "Cargo.toml"))],
    ["a relative link out of the context", (d: string) => symlinkSync(join("..", outside.split("/").at(-1) as string, "Cargo.toml"), join(d, "Cargo.toml"))],
    ["a directory link out of the context", (d: string) => (symlinkSync(outside, join(d, "sub")), symlinkSync("sub/Cargo.toml", join(d, "Cargo.toml")))],
  ])("%s is not followed: the outside file never reaches the output", (_what, link) => {
    const dir = project({ Dockerfile: rust });
    link(dir);
    const r = slimstage(["convert", "--format", "json"], { cwd: dir });
    expect(r.code).toBe(3);
    expect(r.stdout + r.stderr).not.toContain("outside-secret");
    expect(r.stderr).toContain("the name of the binary cargo builds is not known");
  });

  it("links inside the context resolve as BuildKit resolves them: an absolute target is relative to the context", () => {
    const dir = project({ Dockerfile: rust, "real/Cargo.toml": '[package]\nname = "inside"\n' });
    symlinkSync("/real/Cargo.toml", join(dir, "Cargo.toml"));
    const r = slimstage(["convert"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("COPY --from=builder /app/target/release/inside /app/target/release/inside\n");
  });

  it("an entrypoint script linked out of the context does not decide the final stage's packages", () => {
    const df = 'FROM python:3.11\nRUN apt-get update && apt-get install -y gcc\nRUN pip install flask\nCOPY entry.sh /entry.sh\nENTRYPOINT ["/entry.sh"]\n';
    writeFileSync(join(outside, "entry.sh"), "#!/bin/sh\ncurl -s http://example.com\nexec python app.py\n");
    const inside = project({ Dockerfile: df, "entry.sh": "#!/bin/sh\ncurl -s http://example.com\nexec python app.py\n" });
    const linked = project({ Dockerfile: df });
    symlinkSync(join(outside, "entry.sh"), join(linked, "entry.sh"));
    const a = slimstage(["convert"], { cwd: inside });
    const b = slimstage(["convert"], { cwd: linked });
    expect(a.code).toBe(0);
    expect(b.code).toBe(0);
    expect(a.stdout).toContain("curl");
    expect(b.stdout).not.toContain("curl");
  });

  it("control characters from a Dockerfile or a file name never reach the terminal raw", () => {
    const dir = project({ "Docker\nfile": "FROM x\n\x1b]0;pwned\x07RUN x\n", evil: "FROM x\nRUN a\n\x1b[2J\x1b[31mBAD x\n" });
    const named = slimstage(["graph", "Docker\nfile"], { cwd: dir });
    expect(named.code).toBe(2);
    expect(oneError(named)).toBe("Docker\\nfile:2:1: error: unknown instruction: \\x1b]0;pwned\\x07RUN");
    const colour = slimstage(["analyze", "evil"], { cwd: dir });
    expect(colour.code).toBe(2);
    expect(oneError(colour)).toMatch(/^evil:3:1: error: unknown instruction: \\x1b\[2J\\x1b\[31mBAD/);
    const missing = slimstage(["parse", "no\x1b[31mfile"], { cwd: dir });
    expect(oneError(missing)).toBe("slimstage: error: no\\x1b[31mfile: cannot read: no such file");
    const unknown = slimstage(["\x1b[31mparse"], { cwd: dir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).not.toContain("\x1b");
  });
});

describeCli("arguments are checked once, the same way everywhere", () => {
  it("--runtime-base must be an image reference: no injected line, no malformed FROM", () => {
    const dir = project({ Dockerfile: CONVERTS });
    const injected = slimstage(["convert", "--runtime-base", "img\nRUN rm -rf /", "-o", "out"], { cwd: dir });
    expect(injected.code).toBe(2);
    expect(oneError(injected)).toBe(
      'slimstage: error: --runtime-base: "img\\nRUN rm -rf /" is not a valid image reference (expected NAME[:TAG][@DIGEST], e.g. python:3.11-slim)',
    );
    const malformed = slimstage(["convert", "--runtime-base", "NOT A VALID:REF:::"], { cwd: dir });
    expect(oneError(malformed)).toBe(
      'slimstage: error: --runtime-base: "NOT A VALID:REF:::" is not a valid image reference (expected NAME[:TAG][@DIGEST], e.g. python:3.11-slim)',
    );
    expect(existsSync(join(dir, "out"))).toBe(false);
    const good = slimstage(["convert", "--runtime-base", "registry.local:5000/team/python:3.11-slim"], { cwd: dir });
    expect(good.code).toBe(0);
    expect(good.stdout).toContain("\nFROM registry.local:5000/team/python:3.11-slim\n");
  });

  it("--build-arg: a bare NAME comes from the environment; an empty argument or name is an error in every command", () => {
    const dir = project({ Dockerfile: 'ARG TAG=default\nFROM debian:$TAG\nCMD ["bash"]\n' });
    const fromEnv = slimstage(["graph", "-f", "json", "--build-arg", "TAG"], { cwd: dir, env: { TAG: "bookworm" } });
    expect(fromEnv.code).toBe(0);
    expect(JSON.parse(fromEnv.stdout).stages[0].base).toMatchObject({ ref: "debian:bookworm" });
    const unset = slimstage(["graph", "-f", "json", "--build-arg", "TAG"], { cwd: dir });
    expect(JSON.parse(unset.stdout).stages[0].base).toMatchObject({ ref: "debian:default" });
    for (const cmd of ["graph", "analyze", "convert", "build"]) {
      expect(oneError(slimstage([cmd, "--build-arg", ""], { cwd: dir }))).toBe(
        "slimstage: error: --build-arg: expected KEY=VALUE or KEY, got an empty argument",
      );
      expect(oneError(slimstage([cmd, "--build-arg", "="], { cwd: dir }))).toBe('slimstage: error: --build-arg "=": the name before "=" is empty');
      expect(oneError(slimstage([cmd, "--build-arg", "=x"], { cwd: dir }))).toBe('slimstage: error: --build-arg "=x": the name before "=" is empty');
    }
  });

  it("--platform garbage fails in graph, build and verify alike", () => {
    const dir = project({ Dockerfile: CONVERTS });
    const line =
      'slimstage: error: --platform: "garbage" is not a platform: unknown operating system or architecture (expected OS/ARCH[/VARIANT], e.g. linux/amd64)';
    expect(oneError(slimstage(["graph", "--platform", "garbage"], { cwd: dir }))).toBe(line);
    expect(oneError(slimstage(["build", "--platform", "garbage"], { cwd: dir }))).toBe(line);
    expect(oneError(slimstage(["verify", "--original", "Dockerfile", "--candidate", "Dockerfile", "--platform", "garbage"], { cwd: dir }))).toBe(line);
    const ok = slimstage(["graph", "-f", "json", "--platform", "linux/arm64"], { cwd: dir });
    expect(ok.code).toBe(0);
  });

  it("--allow-config is checked by convert --verify as by verify, before the engine is asked", () => {
    const dir = project({ Dockerfile: CONVERTS });
    const a = slimstage(["convert", "--verify", "--allow-config", "BOGUS"], { cwd: dir });
    const b = slimstage(["verify", "--original", "Dockerfile", "--candidate", "Dockerfile", "--allow-config", "BOGUS"], { cwd: dir });
    expect(a.code).toBe(2);
    expect(oneError(a)).toMatch(/^slimstage: error: --allow-config: /);
    expect(oneError(a)).toBe(oneError(b));
  });

  it("numbers are bounded: default:1e9, --top 1e300, --timeout 1e300", () => {
    const dir = project({ Dockerfile: CONVERTS, "image.tar": "x" });
    expect(oneError(slimstage(["verify", "--original", "Dockerfile", "--candidate", "Dockerfile", "--probe", "default:1e9"], { cwd: dir }))).toBe(
      'slimstage: error: --probe: SECONDS must be a positive number, at most 86400 in probe "default:1e9" (expected default[:SECONDS], http:PORT[/PATH], healthcheck or cmd:COMMAND)',
    );
    expect(oneError(slimstage(["inspect", "--tar", "image.tar", "--top", "1e300"], { cwd: dir }))).toBe(
      'slimstage: error: --top must be at most 10000, got "1e300"',
    );
    expect(oneError(slimstage(["verify", "--original", "Dockerfile", "--candidate", "Dockerfile", "--timeout", "1e300"], { cwd: dir }))).toBe(
      'slimstage: error: --timeout must be at most 86400 seconds, got "1e300"',
    );
  });

  it("verify --original - --candidate - says why it cannot read standard input twice", () => {
    const r = slimstage(["verify", "--original", "-", "--candidate", "-"], { input: CONVERTS });
    expect(r.code).toBe(2);
    expect(oneError(r)).toBe(
      "slimstage: error: --original and --candidate cannot both be - : standard input can be read only once; give one of them as a file",
    );
  });

  it("analyze exits 0 with findings, as the README says (the verdict is in the report)", () => {
    const dir = project({ Dockerfile: CONVERTS });
    const r = slimstage(["analyze"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("the final stage ships 2 build-only package(s): gcc, libpq-dev");
    const readme = readFileSync(join(REPO_ROOT, "README.md"), "utf8");
    expect(readme).toContain("`analyze` reports findings in its output and exits 0");
  });
});
