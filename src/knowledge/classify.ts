// The one answer to "does only a build need this package?": every layer (analyze and convert through the
// analysis, verify and inspect through the image's installed packages) asks classify(). Debian and Ubuntu names
// are decided by the archive-derived data plus the name rules shared with its generator; Alpine and Red Hat by
// the hand tables. The report's reason ("compiler", "headers" …) only describes a decision, it never makes one.
import { isDebianBuildOnly, isDebianLibrary, normalizePackageName } from "./debian.js";
import { isHandBuildOnly, isHandLibrary, type PackageFamily } from "./families.js";
import { debianOpts, type PackageOptions } from "./options.js";

export type PackageClass = "build-only" | "runtime-library" | "other";

/** Why a build-only package is build-only, in the words of the reports. */
export type BuildOnlyReason = "compiler" | "headers" | "build tool" | "toolchain" | "version control" | "build-only package";

export interface PackageClassification {
  class: PackageClass;
  /** Set for build-only packages only. */
  reason?: BuildOnlyReason;
}

// Words for the kinds of build-only package, for dpkg, apk and rpm names. Matching one does not make a package
// build-only (node-on-headers is a Node.js module, binutils-common a dependency of shared libraries).
const REASONS: readonly [RegExp, Exclude<BuildOnlyReason, "build-only package">][] = [
  [/^binutils(-[a-z0-9_-]+)?$/, "build tool"],
  [/^(gcc|g\+\+|gcc-c\+\+|cpp|c\+\+|clang|gfortran|gcc-gfortran|gccgo|tcc)(-?\d+(\.\d+)*)?$/, "compiler"],
  [/^(gcc|g\+\+|cpp)(-\d+)?-[a-z0-9_-]+-(linux-|kfreebsd-)?gnu[a-z0-9_]*$|-cross$|mingw-w64/, "compiler"],
  [/^clang-?\d+$|^llvm(-?\d+)?$|^lld(-?\d+)?$/, "compiler"],
  [/^(build-essential|build-base|alpine-sdk)$/, "build tool"],
  [
    /^(make|cmake|ninja-build|samurai|meson|autoconf|automake|libtool|libtool-bin|pkg-config|pkgconf|pkgconf-bin|pkgconf-pkg-config|pkgconfig|bison|flex|m4|nasm|yasm|swig|gperf|patch|dpkg-dev|fakeroot|debhelper|ccache|abuild|rpm-build|redhat-rpm-config)$/,
    "build tool",
  ],
  [
    /^(golang(-\d+\.\d+)?(-go|-src)?|go|gccgo(-\d+)?|rustc|rustc-web|cargo|rust|default-jdk(-headless)?|openjdk-?\d*(-\d+)?(-jdk(-headless)?)?|java-[\d.]+-openjdk-devel|maven|gradle|ant|sbt|leiningen)$/,
    "toolchain",
  ],
  [/^(git|git-core|git-lfs|subversion|mercurial|cvs|bzr|breezy)$/, "version control"],
  // after the tools: dpkg-dev is a build tool, java-17-openjdk-devel a toolchain
  [/-dev$|-dev-compat$|-devel$|-headers$|^libc-dev-bin$/, "headers"],
];

/** The words for a build-only package (only meaningful once classify() has said build-only). */
export function buildOnlyReason(pkg: string): BuildOnlyReason {
  const name = normalizePackageName(pkg);
  for (const [re, why] of REASONS) if (re.test(name)) return why;
  return "build-only package";
}

function isHandFamily(family: PackageFamily): family is "alpine" | "redhat" {
  return family === "alpine" || family === "redhat";
}

/**
 * Build-only, runtime library or other, for a package name as written in an install command (`libpq-dev=15.*`).
 * "ubuntu" reads the Debian data (pass the Debian release closest to it, see debianReleaseFor).
 */
export function classify(pkg: string, family: PackageFamily = "debian", opts: Omit<PackageOptions, "family"> = {}): PackageClassification {
  const name = normalizePackageName(pkg);
  if (isHandFamily(family)) {
    if (isHandBuildOnly(family, name)) return { class: "build-only", reason: buildOnlyReason(name) };
    return { class: isHandLibrary(family, name) ? "runtime-library" : "other" };
  }
  const debian = debianOpts(opts);
  if (isDebianBuildOnly(name, debian)) return { class: "build-only", reason: buildOnlyReason(name) };
  return { class: isDebianLibrary(name, debian) ? "runtime-library" : "other" };
}
