// The image reader: docker save archives → layers, final tree, sizes, packages, ELF linkage.
export { readImageArchive, type ArchiveLayer, type ImageArchive, type ImageConfigFile, type ReadArchiveOptions } from "./archive.js";
export {
  analyzeArchive,
  defaultCapture,
  inspectArchive,
  parseOsRelease,
  type ImageReport,
  type InspectOptions,
  type InspectResult,
  type LayerReport,
} from "./inspect.js";
export { scanLayer, detectCompression, contentSize, DEFAULT_MAX_CAPTURE, type ScanOptions } from "./layer-scan.js";
export { applyLayers, directorySizes, FileTree, largestFiles, type AppliedLayers, type LayerChanges, type SizedPath, type TreeFile } from "./tree.js";
export { bufferSource, DEFAULT_ELF_WINDOW, ElfCollector, isElf, parseElf, type ByteSource, type ElfInfo, type ElfType } from "./elf.js";
export { ldSoConfDirs, resolveLinkage, resolveNeeded, systemDirs, type ElfLinkage, type LibraryResolution, type LinkageReport } from "./linkage.js";
export { parseApkInstalled, parseDpkgStatus, parseStanzas, type InstalledPackage } from "./packages.js";
export { ImageArchiveError } from "./errors.js";
export type { EntryType, FileEntry, HistoryItem, LayerScan } from "./types.js";
