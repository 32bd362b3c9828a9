// What verify and inspect ask about installed packages: which ones only a build needs, and which package ships
// a shared library. Both answers come from the project's package knowledge (src/knowledge); this narrow
// interface only lets a caller (a test, another data source) stand in for it.
import type { InstalledPackage } from "../image/index.js";
import * as knowledge from "../knowledge/index.js";
import type { BuildOnlyReason, PackageClassification } from "../knowledge/index.js";

export type { BuildOnlyReason, PackageClass } from "../knowledge/index.js";

/** The families verify reads installed packages of: dpkg images and apk images. */
export type ImagePackageFamily = "debian" | "alpine";

export interface PackageKnowledge {
  /** `release` is the image's VERSION_CODENAME (Debian or Ubuntu) when known. */
  classify(name: string, family: ImagePackageFamily, opts?: { release?: string }): PackageClassification;
  /** The package that ships `soname`, when known. */
  packageForSoname(soname: string, opts?: { release?: string; family?: ImagePackageFamily }): string | undefined;
}

const releaseOpts = (release: string | undefined) => {
  const r = knowledge.debianReleaseFor(release);
  return r ? { release: r } : {};
};

/** The project's package knowledge (src/knowledge): the Debian archive data and the Alpine hand tables. */
export const defaultKnowledge: PackageKnowledge = {
  classify: (name, family, opts) => knowledge.classify(name, family, family === "debian" ? releaseOpts(opts?.release) : {}),
  packageForSoname(soname, opts) {
    if (opts?.family === "alpine") return undefined;
    // The archive knows every soname Debian ships; one it lacks is not from a Debian package, so no guess here.
    return knowledge.packageForSoname(soname, releaseOpts(opts?.release));
  },
};

export interface BuildOnlyPackage {
  name: string;
  version: string;
  reason: BuildOnlyReason;
}

/** The installed packages a build needs and a running image does not. */
export function buildOnlyPackages(
  packages: readonly InstalledPackage[],
  pk: PackageKnowledge = defaultKnowledge,
  opts: { release?: string } = {},
): BuildOnlyPackage[] {
  const out: BuildOnlyPackage[] = [];
  for (const p of packages) {
    const c = pk.classify(p.name, p.manager === "apk" ? "alpine" : "debian", opts);
    if (c.class !== "build-only") continue;
    out.push({ name: p.name, version: p.version, reason: c.reason ?? "build-only package" });
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
