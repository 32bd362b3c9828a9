import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bufferSource, ElfCollector, parseElf } from "./elf.js";
import { makeElf } from "./testdata/helpers.js";

const hasReadelf = spawnSync("readelf", ["--version"]).status === 0;

/** What `readelf` says about a file: the independent reference for these tests. */
function readelf(path: string) {
  const dyn = execFileSync("readelf", ["-W", "-d", path], { encoding: "utf8" });
  const seg = execFileSync("readelf", ["-W", "-l", path], { encoding: "utf8" });
  const pick = (kind: string) => [...dyn.matchAll(new RegExp(`\\(${kind}\\)\\s+[^\\[]*\\[([^\\]]*)\\]`, "g"))].map((m) => m[1] as string);
  const interp = /Requesting program interpreter: ([^\]]+)\]/.exec(seg)?.[1];
  return {
    needed: pick("NEEDED"),
    soname: pick("SONAME")[0],
    runpath: pick("RUNPATH").flatMap((r) => r.split(":")),
    rpath: pick("RPATH").flatMap((r) => r.split(":")),
    interpreter: interp,
    dynamic: !/There is no dynamic section/.test(dyn),
  };
}

function expectMatchesReadelf(path: string, bytes: Buffer = readFileSync(path)) {
  const info = parseElf(bufferSource(bytes));
  const ref = readelf(path);
  expect(info, path).toBeDefined();
  expect(info?.complete, `${path}: ${info?.problem}`).toBe(true);
  expect(info?.needed).toEqual(ref.needed);
  expect(info?.soname).toEqual(ref.soname);
  expect(info?.runpath).toEqual(ref.runpath);
  expect(info?.rpath).toEqual(ref.rpath);
  expect(info?.interpreter).toEqual(ref.interpreter);
  expect(info?.static).toBe(!ref.dynamic);
  return info;
}

/** Feeds a file to the collector in uneven chunks, as a tar stream would. */
function collect(bytes: Buffer, windowBytes?: number, chunk = 7919) {
  const c = new ElfCollector(bytes.length, windowBytes !== undefined ? { windowBytes } : {});
  for (let o = 0; o < bytes.length; o += chunk) c.push(bytes.subarray(o, Math.min(bytes.length, o + chunk)));
  return c.result();
}

const realFiles = (() => {
  const out = ["/bin/ls", "/usr/bin/node", "/lib/x86_64-linux-gnu/libc.so.6", "/lib/x86_64-linux-gnu/libstdc++.so.6"];
  for (const d of readdirSync("/usr/lib").filter((n) => /^python3\.\d+$/.test(n))) {
    const dir = `/usr/lib/${d}/lib-dynload`;
    if (existsSync(dir))
      out.push(
        ...readdirSync(dir)
          .filter((n) => n.endsWith(".so"))
          .slice(0, 6)
          .map((n) => `${dir}/${n}`),
      );
  }
  return out.filter((p) => existsSync(p));
})();

describe.skipIf(!hasReadelf)("parseElf on this machine's binaries, checked against readelf", () => {
  it("has real binaries to check", () => {
    expect(realFiles.length).toBeGreaterThan(4);
  });
  for (const path of realFiles) {
    it(path, () => {
      const info = expectMatchesReadelf(path);
      expect(info?.bits).toBe(64);
      expect(info?.endian).toBe("le");
    });
  }

  it("classifies executables, PIEs and libraries", () => {
    const ls = parseElf(bufferSource(readFileSync("/bin/ls")));
    expect(ls?.type).toBe("shared");
    expect(ls?.pie).toBe(true);
    expect(ls?.interpreter).toMatch(/ld-linux-x86-64\.so\.2$/);
    const py = realFiles.find((p) => p.includes("lib-dynload"));
    if (py) {
      const mod = parseElf(bufferSource(readFileSync(py)));
      expect(mod?.pie).toBe(false);
      expect(mod?.interpreter).toBeUndefined();
    }
  });

  it("streams: chunked input gives the same result as the whole file", () => {
    for (const path of realFiles.slice(0, 4)) {
      const bytes = readFileSync(path);
      expect(collect(bytes), path).toEqual(parseElf(bufferSource(bytes)));
    }
  });

  it("streams past a small window: .dynamic is captured beyond it, .dynstr inside it", () => {
    const bytes = readFileSync("/bin/ls");
    // /bin/ls keeps .dynstr in its first pages and .dynamic near the end of the file.
    const info = collect(bytes, 64 * 1024, 4096);
    expect(info?.complete).toBe(true);
    expect(info?.needed).toEqual(readelf("/bin/ls").needed);
  });

  it("reports, does not guess, when the string table lies behind a too-small window", () => {
    const bytes = readFileSync("/bin/ls");
    const info = collect(bytes, 4096, 4096);
    expect(info?.complete).toBe(false);
    expect(info?.problem).toMatch(/not available.*only the first 4096 are kept/);
    expect(info?.needed).toEqual([]);
  });
});

// Real foreign binaries (Debian's cross/multilib libc packages), when installed.
const foreign = [
  { path: "/usr/s390x-linux-gnu/lib/libc.so.6", bits: 64, endian: "be" },
  { path: "/usr/powerpc-linux-gnu/lib/libc.so.6", bits: 32, endian: "be" },
  { path: "/usr/lib32/libc.so.6", bits: 32, endian: "le" },
] as const;
for (const f of foreign) {
  const present = hasReadelf && existsSync(f.path);
  if (!present) console.warn(`[slimstage tests] skipped ELF check of ${f.path}: not installed`);
  describe.skipIf(!present)(`parseElf on ${f.path} (ELF${f.bits} ${f.endian})`, () => {
    it("matches readelf", () => {
      const info = expectMatchesReadelf(f.path);
      expect(info?.bits).toBe(f.bits);
      expect(info?.endian).toBe(f.endian);
      expect(collect(readFileSync(f.path))).toEqual(info);
    });
  });
}

describe.skipIf(!hasReadelf)("parseElf on generated ELF32/ELF64 × LE/BE files, checked against readelf", () => {
  const dir = mkdtempSync(join(tmpdir(), "slimstage-elf-"));
  const specs = [
    { bits: 64, le: true, machine: 62 },
    { bits: 64, le: false, machine: 22 },
    { bits: 32, le: true, machine: 3 },
    { bits: 32, le: false, machine: 20 },
  ] as const;
  for (const s of specs) {
    it(`ELF${s.bits} ${s.le ? "LE" : "BE"}`, () => {
      const bytes = makeElf({
        ...s,
        interp: "/lib/ld-test.so.1",
        needed: ["libfoo.so.1", "libbar.so.2"],
        soname: "libself.so.3",
        runpath: "$ORIGIN/../lib:/opt/x",
      });
      const path = join(dir, `t${s.bits}${s.le ? "le" : "be"}.so`);
      writeFileSync(path, bytes);
      const info = expectMatchesReadelf(path, bytes);
      expect(info).toMatchObject({
        bits: s.bits,
        endian: s.le ? "le" : "be",
        needed: ["libfoo.so.1", "libbar.so.2"],
        soname: "libself.so.3",
        runpath: ["$ORIGIN/../lib", "/opt/x"],
        interpreter: "/lib/ld-test.so.1",
      });
    });
  }

  it("RPATH without RUNPATH", () => {
    const bytes = makeElf({ bits: 64, le: true, needed: ["liba.so"], rpath: "/r1:/r2" });
    const path = join(dir, "rpath.so");
    writeFileSync(path, bytes);
    expect(expectMatchesReadelf(path, bytes)?.rpath).toEqual(["/r1", "/r2"]);
  });
});

describe("parseElf on malformed input", () => {
  it("is undefined for non-ELF bytes", () => {
    expect(parseElf(bufferSource(Buffer.from("#!/bin/sh\necho hi\n")))).toBeUndefined();
  });
  it("reports a truncated file instead of throwing", () => {
    const full = makeElf({ bits: 64, le: true, needed: ["liba.so"] });
    for (const n of [10, 60, 100, full.length - 5]) {
      const info = parseElf(bufferSource(full.subarray(0, n)));
      expect(info?.complete, `cut at ${n}`).toBe(false);
      expect(info?.problem).toBeTruthy();
    }
  });
  it("reports string offsets outside the string table", () => {
    const bytes = makeElf({ bits: 32, le: true, needed: ["liba.so"] });
    // Corrupt DT_NEEDED's value (first dynamic entry, after the string table).
    const dynOff = bytes.length - 3 * 8 - 8;
    bytes.writeUInt32LE(0xffff, dynOff + 4);
    const info = parseElf(bufferSource(bytes));
    expect(info?.complete).toBe(false);
    expect(info?.problem).toMatch(/outside the string table/);
  });
  it("handles a gap between string table and dynamic section in the collector", () => {
    const bytes = makeElf({ bits: 64, le: false, needed: ["libgap.so"], gap: 100_000 });
    expect(collect(bytes, 50_000, 1000)?.needed).toEqual(["libgap.so"]);
    // A window below one page is raised to a page, so headers always fit.
    expect(collect(bytes, 16, 1000)?.needed).toEqual(["libgap.so"]);
  });
});
