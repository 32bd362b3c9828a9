// Debian package knowledge generated from the archive by scripts/knowledge/generate.mjs (see docs/knowledge.md).
// One JSON file per release under data/knowledge/, read lazily and cached; the lookups decode values on demand.

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export type DebianRelease = "bookworm" | "trixie";
export type DebianArch = "amd64" | "arm64";

export const DEBIAN_RELEASES: readonly DebianRelease[] = ["bookworm", "trixie"];
export const DEBIAN_ARCHS: readonly DebianArch[] = ["amd64", "arm64"];
export const DEFAULT_RELEASE: DebianRelease = "bookworm";
export const DEFAULT_ARCH: DebianArch = "amd64";

export interface DebianLookupOptions {
  release?: DebianRelease;
  arch?: DebianArch;
  /** Directory of the debian-<release>.json files; defaults to the package's data/knowledge. */
  dataDir?: string;
}

/**
 * A map value: a package name; an index (≥ 2) into `lists`; in soname maps 0 or 1 for "the package Debian
 * Policy 8.1 names after this soname" (1: with the t64 suffix). null in a per-arch map: absent on that arch.
 */
type Encoded = string | number | null;
type EncodedMap = Record<string, Encoded>;

/** The shape the generator writes (format 1). */
interface DebianDataFile {
  format: 1;
  release: DebianRelease;
  archs: DebianArch[];
  archive: Record<string, { suite?: string; date: string }>;
  contents: string;
  stats: Record<string, Record<string, number>>;
  lists: string[][];
  dev: EncodedMap;
  devByArch: Record<string, EncodedMap>;
  devLinked: EncodedMap;
  devLinkedByArch: Record<string, EncodedMap>;
  sonames: EncodedMap;
  sonamesByArch: Record<string, EncodedMap>;
  /** Every shared-library package of the release, either architecture. */
  libraries: string[];
  buildOnly: string[];
}

/** Loaded data for one release with lazily built sets. */
export interface DebianData {
  readonly file: DebianDataFile;
  readonly buildOnly: ReadonlySet<string>;
  /** Shared-library packages (union over architectures). */
  readonly libraries: ReadonlySet<string>;
}

const defaultDataDir = fileURLToPath(new URL("../../data/knowledge/", import.meta.url));
const cache = new Map<string, DebianData>();

/** Reads (once) the data of a release. Throws an Error naming the file when it is missing or not this format. */
export function loadDebianData(release: DebianRelease = DEFAULT_RELEASE, dataDir = defaultDataDir): DebianData {
  const path = `${dataDir.replace(/\/?$/, "/")}debian-${release}.json`;
  const hit = cache.get(path);
  if (hit) return hit;
  let file: DebianDataFile;
  try {
    file = JSON.parse(readFileSync(path, "utf8")) as DebianDataFile;
  } catch (err) {
    throw new Error(`cannot read package knowledge ${path}: ${(err as Error).message}`, { cause: err });
  }
  if (file.format !== 1 || file.release !== release) {
    throw new Error(`${path}: expected format 1 data for ${release}, found format ${String(file.format)} for ${String(file.release)}`);
  }
  let libraries: Set<string> | undefined;
  const data: DebianData = {
    file,
    buildOnly: new Set(file.buildOnly),
    get libraries() {
      return (libraries ??= new Set(file.libraries));
    },
  };
  cache.set(path, data);
  return data;
}

/** Same rule as policyPackageName in scripts/knowledge/derive.mjs: "libyaml-0.so.2" → "libyaml-0-2". */
export function policyPackageName(soname: string): string | undefined {
  const m = /^(.*)\.so\.(.+)$/.exec(soname);
  if (!m) return undefined;
  const sep = /\d$/.test(m[1]!) ? "-" : "";
  return (m[1]! + sep + m[2]!).toLowerCase().replace(/_/g, "-");
}

function decode(file: DebianDataFile, v: Encoded | undefined, key: string): string[] {
  if (v === null || v === undefined) return [];
  if (typeof v === "string") return [v];
  if (v === 0 || v === 1) {
    const name = policyPackageName(key);
    return name === undefined ? [] : [v === 1 ? `${name}t64` : name];
  }
  return file.lists[v - 2] ?? [];
}

function lookup(file: DebianDataFile, common: EncodedMap, byArch: Record<string, EncodedMap>, arch: DebianArch, key: string): string[] {
  const archMap = byArch[arch];
  if (archMap && Object.hasOwn(archMap, key)) return decode(file, archMap[key], key);
  return Object.hasOwn(common, key) ? decode(file, common[key], key) : [];
}

/**
 * A package name as written in an install command, reduced to the name: "libpq-dev=15.*" → "libpq-dev",
 * "libssl-dev:arm64" → "libssl-dev", "libpq5/bookworm-backports" → "libpq5".
 */
export function normalizePackageName(spec: string): string {
  return spec
    .trim()
    .replace(/[=/].*$/, "")
    .replace(/:[a-z0-9]+$/, "")
    .toLowerCase();
}

export interface RuntimeLibraries {
  packages: string[];
  /**
   * "own": the library the -dev package is for (same source package, through metapackages and transitional
   * packages); "linked": it has no library of its own, these are the shared libraries it depends on;
   * "none": not a known development package with shared-library dependencies.
   */
  basis: "own" | "linked" | "none";
}

/** The runtime shared-library packages a Debian development package implies. */
export function debianRuntimeLibraries(devPkg: string, opts: DebianLookupOptions = {}): RuntimeLibraries {
  const { file } = loadDebianData(opts.release, opts.dataDir);
  const arch = opts.arch ?? DEFAULT_ARCH;
  const name = normalizePackageName(devPkg);
  const own = lookup(file, file.dev, file.devByArch, arch, name);
  if (own.length > 0) return { packages: own, basis: "own" };
  const linked = lookup(file, file.devLinked, file.devLinkedByArch, arch, name);
  if (linked.length > 0) return { packages: linked, basis: "linked" };
  return { packages: [], basis: "none" };
}

/**
 * The packages shipping a soname in the loader's default directories, best first. Accepts a path or a longer
 * file name (libpython3.11.so.1.0, libpq.so.5.15): trailing version parts are trimmed until a soname matches.
 */
export function debianPackagesForSoname(soname: string, opts: DebianLookupOptions = {}): string[] {
  const { file } = loadDebianData(opts.release, opts.dataDir);
  const arch = opts.arch ?? DEFAULT_ARCH;
  let name = soname.trim().replace(/^.*\//, "");
  for (;;) {
    const found = lookup(file, file.sonames, file.sonamesByArch, arch, name);
    if (found.length > 0) return found;
    const shorter = name.replace(/\.[^.]+$/, "");
    if (!/\.so(\.|$)/.test(shorter) || shorter === name || name.endsWith(".so")) return [];
    name = shorter;
  }
}

/**
 * Rule shared with the generator (isBuildOnlyByName in scripts/knowledge/derive.mjs): development packages
 * (-dev, -dev-compat), cross toolchains (-cross, Linux, Hurd and kFreeBSD target triplets, MinGW) and versioned
 * C preprocessors (cpp-N is filed under Section interpreters, so only the default version reaches the data
 * through build-essential).
 */
export function isDebianBuildOnlyName(name: string): boolean {
  return /-dev(-compat)?$|-cross$|-linux-gnu[a-z0-9_]*$|-(i686|x86-64)-(kfreebsd-)?gnu$|mingw-w64|^cpp-\d+$/.test(name);
}

export function isDebianBuildOnly(pkg: string, opts: DebianLookupOptions = {}): boolean {
  const name = normalizePackageName(pkg);
  if (isDebianBuildOnlyName(name)) return true;
  return loadDebianData(opts.release, opts.dataDir).buildOnly.has(name);
}

export function isDebianLibrary(pkg: string, opts: DebianLookupOptions = {}): boolean {
  return loadDebianData(opts.release, opts.dataDir).libraries.has(normalizePackageName(pkg));
}
