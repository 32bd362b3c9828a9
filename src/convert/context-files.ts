// Which file of the build context a path in the image comes from: the last COPY/ADD (without --from) that put
// something at that path, followed back to its source. Scripts the container runs and the manifests a build
// reads are found this way, so `COPY docker/ /usr/local/bin/` or `COPY . .` under a WORKDIR resolve as BuildKit
// would place them.
import { posix } from "node:path";
import type { Step } from "../model/stages.js";
import { boundContextFile } from "./mounted-files.js";
import type { ContextReader } from "./types.js";

export interface ContextFile {
  /** Path in the image. */
  imagePath: string;
  /** Path relative to the context root; undefined for a heredoc body (`COPY <<EOF /path`). */
  contextPath: string | undefined;
  text: string;
  /** Line of the COPY/ADD that put it there. */
  line: number;
}

const abs = (dir: string, p: string): string => {
  const path = p.startsWith("/") ? posix.normalize(p) : posix.join(dir, p);
  return path.length > 1 ? path.replace(/\/+$/, "") : path;
};
const clean = (src: string): string =>
  posix
    .normalize(src.replace(/^(\.\/|\/)+/, ""))
    .replace(/\/+$/, "")
    .replace(/^\.$/, "");
const isGlob = (s: string): boolean => /[*?[]/.test(s);

function globRegExp(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|\\]/g, "\\$&")
    .replace(/\*/g, "[^/]*")
    .replace(/\?/g, "[^/]");
  return new RegExp(`^${body}$`);
}

/** The context file at `imagePath`, through the COPY/ADD steps before step `before` (default: all of them). */
export function contextFileAt(imagePath: string, steps: readonly Step[], context: ContextReader | undefined, before = steps.length): ContextFile | undefined {
  const path = posix.normalize(imagePath);
  // what the RUN itself bind-mounts from the context comes first (mounted-files.ts)
  const run = steps[before];
  const bound = context && run ? boundContextFile(path, run, context) : undefined;
  if (bound && run) return { imagePath: path, ...bound, line: run.instruction.range.start.line };
  for (let i = Math.min(before, steps.length) - 1; i >= 0; i--) {
    const st = steps[i] as Step;
    const ins = st.instruction;
    if (ins.kind !== "COPY" && ins.kind !== "ADD") continue;
    if (ins.kind === "COPY" && ins.from !== undefined) continue;
    const rawDest = st.expanded.dest ?? ins.dest;
    const dest = abs(st.workdir, rawDest);
    const sources = st.expanded.sources ?? ins.sources;
    const destIsDir = rawDest.endsWith("/") || sources.length + ins.contents.length > 1;
    for (const c of ins.contents) {
      const target = destIsDir ? posix.join(dest, c.path) : dest;
      if (target === path) return { imagePath: path, contextPath: undefined, text: c.data, line: ins.range.start.line };
    }
    if (!context) continue;
    for (const raw of sources) {
      if (/^[a-z]+:\/\//i.test(raw) || raw.startsWith("git@")) continue;
      const src = clean(raw);
      const found = (contextPath: string): ContextFile | undefined => {
        const text = context.read(contextPath);
        return text === undefined ? undefined : { imagePath: path, contextPath, text, line: ins.range.start.line };
      };
      if (isGlob(src)) {
        // `COPY *.sh /usr/local/bin/`: files matching the pattern land in the destination directory
        if (posix.dirname(path) === dest && globRegExp(posix.basename(src)).test(posix.basename(path))) {
          const hit = found(posix.join(posix.dirname(src), posix.basename(path)));
          if (hit) return hit;
        }
        continue;
      }
      // a file source: at dest, or inside dest when dest is a directory
      if (src !== "") {
        const asFile = context.read(src);
        if (asFile !== undefined) {
          const target = destIsDir ? posix.join(dest, posix.basename(src)) : dest;
          if (target === path) return { imagePath: path, contextPath: src, text: asFile, line: ins.range.start.line };
          // COPY file /existing-dir (no trailing slash) also lands inside it
          if (posix.join(dest, posix.basename(src)) === path) return { imagePath: path, contextPath: src, text: asFile, line: ins.range.start.line };
          continue;
        }
      }
      // a directory source: its contents land under dest
      if (path.startsWith(dest === "/" ? "/" : `${dest}/`)) {
        const rel = path.slice(dest === "/" ? 1 : dest.length + 1);
        const hit = found(src === "" ? rel : posix.join(src, rel));
        if (hit) return hit;
      }
    }
  }
  return undefined;
}
