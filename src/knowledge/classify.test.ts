// One classification for every layer. The first table is every name on which the two former deciders disagreed
// (src/knowledge's classifyPackage and verify's own name rules), found by running both over every package of
// Debian bookworm and trixie main (amd64 Packages, 63,436 and 68,824 names): 48 and 64 names, decided here with
// the archive data as the reference (docs/knowledge.md, "One classification").
import { describe, expect, it } from "vitest";
import { isBuildOnlyByName } from "../../scripts/knowledge/derive.mjs";
import { buildOnlyReason, classify } from "./classify.js";
import { isDebianBuildOnlyName, loadDebianData } from "./debian.js";
import type { PackageClass } from "./index.js";

type Case = [name: string, bookworm: PackageClass | undefined, trixie: PackageClass | undefined, why: string];

// undefined: the package does not exist in that release
const DISAGREEMENTS: Case[] = [
  // verify's rules said build-only, the data said no; the data is right
  ["binutils-common", "other", "other", "a dependency of libbinutils/libctf0 (shared libraries): in every image that has them"],
  ["binutils-doc", "other", "other", "documentation"],
  ["binutils-x86-64-linux-gnu-dbg", "other", "other", "debug symbols (all 84 binutils-*-dbg names alike)"],
  ["binutils-gold-x86-64-linux-gnu-dbg", undefined, "other", "debug symbols"],
  ["binutils-dbg", undefined, "other", "debug symbols"],
  ["binutils-multiarch", "runtime-library", "runtime-library", "ships libctf-multiarch.so.0 in the loader path (a soname home)"],
  ["fakeroot", "other", "other", "Section utils, not in build-essential's closure; also runs outside builds"],
  ["node-on-headers", "other", "other", "a Node.js module, not C headers"],
  ["python3-django-cors-headers", "other", "other", "a Django app a running service imports"],
  ["ruby-secure-headers", "other", "other", "a Ruby gem"],
  ["libqglviewer-headers", "other", "other", "Section doc: the data does not call it build-only"],
  ["vkroots-headers", undefined, "other", "Section games"],
  // verify's rules said build-only and the data missed them: the name rule shared by loader and generator now says so
  ["cpp-11", "build-only", undefined, "a C preprocessor; Section interpreters, so only the default cpp-N reached the data"],
  ["cpp-12", "build-only", "build-only", "in bookworm's data through build-essential, missing from trixie's"],
  ["cpp-13", undefined, "build-only", "as cpp-12"],
  ["binutils-i686-gnu", "build-only", "build-only", "a cross toolchain (GNU/Hurd target), like *-linux-gnu"],
  ["binutils-x86-64-gnu", undefined, "build-only", "a cross toolchain (GNU/Hurd target)"],
  ["binutils-i686-kfreebsd-gnu", "build-only", undefined, "a cross toolchain (kFreeBSD target)"],
  ["binutils-x86-64-kfreebsd-gnu", "build-only", undefined, "a cross toolchain (kFreeBSD target)"],
  ["graphicsmagick-libmagick-dev-compat", "build-only", "build-only", "headers and .so links, like libmariadb-dev-compat"],
];

describe("classify: the former disagreements, decided", () => {
  for (const [name, bookworm, trixie, why] of DISAGREEMENTS) {
    it(`${name}: ${why}`, () => {
      if (bookworm) expect(classify(name, "debian", { release: "bookworm" }).class).toBe(bookworm);
      if (trixie) expect(classify(name, "debian", { release: "trixie" }).class).toBe(trixie);
    });
  }

  it("does not widen the -gnu rule to names that merely end in -gnu", () => {
    expect(classify("lua-rex-gnu").class).toBe("runtime-library");
    expect(classify("pinball-table-gnu").class).toBe("other");
  });
});

describe("classify", () => {
  it("gives the report's reason for build-only packages only", () => {
    expect(classify("gcc-12")).toEqual({ class: "build-only", reason: "compiler" });
    expect(classify("cpp-12")).toEqual({ class: "build-only", reason: "compiler" });
    expect(classify("default-libmysqlclient-dev")).toEqual({ class: "build-only", reason: "headers" });
    expect(classify("libpq-dev=15.*")).toEqual({ class: "build-only", reason: "headers" });
    expect(classify("pkg-config")).toEqual({ class: "build-only", reason: "build tool" });
    expect(classify("binutils-x86-64-linux-gnu")).toEqual({ class: "build-only", reason: "build tool" });
    expect(classify("golang-1.19-go")).toEqual({ class: "build-only", reason: "toolchain" });
    expect(classify("openjdk-17-jdk-headless")).toEqual({ class: "build-only", reason: "toolchain" });
    expect(classify("git")).toEqual({ class: "build-only", reason: "version control" });
    expect(classify("dpkg-dev").reason).toBe("build tool");
    expect(classify("java-17-openjdk-devel", "redhat").reason).toBe("toolchain");
    // in the data's list (Section devel) with no more specific word
    expect(classify("manpages-dev").reason).toBe("headers");
    expect(classify("quilt")).toEqual({ class: "build-only", reason: "build-only package" });
    expect(classify("libmariadb3")).toEqual({ class: "runtime-library" });
    expect(classify("python3")).toEqual({ class: "other" });
    // the support packages of shared libraries stay out, though toolchains bring them in
    expect(classify("gcc-12-base").class).toBe("other");
    expect(classify("libtirpc-common").class).toBe("other");
    expect(classify("libgomp1").class).toBe("runtime-library");
  });

  it("describes, never decides", () => {
    expect(buildOnlyReason("node-on-headers")).toBe("headers");
    expect(classify("node-on-headers").reason).toBeUndefined();
  });

  it("reads Ubuntu names with the Debian data and Alpine/Red Hat names with the hand tables", () => {
    expect(classify("libpq-dev", "ubuntu").class).toBe("build-only");
    expect(classify("build-base", "alpine")).toEqual({ class: "build-only", reason: "build tool" });
    expect(classify("musl-dev", "alpine")).toEqual({ class: "build-only", reason: "headers" });
    expect(classify("gcc-c++", "redhat")).toEqual({ class: "build-only", reason: "compiler" });
    expect(classify("libpq", "redhat").class).toBe("runtime-library");
  });

  it("decides the Alpine names verify's rules used to catch in the Alpine table", () => {
    for (const p of ["alpine-sdk", "gfortran", "lld", "clang17", "llvm17", "gperf", "fakeroot", "openjdk17-jdk"]) {
      expect(classify(p, "alpine").class, p).toBe("build-only");
    }
    expect(classify("llvm17-libs", "alpine").class).toBe("runtime-library");
    expect(classify("openjdk17-jre", "alpine").class).toBe("other");
  });
});

describe("the name rule is the generator's", () => {
  it("matches scripts/knowledge/derive.mjs on every listed name and the edge cases", () => {
    const data = loadDebianData("trixie");
    const names = [...data.buildOnly, ...data.libraries, ...DISAGREEMENTS.map(([n]) => n), "lua-rex-gnu", "gcc-12-x86-64-linux-gnux32", "g++-mingw-w64"];
    for (const n of names) expect(isDebianBuildOnlyName(n), n).toBe(isBuildOnlyByName(n));
  });
});
