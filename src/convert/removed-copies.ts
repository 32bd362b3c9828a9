// A file copied in only to be used and removed by a build step (`COPY wheels/ /tmp/wheels/` then
// `RUN pip install --find-links /tmp/wheels … && rm -rf /tmp/wheels`): the original image does not have it, so the
// final stage, where that RUN does not run again, must not copy it either. Such a COPY stays in the builder only.
import { posix } from "node:path";
import { joinPath } from "../model/stages.js";
import type { StepPlan } from "./steps.js";
import type { Decision } from "./types.js";

const inside = (path: string, dir: string): boolean => path === dir || path.startsWith(dir.endsWith("/") ? dir : `${dir}/`);
const clean = (p: string): string => (p === "/" ? p : posix.normalize(p).replace(/\/$/, ""));

/** The absolute paths a COPY/ADD from the context writes: the destination itself (a directory or a file). */
function copyDestination(p: StepPlan): string | undefined {
  const ins = p.step.instruction;
  if ((ins.kind !== "COPY" && ins.kind !== "ADD") || (ins.kind === "COPY" && ins.from !== undefined)) return undefined;
  if (ins.dest.includes("$")) return undefined;
  return clean(ins.dest.startsWith("/") ? ins.dest : joinPath(p.step.workdir, ins.dest));
}

/** Paths a builder-only RUN removes (`rm -rf X`), absolute. */
function removedBy(p: StepPlan): string[] {
  if (p.role !== "build" || !p.run) return [];
  const out: string[] = [];
  for (const { value: f } of p.run.facts) {
    // `rm -rf /tmp/wheels` is read as a cache cleanup when the path looks like one
    if (!((f.kind === "file-op" && f.op === "remove") || f.kind === "cache-cleanup")) continue;
    const cmd = p.run.scripts.flatMap((s) => s.commands).find((c) => c.index === f.command && c.range.start.offset === f.range.start.offset);
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
    const dest = copyDestination(p);
    if (!dest || dest === "/") continue;
    const remover = plans.find((q) => q.index > p.index && removedBy(q).some((r) => r !== "/" && inside(dest, r)));
    if (!remover) continue;
    p.role = "build";
    decisions.push({
      kind: "note",
      lines: [p.line, remover.line],
      message: `line ${p.line}: what it copies to ${dest} is removed again by line ${remover.line}, which stays in the builder, so the final stage does not copy it either (the original image does not have it)`,
    });
  }
  return decisions;
}
