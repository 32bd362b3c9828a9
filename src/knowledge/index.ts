// Static knowledge that lint and convert read: which packages a build needs and a runtime does not, which
// runtime libraries a -dev package implies, which package ships a soname, and what base images are.
// Debian data is derived from the archive (data/knowledge/debian-*.json); Alpine and Red Hat are hand tables.

import { debianPackagesForSoname, debianRuntimeLibraries, normalizePackageName, type DebianRelease, type RuntimeLibraries } from "./debian.js";
import { classify, type PackageClass } from "./classify.js";
import { handRuntimeLibraries } from "./families.js";
import { debianOpts, type PackageOptions } from "./options.js";

export { baseImageInfo, baseImageInfoAsWritten, parseImageRef, parseTag, registryPrefix } from "./base-images.js";
export { debianNumber, defaultReleaseOf, familyLines, officialFamilies, officialImagesData, releaseInfo } from "./official-images.js";
export type { Distro, ReleaseInfo, TagRelease } from "./official-images.js";
export type { BaseImageInfo, ImageFamily, ImageRef, Language, Libc } from "./base-images.js";
export { DEBIAN_ARCHS, DEBIAN_RELEASES, DEFAULT_ARCH, DEFAULT_RELEASE, loadDebianData, normalizePackageName } from "./debian.js";
export type { DebianArch, DebianData, DebianRelease, RuntimeLibraries } from "./debian.js";
export type { PackageFamily } from "./families.js";
export type { PackageOptions } from "./options.js";
export { buildOnlyReason, classify, type BuildOnlyReason, type PackageClass, type PackageClassification } from "./classify.js";
export { installCommand, installLines, installSteps, managerForFamily, type InstallOptions, type PackageManager } from "./install.js";
export { RUNTIME_TOOL_PACKAGES } from "./tools.js";

/** Maps an Ubuntu codename to the Debian release whose package names it most resembles. */
export function debianReleaseFor(release: string | undefined): DebianRelease | undefined {
  if (release === undefined) return undefined;
  if (release === "bookworm" || release === "trixie") return release;
  if (["noble", "oracular", "plucky", "questing", "forky", "sid"].includes(release)) return "trixie";
  // bullseye, focal, jammy and older: bookworm names are the closest available
  return "bookworm";
}

/** Runtime library packages implied by a development package, with how they were found. */
export function runtimeLibraryInfo(devPkg: string, opts: PackageOptions = {}): RuntimeLibraries & { source: "debian-archive" | "hand-table" } {
  const family = opts.family ?? "debian";
  const jre = jreFor(normalizePackageName(devPkg), family);
  if (jre) return { packages: [jre], basis: "own", source: "hand-table" };
  if (family === "alpine" || family === "redhat") {
    const hand = handRuntimeLibraries(family, normalizePackageName(devPkg));
    return { packages: hand ? [...hand] : [], basis: hand ? "own" : "none", source: "hand-table" };
  }
  return { ...debianRuntimeLibraries(devPkg, debianOpts(opts)), source: "debian-archive" };
}

/**
 * A JDK package's runtime counterpart: what runs what it compiled (`java -jar`) without the compiler. Headless: a
 * server has no display, and the headless JRE still draws images (java.desktop's headless AWT).
 */
function jreFor(pkg: string, family: string): string | undefined {
  let m: RegExpExecArray | null;
  if (family === "debian") {
    if ((m = /^openjdk-(\d+)-jdk(?:-headless)?$/.exec(pkg))) return `openjdk-${m[1]}-jre-headless`;
    if (/^default-jdk(?:-headless)?$/.test(pkg)) return "default-jre-headless";
  }
  if (family === "alpine" && (m = /^openjdk(\d+)(?:-jdk)?$/.exec(pkg))) return `openjdk${m[1]}-jre-headless`;
  if (family === "redhat" && (m = /^java-(\d+|1\.8\.0)-openjdk-devel$/.exec(pkg))) return `java-${m[1]}-openjdk-headless`;
  return undefined;
}

/**
 * The runtime shared-library packages a development package implies (a JDK: its headless JRE): default-libmysqlclient-dev → libmariadb3,
 * libssl-dev → libssl3 (bookworm) / libssl3t64 (trixie). Empty when unknown.
 */
export function runtimeLibrariesFor(devPkg: string, opts: PackageOptions = {}): string[] {
  return runtimeLibraryInfo(devPkg, opts).packages;
}

/** Every Debian package shipping a soname (best first): "libpq.so.5" → ["libpq5"]. */
export function packagesForSoname(soname: string, opts: Omit<PackageOptions, "family"> = {}): string[] {
  return debianPackagesForSoname(soname, debianOpts(opts));
}

/** The Debian package shipping a soname, e.g. a NEEDED entry: "libmariadb.so.3" → "libmariadb3". */
export function packageForSoname(soname: string, opts: Omit<PackageOptions, "family"> = {}): string | undefined {
  return packagesForSoname(soname, opts)[0];
}

/** Whether only a build needs the package (classify(pkg, family).class === "build-only"). */
export function isBuildOnly(pkg: string, opts: PackageOptions = {}): boolean {
  return classify(pkg, opts.family, opts).class === "build-only";
}

/** classify() with the family among the options; the class only. */
export function classifyPackage(pkg: string, opts: PackageOptions = {}): PackageClass {
  return classify(pkg, opts.family, opts).class;
}

import { baseImageInfo as lookupImage } from "./base-images.js";

/** Official images that set a WORKDIR in their own config. */
const IMAGE_WORKDIRS: Readonly<Record<string, string>> = { golang: "/go", gradle: "/home/gradle" };

/** The WORKDIR an image's config sets (golang: /go), when known; undefined for images that keep "/". */
export function imageWorkdir(ref: string): string | undefined {
  const info = lookupImage(ref);
  return info ? IMAGE_WORKDIRS[info.image] : undefined;
}
