// What verify and inspect need to know about packages: which ones only a build needs, and which package ships a
// shared library. A narrow interface with two implementations: the project's package knowledge (src/knowledge,
// derived from the Debian archive) joined with name rules, the default; and the name rules alone.
import type { InstalledPackage } from "../image/index.js";
import * as knowledge from "../knowledge/index.js";

export type PackageClass = "build-only" | "runtime-library" | "other";

export interface PackageKnowledge {
  classifyPackage(name: string, opts?: { family?: "debian" | "alpine" }): PackageClass;
  /** The package that ships `soname`, when known. */
  packageForSoname(soname: string, opts?: { release?: string; family?: "debian" | "alpine" }): string | undefined;
}

/** Why a build-only package is build-only, in the words of the report. */
export type BuildOnlyReason = "compiler" | "headers" | "build tool" | "toolchain" | "version control" | "build-only package";

// Name rules for both dpkg and apk names. Runtime halves of toolchains (gcc-12-base, libgcc-s1, cpp's
// libraries, JREs) never match: they are what binaries link against.
const RULES: readonly [RegExp, BuildOnlyReason][] = [
  [/^(gcc|g\+\+|cpp|c\+\+|clang|gfortran|gccgo|tcc)(-\d+(\.\d+)*)?$/, "compiler"],
  [/^(gcc|g\+\+|cpp)(-\d+)?-(x86-64|aarch64|arm|i686|powerpc64le|s390x)-linux-gnu[a-z]*$/, "compiler"],
  [/^clang-\d+$|^llvm(-\d+)?$|^lld(-\d+)?$/, "compiler"],
  [/^(build-essential|build-base|alpine-sdk)$/, "build tool"],
  [/-dev$|-dev-compat$|-dev:[a-z0-9]+$|-headers$|^linux-libc-dev$|^libc-dev-bin$|^musl-dev$/, "headers"],
  [/^(make|cmake|ninja-build|samurai|meson|autoconf|automake|libtool|libtool-bin|pkg-config|pkgconf|pkgconf-bin|bison|flex|m4|nasm|yasm|swig|gperf|patch|dpkg-dev|fakeroot|debhelper)$/, "build tool"],
  [/^binutils(-[a-z0-9_-]+)?$/, "build tool"],
  [/^(golang(-\d+\.\d+)?(-go|-src)?|go|rustc|cargo|rust|default-jdk(-headless)?|openjdk\d*(-\d+)?-jdk(-headless)?|maven|gradle|ant)$/, "toolchain"],
  [/^(git|subversion|mercurial|cvs|bzr)$/, "version control"],
];

/** The report's reason for a build-only name, or undefined when the name rules do not say. */
export function buildOnlyReason(name: string): BuildOnlyReason | undefined {
  for (const [re, why] of RULES) if (re.test(name)) return why;
  return undefined;
}

/**
 * Debian policy 8.1: the runtime package of `libfoo.so.3` is `libfoo3`, and of `libfoo-1.2.so.0` (or a name that
 * ends in a digit) `libfoo-1.2-0`. Many packages follow it; the result is a good guess, not a fact.
 */
export function policyPackageName(soname: string): string | undefined {
  const m = /^(.+?)\.so(?:\.(\d+))?(?:\.[\d.]+)?$/.exec(soname);
  if (!m) return undefined;
  const base = (m[1] as string).toLowerCase().replace(/_/g, "-");
  const major = m[2];
  if (major === undefined) return base;
  return /\d$/.test(base) ? `${base}-${major}` : `${base}${major}`;
}

/** Name rules only: build-only packages by name, Debian policy names for sonames. Needs no data files. */
export const ruleKnowledge: PackageKnowledge = {
  classifyPackage(name) {
    if (buildOnlyReason(name) !== undefined) return "build-only";
    return /^lib.+\d/.test(name) && !/-(dev|doc|bin|common|data)$/.test(name) ? "runtime-library" : "other";
  },
  packageForSoname(soname, opts) {
    if (opts?.family === "alpine") return undefined;
    return policyPackageName(soname);
  },
};

/**
 * The default: the archive-derived knowledge joined with the name rules (which also give the report its reasons).
 * Falls back to the rules when the data files cannot be read.
 */
export const defaultKnowledge: PackageKnowledge = {
  classifyPackage(name, opts) {
    if (buildOnlyReason(name) !== undefined) return "build-only";
    try {
      return knowledge.classifyPackage(name, { family: opts?.family ?? "debian" });
    } catch {
      return ruleKnowledge.classifyPackage(name, opts);
    }
  },
  packageForSoname(soname, opts) {
    if (opts?.family === "alpine") return undefined;
    try {
      const release = knowledge.debianReleaseFor(opts?.release);
      // The archive knows every soname Debian ships; one it lacks is not from a Debian package, so no guess here.
      return knowledge.packageForSoname(soname, release ? { release } : {});
    } catch {
      return policyPackageName(soname);
    }
  },
};

export interface BuildOnlyPackage {
  name: string;
  version: string;
  reason: BuildOnlyReason;
}

/** The installed packages a build needs and a running image does not. */
export function buildOnlyPackages(packages: readonly InstalledPackage[], knowledge: PackageKnowledge = defaultKnowledge): BuildOnlyPackage[] {
  const out: BuildOnlyPackage[] = [];
  for (const p of packages) {
    const family = p.manager === "apk" ? "alpine" : "debian";
    if (knowledge.classifyPackage(p.name, { family }) !== "build-only") continue;
    out.push({ name: p.name, version: p.version, reason: buildOnlyReason(p.name) ?? "build-only package" });
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
