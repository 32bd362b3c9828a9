// Which files `slimstage lint DIR` reads: Dockerfile, *.Dockerfile, Dockerfile.*, Containerfile, found
// recursively, skipping what .gitignore files (at every level) exclude, and .git/node_modules.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { createRequire } from "node:module";
import type { Ignore } from "ignore";

export function isDockerfileName(name: string): boolean {
  return name === "Dockerfile" || name === "Containerfile" || name.endsWith(".Dockerfile") || (name.startsWith("Dockerfile.") && !name.endsWith(".orig"));
}

interface Rules {
  base: string;
  ig: Ignore;
}

/** Dockerfiles under `dir`, sorted. */
export function findDockerfiles(dir: string): string[] {
  // loaded on first use: only directory arguments need .gitignore matching
  const ignore = createRequire(import.meta.url)("ignore") as (options?: object) => Ignore;
  const out: string[] = [];
  const walk = (d: string, rules: Rules[]) => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    let here = rules;
    try {
      const gi = readFileSync(join(d, ".gitignore"), "utf8");
      here = [...rules, { base: d, ig: ignore().add(gi) }];
    } catch {
      // no .gitignore here
    }
    const ignored = (p: string, isDir: boolean) =>
      here.some((r) => {
        const rel = relative(r.base, p);
        return rel !== "" && !rel.startsWith("..") && r.ig.ignores(isDir ? rel + "/" : rel);
      });
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(d, e.name);
      if (e.isDirectory()) {
        if (e.name === ".git" || e.name === "node_modules" || ignored(p, true)) continue;
        walk(p, here);
      } else if ((e.isFile() || e.isSymbolicLink()) && isDockerfileName(e.name) && !ignored(p, false)) {
        out.push(p);
      }
    }
  };
  walk(dir, []);
  return out;
}
