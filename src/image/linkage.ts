// Runtime linkage: every dynamic ELF file's NEEDED libraries resolved the way the loader would, against the
// image's own files: RPATH (when no RUNPATH), LD_LIBRARY_PATH from the image config, RUNPATH, ld.so.conf(.d)
// directories, then the system directories. glibc's ld.so.cache is built from the same directories, so reading
// the configuration instead of the binary cache gives the same answer for images whose cache is current. musl
// reads /etc/ld-musl-ARCH.path instead.
import type { ElfInfo } from "./elf.js";
import { dirnameOf, globToRegExp, normalizePath } from "./paths.js";
import type { FileTree } from "./tree.js";

export interface LibraryResolution {
  name: string;
  /** The path it resolves to (before following symlinks), or null when not found. */
  path: string | null;
}

export interface ElfLinkage {
  path: string;
  elf: ElfInfo;
  libraries: LibraryResolution[];
  /** NEEDED names not found. */
  unresolved: string[];
}

export interface LinkageReport {
  files: ElfLinkage[];
  /** Files with at least one unresolved library. */
  unresolved: ElfLinkage[];
  /** ELF files whose dynamic section could not be read (e.g. larger than the window). */
  incomplete: { path: string; problem: string }[];
  /** The ld.so.conf directories found, in order. */
  configuredDirs: string[];
}

/** Reads ld.so.conf with its `include` globs (relative to /etc); `hwcap` lines and comments are ignored. */
export function ldSoConfDirs(tree: FileTree, read: (path: string) => string | undefined): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const visit = (file: string, depth: number) => {
    if (depth > 8 || seen.has(file)) return;
    seen.add(file);
    const text = read(file);
    if (text === undefined) return;
    for (const raw of text.split("\n")) {
      const line = raw.replace(/#.*/, "").trim();
      if (line === "") continue;
      const inc = /^include\s+(.+)$/.exec(line);
      if (inc) {
        for (const pattern of (inc[1] ?? "").split(/\s+/)) {
          const abs = pattern.startsWith("/") ? pattern : `/etc/${pattern}`;
          for (const f of globTree(tree, normalizePath(abs)).sort()) visit(f, depth + 1);
        }
        continue;
      }
      if (/^hwcap\s/.test(line)) continue;
      for (const d of line.split(/[:,\s]+/)) if (d.startsWith("/")) out.push(normalizePath(d));
    }
  };
  visit("etc/ld.so.conf", 0);
  return [...new Set(out)];
}

/** Paths in the tree matching a glob (wildcards in any component). */
function globTree(tree: FileTree, pattern: string): string[] {
  let current = [""];
  for (const part of pattern.split("/")) {
    const next: string[] = [];
    for (const dir of current) {
      const real = tree.resolve(dir) ?? dir;
      if (/[*?[]/.test(part)) {
        const re = globToRegExp(part);
        for (const name of tree.list(real)) if (re.test(name)) next.push(dir ? `${dir}/${name}` : name);
      } else {
        const p = dir ? `${dir}/${part}` : part;
        if (tree.resolve(p) !== undefined) next.push(p);
      }
    }
    current = next;
  }
  return current;
}

const MULTIARCH: Record<string, string> = {
  "x86-64": "x86_64-linux-gnu",
  i386: "i386-linux-gnu",
  aarch64: "aarch64-linux-gnu",
  arm: "arm-linux-gnueabihf",
  ppc64: "powerpc64le-linux-gnu",
  s390: "s390x-linux-gnu",
  riscv: "riscv64-linux-gnu",
  mips: "mips64el-linux-gnuabi64",
};

function isMusl(elf: ElfInfo): boolean {
  return /ld-musl-/.test(elf.interpreter ?? "");
}

export interface LinkageOptions {
  /** LD_LIBRARY_PATH from the image config's Env. */
  ldLibraryPath?: string;
  /** Contents of files in the final tree (ld.so.conf, ld-musl-*.path), by normalized path. */
  read: (path: string) => string | undefined;
  /** ELF facts of files in the final tree, by normalized path (to reject a library of the wrong class/machine). */
  elfAt: (path: string) => ElfInfo | undefined;
}

/** The loader's default directories for an object of this kind. */
export function systemDirs(elf: ElfInfo, read: (path: string) => string | undefined, tree: FileTree): string[] {
  if (isMusl(elf)) {
    const pathFile = globTree(tree, "etc/ld-musl-*.path")[0];
    const text = pathFile ? read(pathFile) : undefined;
    if (text !== undefined)
      return text
        .split(/[:\n]/)
        .map((d) => d.trim())
        .filter((d) => d.startsWith("/"))
        .map(normalizePath);
    return ["lib", "usr/local/lib", "usr/lib"];
  }
  const tuple = MULTIARCH[elf.machineName];
  const multi = tuple ? [`lib/${tuple}`, `usr/lib/${tuple}`] : [];
  const sixtyFour = elf.bits === 64 ? ["lib64", "usr/lib64"] : ["lib32", "usr/lib32"];
  return [...multi, ...sixtyFour, "lib", "usr/lib"];
}

function expand(dir: string, origin: string, elf: ElfInfo): string[] {
  let d = dir.replace(/\$\{ORIGIN\}|\$ORIGIN(?![A-Za-z0-9_])/g, "/" + origin);
  if (/\$\{?LIB\}?/.test(d)) {
    const libs = elf.bits === 64 ? ["lib64", "lib"] : ["lib", "lib32"];
    return libs.flatMap((l) => expand(d.replace(/\$\{LIB\}|\$LIB(?![A-Za-z0-9_])/g, l), origin, elf));
  }
  if (/\$\{?PLATFORM\}?/.test(d)) return [];
  d = d.startsWith("/") ? d : "/" + d; // Relative entries are relative to the process's cwd; "/" is our best guess.
  return [normalizePath(d)];
}

function compatible(lib: ElfInfo | undefined, elf: ElfInfo): boolean {
  return lib === undefined || (lib.bits === elf.bits && lib.machine === elf.machine && lib.endian === elf.endian);
}

// HotSpot's launcher (bin/java) loads lib/<vm>/libjvm.so itself before any other JDK library; their NEEDED
// libjvm.so is then satisfied by that SONAME, not by a search path (their RPATH is only $ORIGIN).
const JVM_DIRS = ["server", "client", "minimal", "zero"];

/** The libjvm.so a JDK library's launcher has loaded already, when `name` is that and it sits below `origin`. */
function preloadedByLauncher(tree: FileTree, name: string, origin: string): string | null {
  if (name !== "libjvm.so") return null;
  for (const vm of JVM_DIRS) {
    const p = normalizePath(`${origin}/${vm}/libjvm.so`);
    const real = tree.resolve(p);
    if (real !== undefined && tree.get(real)?.type !== "dir") return p;
  }
  return null;
}

/** Resolves one file's NEEDED list. */
export function resolveNeeded(tree: FileTree, path: string, elf: ElfInfo, opts: LinkageOptions, confDirs: string[]): ElfLinkage {
  const origin = dirnameOf(path);
  const dirs: string[] = [];
  const add = (list: readonly string[]) => list.forEach((d) => dirs.push(...expand(d, origin, elf)));
  if (elf.runpath.length === 0) add(elf.rpath);
  add((opts.ldLibraryPath ?? "").split(/[:;]/).filter((d) => d !== ""));
  add(elf.runpath);
  if (!isMusl(elf)) dirs.push(...confDirs);
  dirs.push(...systemDirs(elf, opts.read, tree));
  const unique = [...new Set(dirs)];
  const libraries: LibraryResolution[] = elf.needed.map((name) => {
    if (name.includes("/")) {
      const p = normalizePath(name);
      const real = tree.resolve(p);
      return { name, path: real !== undefined && tree.get(real)?.type !== "dir" ? p : null };
    }
    for (const d of unique) {
      const p = d ? `${d}/${name}` : name;
      const real = tree.resolve(p);
      if (real === undefined) continue;
      const f = tree.get(real);
      if (!f || f.type === "dir") continue;
      if (!compatible(opts.elfAt(real), elf)) continue;
      return { name, path: p };
    }
    return { name, path: preloadedByLauncher(tree, name, origin) };
  });
  return { path, elf, libraries, unresolved: libraries.filter((l) => l.path === null).map((l) => l.name) };
}

/** Linkage of every dynamic ELF file in the final tree. */
export function resolveLinkage(tree: FileTree, elfFiles: Iterable<[string, ElfInfo]>, opts: LinkageOptions): LinkageReport {
  const confDirs = ldSoConfDirs(tree, opts.read);
  const files: ElfLinkage[] = [];
  const incomplete: { path: string; problem: string }[] = [];
  for (const [path, elf] of elfFiles) {
    if (!elf.complete) incomplete.push({ path, problem: elf.problem ?? "incomplete" });
    if (elf.static || elf.needed.length === 0) continue;
    files.push(resolveNeeded(tree, path, elf, opts, confDirs));
  }
  return { files, unresolved: files.filter((f) => f.unresolved.length > 0), incomplete, configuredDirs: confDirs };
}
