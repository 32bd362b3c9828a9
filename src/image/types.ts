import type { ElfInfo } from "./elf.js";

export type EntryType = "file" | "dir" | "symlink" | "hardlink" | "char" | "block" | "fifo" | "other";

/** One member of a layer tar (whiteouts excluded), path normalized: no leading `/` or `./`, no trailing `/`. */
export interface FileEntry {
  path: string;
  type: EntryType;
  /** Content bytes for regular files; 0 for everything else (a hardlink shares its target's bytes). */
  size: number;
  /** Permission bits including setuid/setgid/sticky (`mode & 0o7777`). */
  mode: number;
  uid: number;
  gid: number;
  /** Symlink target, or the hardlink's target path (normalized). */
  linkTarget?: string;
}

export interface LayerScan {
  entries: FileEntry[];
  /** Paths a `.wh.NAME` whiteout deletes from lower layers. */
  whiteouts: string[];
  /** Directories whose lower-layer contents a `.wh..wh..opq` hides. */
  opaqueDirs: string[];
  compression: "gzip" | "none";
  /** Length of the (uncompressed) tar stream. */
  tarBytes: number;
  /** Docker's measure of a layer: regular-file bytes plus symlink target lengths (hardlinks counted once). */
  contentBytes: number;
  /** ELF facts by path, for ELF files (hardlinks included). */
  elf: Map<string, ElfInfo>;
  /** Bytes of the files the capture predicate selected. */
  captured: Map<string, Buffer>;
  /** Selected files that were larger than the capture limit, with their size. */
  captureSkipped: { path: string; size: number }[];
}

/** The image config's history entry. */
export interface HistoryItem {
  created?: string;
  createdBy?: string;
  comment?: string;
  emptyLayer: boolean;
}
