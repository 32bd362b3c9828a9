// A file copied in only to be used and removed by a build step (`COPY wheels/ /tmp/wheels/` then
// `RUN pip install --find-links /tmp/wheels … && rm -rf /tmp/wheels`): the original image does not have it, so the
// final stage, where that RUN does not run again, must not copy it either. Such a COPY stays in the builder only.
import { posix } from "node:path";
import { joinPath } from "../model/stages.js";
import { mayNotRun } from "./may-not-run.js";
import type { StepPlan } from "./steps.js";
import type { Decision } from "./types.js";

const inside = (path: string, dir: string): boolean => path === dir || path.startsWith(dir.endsWith("/") ? dir : `${dir}/`);
const clean = (p: string): string => (p === "/" ? p : posix.normalize(p).replace(/\/$/, ""));

/**
 * What a COPY/ADD from the context writes, absolute: its destination, and when that is a directory, the file each
 * plain file source lands as (`COPY app.tar.gz /tmp/` writes /tmp/app.tar.gz). A source that may be a directory
 * (no extension, a trailing slash, a glob) spreads its contents: then only the destination itself counts.
 */
function copyWrites(p: StepPlan): { dest: string; files?: string[] } | undefined {
  const ins = p.step.instruction;
  if ((ins.kind !== "COPY" && ins.kind !== "ADD") || (ins.kind === "COPY" && ins.from !== undefined)) return undefined;
  const rawDest = p.step.expanded.dest ?? ins.dest;
  if (rawDest.includes("$")) return undefined;
  const dest = clean(rawDest.startsWith("/") ? rawDest : joinPath(p.step.workdir, rawDest));
  const sources = p.step.expanded.sources ?? ins.sources;
  const intoDir = rawDest.endsWith("/") || sources.length + ins.contents.length > 1;
  if (!intoDir || ins.contents.length) return { dest };
  // an ADD of a local archive unpacks it: its files are not known
  const fileLike = (src: string) =>
    !/[*?[]/.test(src) && !src.endsWith("/") && /[^/]\.[A-Za-z0-9]+$/.test(src) && !(ins.kind === "ADD" && /\.(tar|tgz|gz|bz2|xz|zst)$/.test(src));
  return sources.every(fileLike) ? { dest, files: sources.map((src) => posix.join(dest, posix.basename(src))) } : { dest };
}

/** Paths a builder-only RUN removes (`rm -rf X`), absolute. */
function removedBy(p: StepPlan): string[] {
  if (p.role !== "build" || !p.run) return [];
  const out: string[] = [];
  for (const { value: f } of p.run.facts) {
    // `rm -rf /tmp/wheels` is read as a cache cleanup when the path looks like one
    if (!((f.kind === "file-op" && f.op === "remove") || f.kind === "cache-cleanup")) continue;
    const script = p.run.scripts.find((sc) => sc.commands.some((c) => c.index === f.command && c.range.start.offset === f.range.start.offset));
    const cmd = script?.commands.find((c) => c.index === f.command && c.range.start.offset === f.range.start.offset);
    // a removal behind a condition or `||` may not happen: the original may still have the file
    if (cmd && script && mayNotRun(cmd, script.commands)) continue;
    const cwd = cmd?.cwd === undefined ? p.step.workdir : cmd.cwd.startsWith("/") ? cmd.cwd : joinPath(p.step.workdir, cmd.cwd);
    for (const path of f.paths) if (!/[*?[$]/.test(path)) out.push(clean(path.startsWith("/") ? path : joinPath(cwd, path)));
  }
  return out;
}

/** Moves to the builder only every COPY whose destination a later builder-only RUN removes; says which. */
export function keepRemovedCopiesInBuilder(plans: StepPlan[]): Decision[] {
  const decisions: Decision[] = [];
  for (const p of plans) {
    if (p.role !== "both") continue;
    const writes = copyWrites(p);
    if (!writes || writes.dest === "/") continue;
    const gone = (path: string, removed: string[]) => removed.some((r) => r !== "/" && inside(path, r));
    const remover = plans.find((q) => {
      if (q.index <= p.index) return false;
      const removed = removedBy(q);
      return gone(writes.dest, removed) || (writes.files !== undefined && writes.files.every((f) => gone(f, removed)));
    });
    if (!remover) continue;
    const dest = gone(writes.dest, removedBy(remover)) ? writes.dest : (writes.files ?? []).join(", ");
    p.role = "build";
    decisions.push({
      kind: "note",
      lines: [p.line, remover.line],
      message: `line ${p.line}: what it copies to ${dest} is removed again by line ${remover.line}, which stays in the builder, so the final stage does not copy it either (the original image does not have it)`,
    });
  }
  return decisions;
}
