// The generator's derivation rules on small synthetic archives, so each rule is checked in isolation.
import { describe, expect, it } from "vitest";
import {
  deriveBuildOnly,
  deriveDevMap,
  deriveSonames,
  indexPackages,
  isBuildOnlyByName,
  libraryPackages,
  parseContentsLine,
  parseRelations,
  parseStanzas,
  policyPackageName,
  sharedObjectName,
  sonamesOf,
  toPackage,
} from "../../scripts/knowledge/derive.mjs";
import { policyPackageName as loaderPolicyName } from "./debian.js";

const archive = (text: string) => indexPackages(parseStanzas(text).map(toPackage));

const ARCHIVE = `
Package: default-libmysqlclient-dev
Source: mysql-defaults
Section: database
Description: MySQL database development files (metapackage)
Depends: libmariadb-dev-compat

Package: libmariadb-dev-compat
Source: mariadb
Section: libdevel
Provides: libmariadbclient-dev-compat
Depends: libmariadb-dev (= 1:10.11.6-0+deb12u1)

Package: libmariadb-dev
Source: mariadb
Section: libdevel
Depends: libmariadb3 (= 1:10.11.6-0+deb12u1), libssl-dev, zlib1g-dev, libc6 (>= 2.34)

Package: libmariadb3
Source: mariadb
Section: libs
Depends: mariadb-common, libc6 (>= 2.34), libssl3 (>= 3.0.0)

Package: libssl-dev
Source: openssl
Section: libdevel
Depends: libssl3 (= 3.0.11-1~deb12u2)

Package: libssl3
Source: openssl
Section: libs

Package: zlib1g-dev
Source: zlib
Section: libdevel
Depends: zlib1g (= 1:1.2.13.dfsg-1), libc6-dev | libc-dev

Package: zlib1g
Source: zlib (1:1.2.13.dfsg-1)
Section: libs

Package: libc6
Source: glibc
Section: libs

Package: libc6-dev
Source: glibc
Section: libdevel
Provides: libc-dev
Depends: libc6 (= 2.36-9), libc-dev-bin (= 2.36-9)

Package: libc-dev-bin
Source: glibc
Section: libdevel

Package: libheaderonly-dev
Source: headeronly
Section: libdevel
Depends: libssl-dev

Package: libghc-foo-dev
Source: haskell-foo
Section: haskell
Depends: libc6 (>= 2.34), libgmp10 (>= 2:5.0.1)

Package: libgmp10
Source: gmp
Section: libs

Package: build-essential
Source: build-essential
Section: devel
Depends: libc6-dev | libc-dev, gcc, make, dpkg-dev, perl

Package: gcc
Source: gcc-defaults
Section: devel
Depends: cpp, libc6

Package: cpp
Source: gcc-defaults
Section: interpreters

Package: make
Source: make-dfsg
Section: devel

Package: dpkg-dev
Source: dpkg
Section: utils
Depends: perl, tar

Package: perl
Source: perl
Section: perl
Priority: standard

Package: tar
Source: tar
Section: utils
Priority: required
Essential: yes

Package: git
Source: git
Section: vcs

Package: curl
Source: curl
Section: web
`;

// default-libmysqlclient-dev ships only its docs; every other package ships something of its own.
const SHIPS_FILES = new Set([
  "libmariadb-dev-compat",
  "libmariadb-dev",
  "libmariadb3",
  "libssl-dev",
  "libssl3",
  "zlib1g-dev",
  "zlib1g",
  "libc6",
  "libc6-dev",
  "libheaderonly-dev",
  "libghc-foo-dev",
]);

describe("parsing", () => {
  it("parses relations into groups of names without versions or qualifiers", () => {
    expect(parseRelations("a (>= 1), b:any | c [amd64], d <!nocheck>")).toEqual([["a"], ["b", "c"], ["d"]]);
    expect(parseRelations(undefined)).toEqual([]);
  });

  it("joins continuation lines and strips the source version", () => {
    const [st] = parseStanzas("Package: x\nSource: y (1.0)\nDescription: one\n two\n");
    expect(st?.Description).toBe("one\ntwo");
    expect(toPackage(st!).source).toBe("y");
  });

  it("splits Contents lines at the last whitespace run", () => {
    expect(parseContentsLine("usr/lib/x86_64-linux-gnu/libpq.so.5    libs/libpq5,oldlibs/libpq5-compat")).toEqual({
      path: "usr/lib/x86_64-linux-gnu/libpq.so.5",
      packages: ["libpq5", "libpq5-compat"],
    });
  });
});

describe("sonames", () => {
  it("accepts only the loader's default directories of the right triplet", () => {
    expect(sharedObjectName("usr/lib/x86_64-linux-gnu/libpq.so.5", "x86_64-linux-gnu")).toBe("libpq.so.5");
    expect(sharedObjectName("lib/x86_64-linux-gnu/libc.so.6", "x86_64-linux-gnu")).toBe("libc.so.6");
    expect(sharedObjectName("usr/lib/aarch64-linux-gnu/libpq.so.5", "x86_64-linux-gnu")).toBeUndefined();
    expect(sharedObjectName("usr/lib/x86_64-linux-gnu/blas/libblas.so.3", "x86_64-linux-gnu")).toBeUndefined();
    expect(sharedObjectName("usr/lib/x86_64-linux-gnu/libtidy.so.5deb1", "x86_64-linux-gnu")).toBe("libtidy.so.5deb1");
    expect(sharedObjectName("usr/lib/x86_64-linux-gnu/libfoo.so.1.hmac", "x86_64-linux-gnu")).toBeUndefined();
  });

  it("keeps the SONAME link and drops longer real-file names", () => {
    expect(sonamesOf(["libpq.so.5.15", "libpq.so.5"])).toEqual(["libpq.so.5"]);
    expect(sonamesOf(["libboost_system.so.1.74.0"])).toEqual(["libboost_system.so.1.74.0"]);
    expect(sonamesOf(["libssl.so.3", "libcrypto.so.3"])).toEqual(["libcrypto.so.3", "libssl.so.3"]);
  });

  it("never homes a soname in a -dev package and ranks Section libs first", () => {
    const idx = archive("Package: libfoo1\nSection: libs\n\nPackage: foo-alt\nSection: math\n\nPackage: libfoo-dev\nSection: libdevel\n");
    const map = deriveSonames(
      new Map([
        ["foo-alt", ["libfoo.so.1"]],
        ["libfoo1", ["libfoo.so.1", "libfoo.so.1.2"]],
        ["libfoo-dev", ["libfoo.so"]],
      ]),
      idx,
    );
    expect(map.get("libfoo.so.1")).toEqual(["libfoo1", "foo-alt"]);
    expect(map.has("libfoo.so")).toBe(false);
  });

  it("names library packages after their soname like Debian Policy 8.1, in the generator and the loader alike", () => {
    for (const [so, pkg] of [
      ["libpq.so.5", "libpq5"],
      ["libyaml-0.so.2", "libyaml-0-2"],
      ["libX11.so.6", "libx11-6"],
      ["libboost_system.so.1.74.0", "libboost-system1.74.0"],
    ]) {
      expect(policyPackageName(so!)).toBe(pkg);
      expect(loaderPolicyName(so!)).toBe(pkg);
    }
  });
});

describe("dev → runtime", () => {
  const idx = archive(ARCHIVE);
  const libs = libraryPackages(new Map(), new Set(), idx);
  const { own, linked } = deriveDevMap(idx, libs, SHIPS_FILES);

  it("counts Section libs packages named with a version as libraries", () => {
    expect([...libs].sort()).toEqual(["libc6", "libgmp10", "libmariadb3", "libssl3", "zlib1g"]);
  });

  it("follows metapackages and same-source dev packages to the library", () => {
    expect(own.get("default-libmysqlclient-dev")).toEqual(["libmariadb3"]);
    expect(own.get("libmariadb-dev-compat")).toEqual(["libmariadb3"]);
    expect(own.get("libmariadb-dev")).toEqual(["libmariadb3"]);
    expect(own.get("libssl-dev")).toEqual(["libssl3"]);
    expect(own.get("libc6-dev")).toEqual(["libc6"]);
  });

  it("maps virtual -dev names through their providers", () => {
    expect(own.get("libmariadbclient-dev-compat")).toEqual(["libmariadb3"]);
  });

  it("does not give a header-only library the libraries of the -dev packages it uses", () => {
    expect(own.has("libheaderonly-dev")).toBe(false);
    expect(linked.has("libheaderonly-dev")).toBe(false);
  });

  it("falls back to the shared libraries a package without a library of its own depends on", () => {
    expect(own.has("libghc-foo-dev")).toBe(false);
    expect(linked.get("libghc-foo-dev")).toEqual(["libc6", "libgmp10"]);
  });

  it("does not follow a foreign -dev dependency from a package that ships files", () => {
    // zlib1g-dev's own library is zlib1g; libc6-dev (another source) is not added
    expect(own.get("zlib1g-dev")).toEqual(["zlib1g"]);
  });
});

describe("build-only", () => {
  const idx = archive(ARCHIVE);
  const libs = libraryPackages(new Map(), new Set(), idx);
  const set = deriveBuildOnly(idx, libs);

  it("takes Section devel/libdevel, build-essential's closure and toolchain names", () => {
    for (const p of ["build-essential", "gcc", "make", "cpp", "git", "libc-dev-bin"]) expect(set.has(p), p).toBe(true);
    // dpkg-dev (in the closure) is covered by the -dev name rule instead of the list
    expect(set.has("dpkg-dev")).toBe(false);
    expect(isBuildOnlyByName("dpkg-dev")).toBe(true);
  });

  it("leaves out libraries, Essential/standard packages and -dev names (a rule, not a list)", () => {
    for (const p of ["libc6", "tar", "perl", "curl", "libssl-dev", "libc6-dev"]) expect(set.has(p), p).toBe(false);
  });
});
