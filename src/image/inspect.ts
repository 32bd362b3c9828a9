// Image archive → one report: sizes per layer with the instruction that made it, changes, wasted bytes, largest
// files and directories, installed packages and runtime linkage. Reading is streaming (archive.ts); everything
// after that is pure over the scans.
import type { Readable } from "node:stream";
import { readImageArchive, type ImageArchive, type ImageConfigFile, type ReadArchiveOptions } from "./archive.js";
import type { ElfInfo } from "./elf.js";
import { resolveLinkage, type LinkageReport } from "./linkage.js";
import { parseApkInstalled, parseDpkgStatus, type InstalledPackage } from "./packages.js";
import { applyLayers, directorySizes, largestFiles, type FileTree, type LayerChanges, type SizedPath } from "./tree.js";
import type { HistoryItem } from "./types.js";

const DEFAULT_CAPTURE = [
  /^var\/lib\/dpkg\/status$/,
  /^var\/lib\/dpkg\/status\.d\/[^/]+$/,
  /^lib\/apk\/db\/installed$/,
  /^etc\/ld\.so\.conf$/,
  /^etc\/ld\.so\.conf\.d\/[^/]+$/,
  /^etc\/ld-musl-[^/]+\.path$/,
  /^(etc|usr\/lib)\/os-release$/,
];

/** The files whose bytes the report needs (package databases, loader configuration, os-release). */
export function defaultCapture(path: string): boolean {
  return DEFAULT_CAPTURE.some((re) => re.test(path));
}

export interface InspectOptions extends ReadArchiveOptions {
  /** How many largest files / directories to list; default 20. */
  largest?: number;
  /** Depth of the directory ranking; default 3. */
  dirDepth?: number;
}

export interface LayerReport {
  index: number;
  digest?: string;
  diffId?: string;
  mediaType?: string;
  createdBy?: string;
  created?: string;
  comment?: string;
  compression: "gzip" | "none";
  /** Blob bytes in the archive (the compressed size for gzip layers). */
  blobBytes: number;
  /** Uncompressed tar length. */
  tarBytes: number;
  /** Docker's layer size (`docker history`): file bytes plus symlink target lengths. */
  sizeBytes: number;
  entries: number;
  changes: LayerChanges;
}

export interface ImageReport {
  layout: ImageArchive["layout"];
  repoTags: string[];
  id?: string;
  architecture?: string;
  os?: string;
  config: NonNullable<ImageConfigFile["config"]>;
  /** Sum of layer sizes: what `docker image inspect` reports as Size. */
  sizeBytes: number;
  blobBytes: number;
  tarBytes: number;
  /** Bytes visible in the final file tree. */
  finalBytes: number;
  /** Bytes in layers that the final tree does not show (overwritten or deleted later), each counted once. */
  wastedBytes: number;
  layers: LayerReport[];
  history: HistoryItem[];
  largestFiles: SizedPath[];
  largestDirs: SizedPath[];
  packages: InstalledPackage[];
  osRelease?: Record<string, string>;
  linkage: LinkageReport;
  /** Selected files not read because they exceed the capture limit. */
  captureSkipped: { path: string; size: number }[];
}

export interface InspectResult {
  report: ImageReport;
  archive: ImageArchive;
  tree: FileTree;
  /** Bytes of a captured file in the final tree (symlinks followed). */
  read(path: string): Buffer | undefined;
  /** ELF facts of a file in the final tree. */
  elfAt(path: string): ElfInfo | undefined;
}

/** os-release `KEY=value` lines (quotes removed). */
export function parseOsRelease(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (!m) continue;
    out[m[1] as string] = (m[2] ?? "").replace(/^"(.*)"$/, "$1").replace(/^'(.*)'$/, "$1");
  }
  return out;
}

/** Reads and analyzes an image archive (file path or stream). */
export async function inspectArchive(input: string | Readable, opts: InspectOptions = {}): Promise<InspectResult> {
  const extra = opts.capture;
  const archive = await readImageArchive(input, {
    ...opts,
    capture: (p, size) => defaultCapture(p) || (extra?.(p, size) ?? false),
  });
  return analyzeArchive(archive, opts);
}

/** The analysis half of inspectArchive, over an archive already read. */
export function analyzeArchive(archive: ImageArchive, opts: InspectOptions = {}): InspectResult {
  const scans = archive.layers.map((l) => l.scan);
  const applied = applyLayers(scans);
  const { tree } = applied;
  const locate = (path: string) => {
    const real = tree.resolve(path);
    if (real === undefined) return undefined;
    const f = tree.get(real);
    if (!f) return undefined;
    return { real, scan: scans[f.layer] };
  };
  const read = (path: string): Buffer | undefined => {
    const l = locate(path);
    return l?.scan?.captured.get(l.real);
  };
  const readText = (path: string) => read(path)?.toString("utf8");
  const elfAt = (path: string): ElfInfo | undefined => {
    const l = locate(path);
    return l?.scan?.elf.get(l.real);
  };

  const elfFiles: [string, ElfInfo][] = [];
  const packages: InstalledPackage[] = [];
  for (const f of tree.walk()) {
    if (f.type === "file" || f.type === "hardlink") {
      const info = scans[f.layer]?.elf.get(f.path);
      if (info) elfFiles.push([f.path, info]);
    }
  }
  const dpkg = readText("var/lib/dpkg/status");
  if (dpkg !== undefined) packages.push(...parseDpkgStatus(dpkg));
  for (const name of tree.list("var/lib/dpkg/status.d").sort()) {
    const t = readText(`var/lib/dpkg/status.d/${name}`);
    if (t !== undefined) packages.push(...parseDpkgStatus(t));
  }
  const apk = readText("lib/apk/db/installed");
  if (apk !== undefined) packages.push(...parseApkInstalled(apk));
  const osText = readText("etc/os-release") ?? readText("usr/lib/os-release");

  const env = archive.config.config?.Env ?? [];
  const ldLibraryPath = env.find((e) => e.startsWith("LD_LIBRARY_PATH="))?.slice("LD_LIBRARY_PATH=".length);
  const linkage = resolveLinkage(tree, elfFiles, {
    read: readText,
    elfAt,
    ...(ldLibraryPath !== undefined ? { ldLibraryPath } : {}),
  });

  const layers: LayerReport[] = archive.layers.map((l, i) => ({
    index: l.index,
    ...(l.digest ? { digest: l.digest } : {}),
    ...(l.diffId ? { diffId: l.diffId } : {}),
    ...(l.mediaType ? { mediaType: l.mediaType } : {}),
    ...(l.history?.createdBy !== undefined ? { createdBy: l.history.createdBy } : {}),
    ...(l.history?.created ? { created: l.history.created } : {}),
    ...(l.history?.comment ? { comment: l.history.comment } : {}),
    compression: l.scan.compression,
    blobBytes: l.blobBytes,
    tarBytes: l.scan.tarBytes,
    sizeBytes: l.scan.contentBytes,
    entries: l.scan.entries.length,
    changes: applied.changes[i] as LayerChanges,
  }));
  const n = opts.largest ?? 20;
  const report: ImageReport = {
    layout: archive.layout,
    repoTags: archive.repoTags,
    ...(archive.configDigest ? { id: archive.configDigest } : {}),
    ...(archive.config.architecture ? { architecture: archive.config.architecture } : {}),
    ...(archive.config.os ? { os: archive.config.os } : {}),
    config: archive.config.config ?? {},
    sizeBytes: layers.reduce((s, l) => s + l.sizeBytes, 0),
    blobBytes: layers.reduce((s, l) => s + l.blobBytes, 0),
    tarBytes: layers.reduce((s, l) => s + l.tarBytes, 0),
    finalBytes: applied.finalBytes,
    wastedBytes: applied.wastedBytes,
    layers,
    history: archive.history,
    largestFiles: largestFiles(tree, n),
    largestDirs: directorySizes(tree, { maxDepth: opts.dirDepth ?? 3, limit: n }),
    packages,
    ...(osText !== undefined ? { osRelease: parseOsRelease(osText) } : {}),
    linkage,
    captureSkipped: scans.flatMap((s) => s.captureSkipped),
  };
  return { report, archive, tree, read, elfAt };
}
