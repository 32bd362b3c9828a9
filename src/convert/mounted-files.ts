// A file a RUN reads through a bind mount of the build context (`RUN --mount=type=bind,source=requirements.txt,
// target=/tmp/requirements.txt pip install -r /tmp/requirements.txt`): it is in no layer, but the build reads it
// all the same, so the manifests a conversion follows are found there too.
import { posix } from "node:path";
import type { Step } from "../model/stages.js";
import type { ContextReader } from "./types.js";

const clean = (src: string): string =>
  posix
    .normalize(src.replace(/^(\.\/|\/)+/, ""))
    .replace(/\/+$/, "")
    .replace(/^\.$/, "");

/** The context file a bind mount of `step` (a RUN) shows at `imagePath`, with its context path. */
export function boundContextFile(imagePath: string, step: Step | undefined, context: ContextReader): { contextPath: string; text: string } | undefined {
  if (!step || step.instruction.kind !== "RUN") return undefined;
  const path = posix.normalize(imagePath);
  for (const m of step.expanded.mounts ?? []) {
    // a bind mount of another stage or image is not the build context
    if (m.type !== "bind" || m.from !== undefined) continue;
    const target = m.target === undefined ? undefined : m.target.startsWith("/") ? posix.normalize(m.target) : posix.join(step.workdir, m.target);
    if (!target) continue;
    const source = clean(m.source ?? ".");
    const rel = path === target ? "" : path.startsWith(target === "/" ? "/" : `${target}/`) ? path.slice(target === "/" ? 1 : target.length + 1) : undefined;
    if (rel === undefined) continue;
    const contextPath = rel === "" ? source : source === "" ? rel : posix.join(source, rel);
    const text = contextPath === "" ? undefined : context.read(contextPath);
    if (text !== undefined) return { contextPath, text };
  }
  return undefined;
}
