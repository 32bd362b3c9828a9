// Where `go build` without -o puts its binary: in the directory it runs in, named after the main package's import
// path (module mode: the module path from go.mod plus the package's directory, a major-version suffix /vN skipped)
// or, in GOPATH mode (no go.mod), after the directory. go.mod is read from the build context through the COPY that
// put the sources where the build runs.
import { posix } from "node:path";
import { joinPath, type Step } from "../model/stages.js";
import { contextDirOf } from "./app-files.js";
import type { ContextReader } from "./types.js";

export interface GoDefaultOutput {
  path: string;
  /** How the name was found, for --explain. */
  how: string;
}

/** The module path go.mod declares. */
export function modulePath(gomod: string): string | undefined {
  const m = /^\s*module\s+("?)([^\s"]+)\1\s*$/m.exec(gomod);
  return m?.[2];
}

/** Go's default executable name for an import path: its last element, or the one before a /vN suffix. */
export function defaultExecName(importPath: string): string {
  const parts = importPath.split("/").filter(Boolean);
  const last = parts.at(-1) ?? "";
  if (parts.length > 1 && /^v[2-9][0-9]*$/.test(last)) return parts.at(-2)!;
  return last;
}

/** The binary `go build` (no -o, the package in the cwd) writes in `cwd`, when it can be known. */
export function goDefaultOutput(cwd: string, steps: Step[], context: ContextReader | undefined): GoDefaultOutput | undefined {
  if (!context) return undefined;
  const dir = contextDirOf(cwd, steps);
  if (dir === undefined) return undefined;
  // go.mod in the package's directory or the nearest one above it that the COPY brought along
  let mod = dir;
  for (;;) {
    const text = context.read(mod === "." ? "go.mod" : `${mod}/go.mod`);
    if (text !== undefined) {
      const module = modulePath(text);
      if (!module) return undefined;
      const sub = posix.relative(mod, dir);
      const importPath = sub ? `${module}/${sub}` : module;
      return {
        path: joinPath(cwd, defaultExecName(importPath)),
        how: `module ${module}${sub ? ` (package ${importPath})` : ""} from ${mod === "." ? "" : `${mod}/`}go.mod`,
      };
    }
    if (mod === "." || mod === "" || mod === "/") break;
    mod = posix.dirname(mod);
    if (mod === "/") break;
  }
  // GOPATH mode: the directory's name
  if (cwd === "/") return undefined;
  return { path: cwd === "/" ? cwd : joinPath(cwd, posix.basename(cwd)), how: `no go.mod in the context: GOPATH mode names it after the directory` };
}
