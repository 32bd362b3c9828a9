// Options every package lookup takes, and their defaults.
import { DEFAULT_RELEASE, type DebianArch, type DebianLookupOptions, type DebianRelease } from "./debian.js";
import type { PackageFamily } from "./families.js";

export interface PackageOptions {
  /** Package family of the image; "ubuntu" uses the Debian data (an approximation, see docs). Default "debian". */
  family?: PackageFamily;
  /** Debian release; default bookworm. For Ubuntu: jammy ≈ bookworm, noble ≈ trixie. */
  release?: DebianRelease;
  arch?: DebianArch;
  /** Where debian-<release>.json live (tests); default the package's data/knowledge. */
  dataDir?: string;
}

export function debianOpts(opts: Omit<PackageOptions, "family">): DebianLookupOptions {
  return { release: opts.release ?? DEFAULT_RELEASE, ...(opts.arch ? { arch: opts.arch } : {}), ...(opts.dataDir ? { dataDir: opts.dataDir } : {}) };
}
