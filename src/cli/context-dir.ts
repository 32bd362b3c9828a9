// The build context as the converter sees it: files read relative to a directory, never outside it. Paths are
// resolved the way BuildKit resolves a COPY source inside the context: the context directory is the root, so
// `..` stops at it and a symlink's target is read relative to it (an absolute target `/etc/passwd` means
// `<context>/etc/passwd`). A link can therefore never lead out of the context, and only regular files are read,
// with the run's input limit.
import { realpathSync, statSync } from "node:fs";
import { join } from "node:path";
import { UsageError } from "../errors.js";
import type { ContextReader } from "../convert/types.js";
import { DEFAULT_MAX_INPUT_BYTES, realFs, RunFiles, type FileSystem } from "./files.js";
import { escapeControls } from "./terminal.js";

/** Linux gives up after 40 links; BuildKit's resolver after 255. A loop ends here either way. */
const MAX_LINKS = 255;

/**
 * `rel` (slash-separated, relative to the context) → an absolute path inside `root` whose components are no
 * symlinks, or undefined when a component is missing, not a directory, or the links loop.
 */
export function resolveInContext(root: string, rel: string, fs: Pick<FileSystem, "lstatSync" | "readlinkSync"> = realFs): string | undefined {
  let rest = rel.split("/").filter((p) => p !== "" && p !== ".");
  const inside: string[] = [];
  let links = 0;
  while (rest.length > 0) {
    const part = rest[0] as string;
    rest = rest.slice(1);
    if (part === "..") {
      inside.pop();
      continue;
    }
    const here = join(root, ...inside, part);
    let isLink: boolean;
    try {
      isLink = fs.lstatSync(here).isSymbolicLink();
    } catch {
      return undefined;
    }
    if (!isLink) {
      inside.push(part);
      continue;
    }
    if (++links > MAX_LINKS) return undefined;
    let target: string;
    try {
      target = fs.readlinkSync(here);
    } catch {
      return undefined;
    }
    if (target.startsWith("/")) inside.length = 0;
    rest = [...target.split("/").filter((p) => p !== "" && p !== "."), ...rest];
  }
  return inside.length === 0 ? undefined : join(root, ...inside);
}

/** The context directory `dir`; its files are read through the run's `files` (limit, inputs), if given. */
export function directoryContext(
  dir: string,
  files: RunFiles = new RunFiles(dir, DEFAULT_MAX_INPUT_BYTES, () => Promise.resolve(Buffer.alloc(0))),
  /** The context as the user named it, for messages. */
  shownDir: string = dir,
): ContextReader {
  let root: string;
  try {
    root = realpathSync(dir);
    if (!statSync(root).isDirectory()) throw new Error("not a directory");
  } catch {
    throw new UsageError(`${escapeControls(dir)}: the build context must be a directory`);
  }
  return {
    read(path: string): string | undefined {
      const full = resolveInContext(root, path);
      if (full === undefined) return undefined;
      let regular = false;
      try {
        regular = statSync(full).isFile();
      } catch {
        regular = false;
      }
      // a FIFO, a device or a directory in the context has no text to read
      if (!regular) return undefined;
      const shown = escapeControls(join(shownDir, path));
      return files.readText(full, shown);
    },
  };
}
