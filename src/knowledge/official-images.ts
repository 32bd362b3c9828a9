// Reader of data/knowledge/official-images.json: which OS release each official image tag was built on (derived
// from the history of docker-library/official-images by scripts/knowledge/official-images.mjs), and which
// distribution releases are archived (gone from their main mirror, measured). Small pure lookups over that data.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export type Distro = "debian" | "ubuntu" | "alpine" | "redhat";

interface LineData {
  firstSeen: string;
  lastSeen: string;
  /** Release of the line's own tag (python:3.11) the last time it was published. */
  default?: string;
  /** [first full version, release] runs: from that version on (until the next run) the default tag's release. */
  defaults?: [string, string][];
  /** Alpine version of the line's bare -alpine tag, as last published ("alpine3.20"). */
  alpineDefault?: string;
  suites: string[];
}

interface FamilyData {
  lineParts: number;
  commits: number;
  lines: Record<string, LineData>;
  /** Tags whose first part is not a full line: "3", "latest", "lts", "jdk" → release. */
  aliases: Record<string, string>;
  /** Release of the newest default tag: versions newer than the data are assumed to be built on it. */
  currentDefault: string;
  lastPublished: string;
}

interface ReleaseTable {
  mirror: string;
  archive?: string;
  codenames: Record<string, { version: string; archived: boolean }>;
}

export interface OfficialImagesData {
  source: { repository: string; files: string[]; commit: string; commitDate: string; method: string };
  releases: {
    checked: { date: string; method: string };
    debian: ReleaseTable;
    ubuntu: ReleaseTable;
    alpine: { mirror: string; note: string; archived: boolean };
  };
  families: Record<string, FamilyData>;
}

const DATA_FILE = fileURLToPath(new URL("../../data/knowledge/official-images.json", import.meta.url));
let cached: OfficialImagesData | undefined;

/** The data file, read once. */
export function officialImagesData(): OfficialImagesData {
  cached ??= JSON.parse(readFileSync(DATA_FILE, "utf8")) as OfficialImagesData;
  return cached;
}

/** The official image families the data covers: python, node, ruby, golang, rust, php, gcc, openjdk, eclipse-temurin. */
export function officialFamilies(): string[] {
  return Object.keys(officialImagesData().families);
}

/** Numeric parts of a version token: "3.11.7" → [3, 11, 7]; "8u342" → [8, 342]; "17.0.9_9" → [17, 0, 9, 9]. */
const versionParts = (v: string): number[] => (v.match(/\d+/g) ?? []).map(Number);

function compareVersions(a: string, b: string): number {
  const x = versionParts(a);
  const y = versionParts(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? -1) - (y[i] ?? -1);
    if (d) return d;
  }
  return 0;
}

export interface TagRelease {
  /** Debian/Ubuntu codename, "alpine3.18", "oraclelinux8". */
  release: string;
  /**
   * "history": this version's default tag was last published on it; "alias": a floating tag (3, latest, lts);
   * "newer": the version is newer than the data, assumed built on the family's current default.
   */
  basis: "history" | "alias" | "newer";
}

/**
 * The release an official image's tag without a release in its name was built on, from the tag history:
 * python "3.5" → buster (its last build), "3.5.3" → jessie, "3.11.2" → bullseye; node "18" → bookworm.
 * `alpine` asks for the release of a bare -alpine tag (python:3.8-alpine → alpine3.20). Undefined when the
 * family is not in the data or the version predates it.
 */
export function defaultReleaseOf(family: string, version: string | undefined, opts: { alpine?: boolean } = {}): TagRelease | undefined {
  const fam = officialImagesData().families[family];
  if (!fam) return undefined;
  if (version === undefined) return opts.alpine ? undefined : { release: fam.currentDefault, basis: "alias" };
  const parts = versionParts(version);
  if (!/^\d/.test(version) || parts.length < fam.lineParts) {
    const alias = fam.aliases[version.toLowerCase()];
    if (alias && !opts.alpine) return { release: alias, basis: "alias" };
    if (/^\d/.test(version) && !opts.alpine) return { release: fam.currentDefault, basis: "alias" };
    return undefined;
  }
  const lineKey = parts.slice(0, fam.lineParts).join(".");
  const line = fam.lines[lineKey];
  if (!line) {
    const newest = Object.keys(fam.lines).sort(compareVersions).at(-1);
    if (newest && compareVersions(lineKey, newest) > 0 && !opts.alpine) return { release: fam.currentDefault, basis: "newer" };
    return undefined;
  }
  if (opts.alpine) return line.alpineDefault ? { release: line.alpineDefault, basis: "history" } : undefined;
  if (parts.length === fam.lineParts || !line.defaults?.length) return line.default ? { release: line.default, basis: "history" } : undefined;
  let found = line.defaults[0]![1];
  for (const [from, release] of line.defaults) if (compareVersions(version, from) >= 0) found = release;
  return { release: found, basis: "history" };
}

/** The version lines of a family the data knows, oldest first, with when they were first and last published. */
export function familyLines(family: string): Array<{ line: string; firstSeen: string; lastSeen: string; default?: string; suites: string[] }> {
  const fam = officialImagesData().families[family];
  if (!fam) return [];
  return Object.entries(fam.lines)
    .sort(([a], [b]) => compareVersions(a, b))
    .map(([line, d]) => ({ line, firstSeen: d.firstSeen, lastSeen: d.lastSeen, ...(d.default ? { default: d.default } : {}), suites: d.suites }));
}

export interface ReleaseInfo {
  distro: Distro;
  codename: string;
  /** "12", "22.04", "3.18", "8" (Oracle Linux). */
  version?: string;
  /** Gone from the distribution's main mirror: `apt-get update` fails without pointing sources at an archive. */
  archived: boolean;
  /** Where its packages are now, when archived. */
  archive?: string;
}

/** What a release name is: "buster" → Debian 10, archived; "22.04"/"jammy" → Ubuntu; "alpine3.18"/"3.18" → Alpine. */
export function releaseInfo(name: string | undefined): ReleaseInfo | undefined {
  if (name === undefined) return undefined;
  const r = officialImagesData().releases;
  const n = name.toLowerCase();
  for (const distro of ["debian", "ubuntu"] as const) {
    const table = r[distro];
    const hit = table.codenames[n] ? n : Object.keys(table.codenames).find((c) => table.codenames[c]!.version === n);
    if (hit) {
      const c = table.codenames[hit]!;
      return { distro, codename: hit, version: c.version, archived: c.archived, ...(c.archived && table.archive ? { archive: table.archive } : {}) };
    }
  }
  const alpine = /^(?:alpine)?(\d+\.\d+)$/.exec(n);
  if (alpine) return { distro: "alpine", codename: `alpine${alpine[1]}`, version: alpine[1], archived: r.alpine.archived };
  const rh = /^(oraclelinux|ubi|al)(\d+)/.exec(n);
  if (rh) return { distro: "redhat", codename: n, version: rh[2], archived: false };
  return undefined;
}

/** Debian codename → number ("bookworm" → "12") and back ("12" → "bookworm"); undefined for others. */
export function debianNumber(codename: string): string | undefined {
  return officialImagesData().releases.debian.codenames[codename]?.version;
}
export function debianCodename(version: string): string | undefined {
  const info = releaseInfo(version);
  return info?.distro === "debian" ? info.codename : undefined;
}
export const isDebianCodename = (t: string): boolean => officialImagesData().releases.debian.codenames[t] !== undefined;
export const isUbuntuCodename = (t: string): boolean => officialImagesData().releases.ubuntu.codenames[t] !== undefined;
/** Ubuntu "22.04" → "jammy". */
export function ubuntuCodename(version: string): string | undefined {
  const info = releaseInfo(version);
  return info?.distro === "ubuntu" ? info.codename : undefined;
}

/** A distribution's floating tag: debian "stable" → trixie, "latest" → trixie; ubuntu "latest" → the newest LTS. */
export function distroAlias(distro: "debian" | "ubuntu", word: string): string | undefined {
  return (officialImagesData().releases[distro] as ReleaseTable & { aliases?: Record<string, string> }).aliases?.[word];
}

/** The newest release of a distribution a version line was ever published on (openjdk 17's slim tags: bullseye). */
export function newestSuite(family: string, version: string, distro: Distro): string | undefined {
  const fam = officialImagesData().families[family];
  const line = fam?.lines[versionParts(version).slice(0, fam.lineParts).join(".")];
  const codenames = distro === "debian" || distro === "ubuntu" ? Object.keys(officialImagesData().releases[distro].codenames) : [];
  return line?.suites
    .filter((s) => codenames.includes(s))
    .sort((a, b) => codenames.indexOf(a) - codenames.indexOf(b))
    .at(-1);
}
