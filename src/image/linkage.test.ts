import { describe, expect, it } from "vitest";
import { makeElf } from "./testdata/helpers.js";
import { bufferSource, parseElf, type ElfInfo } from "./elf.js";
import { ldSoConfDirs, resolveLinkage } from "./linkage.js";
import { applyLayers } from "./tree.js";
import type { FileEntry, LayerScan } from "./types.js";

function layer(entries: Partial<FileEntry>[], files: Record<string, string> = {}, elf: Record<string, ElfInfo> = {}): LayerScan {
  return {
    entries: entries.map((e) => ({ type: "file", size: 1, mode: 0o644, uid: 0, gid: 0, path: "", ...e })),
    whiteouts: [],
    opaqueDirs: [],
    compression: "none",
    tarBytes: 0,
    contentBytes: 0,
    elf: new Map(Object.entries(elf)),
    captured: new Map(Object.entries(files).map(([k, v]) => [k, Buffer.from(v)])),
    captureSkipped: [],
  };
}
const elf = (spec: Parameters<typeof makeElf>[0]) => parseElf(bufferSource(makeElf(spec))) as ElfInfo;

describe("ldSoConfDirs", () => {
  it("follows include globs in order and ignores comments and hwcap", () => {
    const files: Record<string, string> = {
      "etc/ld.so.conf": "include /etc/ld.so.conf.d/*.conf\n/opt/extra # trailing comment\n",
      "etc/ld.so.conf.d/b.conf": "# b\n/usr/local/lib\nhwcap 0 foo\n",
      "etc/ld.so.conf.d/a.conf": "/opt/a/lib:/opt/a/lib64\n",
    };
    const { tree } = applyLayers([
      layer(
        Object.keys(files).map((path) => ({ path })),
        files,
      ),
    ]);
    expect(ldSoConfDirs(tree, (p) => files[p])).toEqual(["opt/a/lib", "opt/a/lib64", "usr/local/lib", "opt/extra"]);
  });
});

describe("resolveLinkage", () => {
  const app = elf({
    bits: 64,
    le: true,
    interp: "/lib64/ld-linux-x86-64.so.2",
    needed: ["libgood.so.1", "libconf.so.2", "libenv.so", "libwrong.so.1", "libmissing.so.9"],
  });
  const lib32 = elf({ bits: 32, le: true, soname: "libwrong.so.1" });
  const lib64 = elf({ bits: 64, le: true, soname: "libwrong.so.1" });
  const files = { "etc/ld.so.conf": "/opt/conf\n" };
  const scan = layer(
    [
      { path: "usr/bin/app" },
      { path: "lib", type: "symlink", linkTarget: "usr/lib", size: 0 },
      { path: "usr/lib/x86_64-linux-gnu/libgood.so.1.0.0" },
      { path: "usr/lib/x86_64-linux-gnu/libgood.so.1", type: "symlink", linkTarget: "libgood.so.1.0.0", size: 0 },
      { path: "opt/conf/libconf.so.2" },
      { path: "srv/env/libenv.so" },
      // A 32-bit library first in the search order must be skipped for the 64-bit one.
      { path: "opt/conf/libwrong.so.1" },
      { path: "usr/lib/libwrong.so.1" },
      { path: "etc/ld.so.conf" },
    ],
    files,
    { "usr/bin/app": app, "opt/conf/libwrong.so.1": lib32, "usr/lib/libwrong.so.1": lib64 },
  );
  const { tree } = applyLayers([scan]);
  const report = resolveLinkage(tree, [["usr/bin/app", app]], {
    read: (p) => (files as Record<string, string>)[p],
    elfAt: (p) => scan.elf.get(p),
    ldLibraryPath: "/srv/env",
  });
  it("follows LD_LIBRARY_PATH, ld.so.conf, multiarch dirs and symlinks; skips wrong-class libraries", () => {
    expect(report.files[0]?.libraries).toEqual([
      // /lib/<multiarch> comes first in the search order; /lib is a symlink to usr/lib here.
      { name: "libgood.so.1", path: "lib/x86_64-linux-gnu/libgood.so.1" },
      { name: "libconf.so.2", path: "opt/conf/libconf.so.2" },
      { name: "libenv.so", path: "srv/env/libenv.so" },
      { name: "libwrong.so.1", path: "lib/libwrong.so.1" },
      { name: "libmissing.so.9", path: null },
    ]);
    expect(report.unresolved.map((f) => f.unresolved)).toEqual([["libmissing.so.9"]]);
  });
  it("musl objects use /etc/ld-musl-ARCH.path, not ld.so.conf", () => {
    const m = elf({ bits: 64, le: true, interp: "/lib/ld-musl-x86_64.so.1", needed: ["libconf.so.2", "libp.so"] });
    const mf = { "etc/ld-musl-x86_64.path": "/opt/p\n" };
    const s = layer([{ path: "bin/m" }, { path: "opt/conf/libconf.so.2" }, { path: "opt/p/libp.so" }, { path: "etc/ld-musl-x86_64.path" }], mf);
    const t = applyLayers([s]).tree;
    const r = resolveLinkage(t, [["bin/m", m]], { read: (p) => (mf as Record<string, string>)[p], elfAt: () => undefined });
    expect(r.files[0]?.unresolved).toEqual(["libconf.so.2"]);
  });
  it("a JDK library's libjvm.so is the one the java launcher loaded from lib/<vm>/, and only that name", () => {
    const lib = elf({ bits: 64, le: true, needed: ["libjvm.so", "libother.so"], rpath: "$ORIGIN" });
    const home = "usr/lib/jvm/java-17";
    const s = layer([{ path: `${home}/lib/libjava.so` }, { path: `${home}/lib/server/libjvm.so` }, { path: `${home}/lib/server/libother.so` }]);
    const t = applyLayers([s]).tree;
    const r = resolveLinkage(t, [[`${home}/lib/libjava.so`, lib]], { read: () => undefined, elfAt: () => undefined });
    expect(r.files[0]?.libraries).toEqual([
      { name: "libjvm.so", path: `${home}/lib/server/libjvm.so` },
      { name: "libother.so", path: null },
    ]);
    // without lib/server/libjvm.so the JDK is broken, and the finding stays
    const broken = applyLayers([layer([{ path: `${home}/lib/libjava.so` }])]).tree;
    expect(resolveLinkage(broken, [[`${home}/lib/libjava.so`, lib]], { read: () => undefined, elfAt: () => undefined }).files[0]?.unresolved).toEqual([
      "libjvm.so",
      "libother.so",
    ]);
  });
});
