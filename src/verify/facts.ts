// The verdict-relevant facts of one inspected image, pure over the image reader's report and tree: build-only
// packages, build leftovers on disk (package caches, headers, source trees), and unresolved shared libraries with
// the package that would provide each.
import type { FileTree, ImageReport } from "../image/index.js";
import { buildOnlyPackages, defaultKnowledge, type BuildOnlyPackage, type PackageKnowledge } from "./knowledge.js";

export type LeftoverKind = "package cache" | "package index" | "language cache" | "headers" | "source tree";

export interface Leftover {
  path: string;
  kind: LeftoverKind;
  bytes: number;
  files: number;
}

export interface MissingLibrary {
  soname: string;
  /** The package that ships it, from the package knowledge; undefined when unknown. */
  package: string | undefined;
  /** ELF files that need it (paths without a leading slash), sorted. */
  neededBy: string[];
}

export interface ImageFacts {
  family: "debian" | "alpine" | "other";
  buildOnlyPackages: BuildOnlyPackage[];
  leftovers: Leftover[];
  missingLibraries: MissingLibrary[];
  /** ELF files whose dynamic section could not be read. */
  incompleteElf: { path: string; problem: string }[];
}

// Directories whose presence in a final image means a build left something behind. Matched against whole
// directory paths (no leading slash).
const LEFTOVERS: readonly [RegExp, LeftoverKind][] = [
  [/^var\/cache\/apt\/archives$/, "package cache"],
  [/^var\/cache\/apk$/, "package cache"],
  [/^var\/lib\/apt\/lists$/, "package index"],
  [/^(root|home\/[^/]+)\/\.cache\/(pip|yarn|go-build|node-gyp|pypoetry|uv)$/, "language cache"],
  [/^(root|home\/[^/]+)\/\.npm$/, "language cache"],
  [/^usr\/local\/share\/\.cache\/yarn$/, "language cache"],
  [/^(root\/)?go\/pkg\/mod$/, "language cache"],
  [/^(root|usr\/local)\/(\.cargo|cargo)\/registry$/, "language cache"],
  [/^root\/\.m2\/repository$|^root\/\.gradle\/caches$/, "language cache"],
  [/^usr\/(local\/)?include$/, "headers"],
  [/^usr\/src\/(?!app$)[^/]+$/, "source tree"],
  [/^tmp\/pip-[^/]+$/, "source tree"],
];

function leftoverKind(dir: string): LeftoverKind | undefined {
  for (const [re, kind] of LEFTOVERS) if (re.test(dir)) return kind;
  return undefined;
}

/** Leftover directories of the final tree with their bytes (Docker's measure), largest first. */
export function findLeftovers(tree: FileTree): Leftover[] {
  const found = new Map<string, Leftover>();
  for (const f of tree.walk()) {
    if (f.type === "dir") continue;
    const bytes = f.type === "file" ? f.size : f.type === "symlink" ? Buffer.byteLength(f.linkTarget ?? "") : 0;
    const parts = f.path.split("/");
    // The outermost matching ancestor owns the file, so nested matches are not counted twice.
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join("/");
      const kind = leftoverKind(dir);
      if (!kind) continue;
      const l = found.get(dir) ?? { path: dir, kind, bytes: 0, files: 0 };
      l.bytes += bytes;
      l.files += 1;
      found.set(dir, l);
      break;
    }
  }
  return [...found.values()].filter((l) => l.bytes > 0).sort((a, b) => b.bytes - a.bytes || (a.path < b.path ? -1 : 1));
}

export function imageFamily(report: Pick<ImageReport, "packages" | "osRelease">): ImageFacts["family"] {
  const id = report.osRelease?.ID ?? "";
  const like = report.osRelease?.ID_LIKE ?? "";
  if (id === "alpine" || report.packages.some((p) => p.manager === "apk")) return "alpine";
  if (id === "debian" || id === "ubuntu" || /debian/.test(like) || report.packages.some((p) => p.manager === "dpkg")) return "debian";
  return "other";
}

/** Unresolved NEEDED names grouped by soname, with the providing package. */
export function missingLibraries(
  report: Pick<ImageReport, "linkage" | "osRelease" | "packages">,
  knowledge: PackageKnowledge = defaultKnowledge,
): MissingLibrary[] {
  const family = imageFamily(report);
  const release = report.osRelease?.VERSION_CODENAME;
  const bySoname = new Map<string, Set<string>>();
  for (const f of report.linkage.unresolved) {
    for (const name of f.unresolved) {
      const set = bySoname.get(name) ?? new Set<string>();
      set.add(f.path);
      bySoname.set(name, set);
    }
  }
  return [...bySoname.entries()]
    .map(([soname, files]) => ({
      soname,
      package: family === "other" ? undefined : knowledge.packageForSoname(soname, { family, ...(release ? { release } : {}) }),
      neededBy: [...files].sort(),
    }))
    .sort((a, b) => (a.soname < b.soname ? -1 : 1));
}

/** All facts of one image. */
export function imageFacts(report: ImageReport, tree: FileTree, knowledge: PackageKnowledge = defaultKnowledge): ImageFacts {
  return {
    family: imageFamily(report),
    buildOnlyPackages: buildOnlyPackages(report.packages, knowledge, report.osRelease?.VERSION_CODENAME ? { release: report.osRelease.VERSION_CODENAME } : {}),
    leftovers: findLeftovers(tree),
    missingLibraries: missingLibraries(report, knowledge),
    incompleteElf: report.linkage.incomplete,
  };
}
