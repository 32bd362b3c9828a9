// What the search reads from the build context directory before building: the Go sources that import "C". The
// context is the engine's input (it sends it to BuildKit), so reading it is an edge like the build itself.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const GO_SOURCE_LIMIT = 20_000;
const SKIP_DIRS = new Set([".git", "node_modules"]);
const IMPORT_C = /^\s*import\s*(?:"C"|\(\s*(?:[^)]*\n\s*)?"C")/m;

/** Build-context .go files that import "C"; `read: false` when there were too many files to read them all. */
export function cgoSources(context: string): { read: boolean; files: string[] } {
  const files: string[] = [];
  let seen = 0;
  const walk = (dir: string): boolean => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return true;
    }
    for (const e of entries) {
      if (++seen > GO_SOURCE_LIMIT) return false;
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name) && !walk(p)) return false;
      } else if (e.isFile() && e.name.endsWith(".go")) {
        try {
          if (statSync(p).size <= 4 << 20 && IMPORT_C.test(readFileSync(p, "utf8"))) files.push(relative(context, p));
        } catch {
          // unreadable: the build cannot read it either
        }
      }
    }
    return true;
  };
  const read = walk(context);
  return { read, files: files.sort() };
}
