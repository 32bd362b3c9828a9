// Layers applied in order (OCI rules: whiteouts and opaque markers hide lower-layer content, then the layer's
// own entries are added) → the exact final file tree, per-layer change counts and wasted bytes. Pure.
import { contentSize } from "./layer-scan.js";
import { dirnameOf } from "./paths.js";
import type { FileEntry, LayerScan } from "./types.js";

/** A file in the final tree and the layer (0-based) that put it there. */
export interface TreeFile extends FileEntry {
  layer: number;
}

export interface LayerChanges {
  /** Paths new in this layer. */
  added: number;
  /** Paths that replaced a lower layer's entry (content or metadata). */
  modified: number;
  /** Lower-layer entries this layer removed (whiteouts, opaque dirs, a directory replaced by a file). */
  removed: number;
  /** Bytes of lower-layer files this layer deleted or overwrote. */
  removedBytes: number;
  /** Bytes this layer wrote that are not in the final image (overwritten or deleted later, or twice in the layer). */
  wastedBytes: number;
}

interface Node {
  entry?: FileEntry;
  layer: number;
  children?: Map<string, Node>;
}

export class FileTree {
  private readonly root: Node = { layer: -1, children: new Map() };

  /** The node at `path` (no symlink resolution). */
  private node(path: string): Node | undefined {
    if (path === "") return this.root;
    let n: Node | undefined = this.root;
    for (const part of path.split("/")) {
      n = n.children?.get(part);
      if (!n) return undefined;
    }
    return n;
  }

  get(path: string): TreeFile | undefined {
    const n = this.node(path);
    if (!n || n === this.root) return undefined;
    return n.entry ? { ...n.entry, layer: n.layer } : { path, type: "dir", size: 0, mode: 0o755, uid: 0, gid: 0, layer: n.layer };
  }

  has(path: string): boolean {
    return this.node(path) !== undefined;
  }

  /** Names in a directory (empty for non-directories). */
  list(dir: string): string[] {
    const n = this.node(dir);
    return n?.children ? [...n.children.keys()] : [];
  }

  /** Every path in the tree, depth first, parents before children. */
  *walk(): Generator<TreeFile> {
    const stack: [string, Node][] = [];
    const push = (prefix: string, n: Node) => {
      const kids = [...(n.children ?? new Map<string, Node>()).entries()].sort((a, b) => (a[0] < b[0] ? 1 : -1));
      for (const [name, child] of kids) stack.push([prefix ? `${prefix}/${name}` : name, child]);
    };
    push("", this.root);
    while (stack.length > 0) {
      const [path, n] = stack.pop() as [string, Node];
      yield n.entry ? { ...n.entry, layer: n.layer } : { path, type: "dir", size: 0, mode: 0o755, uid: 0, gid: 0, layer: n.layer };
      push(path, n);
    }
  }

  /**
   * Follows symlinks (in every component, absolute targets relative to the image root) to the final path, or
   * undefined when something along the way does not exist or links loop.
   */
  resolve(path: string, maxLinks = 40): string | undefined {
    const todo = path.split("/").filter((p) => p !== "" && p !== ".");
    const done: string[] = [];
    let links = 0;
    while (todo.length > 0) {
      const part = todo.shift() as string;
      if (part === "..") {
        done.pop();
        continue;
      }
      const cur = [...done, part].join("/");
      const n = this.node(cur);
      if (!n) return undefined;
      if (n.entry?.type === "symlink") {
        if (++links > maxLinks) return undefined;
        const target = n.entry.linkTarget ?? "";
        if (target.startsWith("/")) done.length = 0;
        todo.unshift(...target.split("/").filter((p) => p !== "" && p !== "."));
        continue;
      }
      done.push(part);
    }
    return done.join("/");
  }

  // --- building ---

  /** Removes `n`'s subtree, calling `onRemove` for every entry in it. */
  private drop(n: Node, onRemove: (n: Node) => void): void {
    for (const child of n.children?.values() ?? []) this.drop(child, onRemove);
    onRemove(n);
  }

  removePath(path: string, onRemove: (n: Node) => void): void {
    if (path === "") return;
    const parent = this.node(dirnameOf(path));
    const name = path.slice(path.lastIndexOf("/") + 1);
    const n = parent?.children?.get(name);
    if (!parent || !n) return;
    parent.children?.delete(name);
    this.drop(n, onRemove);
  }

  clearDir(path: string, onRemove: (n: Node) => void): void {
    const n = this.node(path);
    if (!n?.children) return;
    for (const child of n.children.values()) this.drop(child, onRemove);
    n.children.clear();
  }

  /** Inserts `e`; returns the node it replaced (its subtree already reported through `onRemove`). */
  put(e: FileEntry, layer: number, onRemove: (n: Node) => void): Node | undefined {
    let n = this.root;
    const parts = e.path.split("/");
    for (let i = 0; i < parts.length - 1; i++) {
      const part = parts[i] as string;
      n.children ??= new Map();
      let next = n.children.get(part);
      if (!next || (next.entry && next.entry.type !== "dir")) {
        // A missing parent appears implicitly; a non-directory in the way is replaced by it.
        if (next) this.drop(next, onRemove);
        next = { layer, children: new Map() };
        n.children.set(part, next);
      }
      n = next;
    }
    const name = parts[parts.length - 1] as string;
    n.children ??= new Map();
    const old = n.children.get(name);
    const isDir = e.type === "dir";
    if (old && isDir && (!old.entry || old.entry.type === "dir")) {
      // Directory over directory: metadata changes, lower contents stay.
      const replaced = { ...old };
      old.entry = e;
      old.layer = layer;
      return replaced;
    }
    if (old) {
      for (const child of old.children?.values() ?? []) this.drop(child, onRemove);
    }
    n.children.set(name, { entry: e, layer, ...(isDir ? { children: new Map() } : {}) });
    return old;
  }
}

export interface AppliedLayers {
  tree: FileTree;
  changes: LayerChanges[];
  /** Sum of wastedBytes: each overwritten or deleted file instance counted once. */
  wastedBytes: number;
  /** Docker's measure of the final tree (file bytes plus symlink target lengths). */
  finalBytes: number;
}

/** Applies layer scans in order, base first. */
export function applyLayers(layers: readonly LayerScan[]): AppliedLayers {
  const tree = new FileTree();
  const changes: LayerChanges[] = layers.map(() => ({ added: 0, modified: 0, removed: 0, removedBytes: 0, wastedBytes: 0 }));
  layers.forEach((scan, li) => {
    const me = changes[li] as LayerChanges;
    const onRemove = (n: Node) => {
      if (n.layer < 0) return;
      const bytes = n.entry ? contentSize(n.entry) : 0;
      (changes[n.layer] as LayerChanges).wastedBytes += bytes;
      if (n.layer < li) {
        me.removed += n.entry || n.children ? 1 : 0;
        me.removedBytes += bytes;
      }
    };
    for (const dir of scan.opaqueDirs) tree.clearDir(dir, onRemove);
    for (const path of scan.whiteouts) tree.removePath(path, onRemove);
    for (const e of scan.entries) {
      const old = tree.put(e, li, onRemove);
      if (!old || (!old.entry && old.layer === li)) me.added++;
      else {
        if (old.layer < li) me.modified++;
        const bytes = old.entry ? contentSize(old.entry) : 0;
        // A replaced directory's bytes are its children's, already counted through onRemove.
        if (bytes > 0 && old.layer >= 0) {
          (changes[old.layer] as LayerChanges).wastedBytes += bytes;
          if (old.layer < li) me.removedBytes += bytes;
        }
      }
    }
  });
  let finalBytes = 0;
  for (const f of tree.walk()) finalBytes += contentSize(f);
  return { tree, changes, wastedBytes: changes.reduce((s, c) => s + c.wastedBytes, 0), finalBytes };
}

export interface SizedPath {
  path: string;
  size: number;
  /** For directories: number of files below. */
  files?: number;
}

/** The `n` largest files of the final tree. */
export function largestFiles(tree: FileTree, n = 20): SizedPath[] {
  const all: SizedPath[] = [];
  for (const f of tree.walk()) if (f.type === "file") all.push({ path: f.path, size: f.size });
  return all.sort((a, b) => b.size - a.size || (a.path < b.path ? -1 : 1)).slice(0, n);
}

/** Directory sizes (recursive, Docker's measure), directories up to `maxDepth` components deep, largest first. */
export function directorySizes(tree: FileTree, opts: { maxDepth?: number; limit?: number } = {}): SizedPath[] {
  const maxDepth = opts.maxDepth ?? 3;
  const sizes = new Map<string, { size: number; files: number }>();
  for (const f of tree.walk()) {
    const bytes = contentSize(f);
    if (f.type === "dir") continue;
    let dir = dirnameOf(f.path);
    for (;;) {
      const depth = dir === "" ? 0 : dir.split("/").length;
      if (depth <= maxDepth && dir !== "") {
        const s = sizes.get(dir) ?? { size: 0, files: 0 };
        s.size += bytes;
        s.files += 1;
        sizes.set(dir, s);
      }
      if (dir === "") break;
      dir = dirnameOf(dir);
    }
  }
  const out = [...sizes.entries()].map(([path, s]) => ({ path, size: s.size, files: s.files }));
  out.sort((a, b) => b.size - a.size || (a.path < b.path ? -1 : 1));
  return opts.limit !== undefined ? out.slice(0, opts.limit) : out;
}
