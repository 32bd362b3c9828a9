// The build context as the converter sees it: files read relative to a directory, never outside it.
import { readFileSync, statSync } from "node:fs";
import { relative, resolve } from "node:path";
import { UsageError } from "../errors.js";
import type { ContextReader } from "../convert/types.js";

export function directoryContext(dir: string): ContextReader {
  const root = resolve(dir);
  let ok = false;
  try {
    ok = statSync(root).isDirectory();
  } catch {
    ok = false;
  }
  if (!ok) throw new UsageError(`${dir}: the build context must be a directory`);
  return {
    read(path: string): string | undefined {
      const full = resolve(root, path);
      const rel = relative(root, full);
      if (rel.startsWith("..") || rel === "") return undefined;
      try {
        return readFileSync(full, "utf8");
      } catch {
        return undefined;
      }
    },
  };
}
