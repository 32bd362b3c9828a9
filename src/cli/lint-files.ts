// Which files `slimstage lint DIR` reads: Dockerfile, *.Dockerfile, Dockerfile.*, Containerfile, found
// recursively, skipping what .gitignore files (at every level) exclude, and .git/node_modules.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { createRequire } from "node:module";
import type { Ignore } from "ignore";
import { CONFIG_NAMES, parseConfig, type LintConfig } from "../lint/config.js";
import type { RunFiles } from "./files.js";

function isDockerfileName(name: string): boolean {
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

/** A config file, read like every input of the run (size cap, regular files, strict UTF-8). */
export function loadConfig(file: string, files: RunFiles): LintConfig {
  return parseConfig(files.readText(file, file), file);
}

/** The nearest config file from `dir` upwards (the first name of CONFIG_NAMES found in a directory wins). */
export function findConfig(dir: string): string | undefined {
  for (let d = dir; ; d = dirname(d)) {
    for (const name of CONFIG_NAMES) {
      const p = join(d, name);
      if (existsSync(p)) return p;
    }
    if (dirname(d) === d) return undefined;
  }
}
