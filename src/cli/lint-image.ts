// `slimstage lint --image REF | --image-tar FILE`: reads the built image once (through the engine's `docker save`
// or an archive) and hands its unresolved ELF linkage to the linter, which itself reads no files.
import { statSync } from "node:fs";
import { UsageError } from "../errors.js";
import { inspectArchive } from "../image/index.js";
import type { BuiltImageLinkage } from "../lint/types.js";
import { engineFor, withEngineErrors } from "./engine-options.js";
import { fileKind, type RunFiles } from "./files.js";
import type { Io } from "./io.js";
import { escapeControls } from "./terminal.js";

export async function readImageLinkage(image: string | undefined, tar: string | undefined, io: Io, files: RunFiles): Promise<BuiltImageLinkage | undefined> {
  if (image === undefined && tar === undefined) return undefined;
  if (image !== undefined && tar !== undefined) throw new UsageError("give --image or --image-tar, not both");
  let tarPath: string | undefined;
  if (tar !== undefined) {
    tarPath = files.resolve(tar);
    const shown = escapeControls(tar);
    let st;
    try {
      st = statSync(tarPath);
    } catch {
      throw new UsageError(`--image-tar ${shown}: no such file`);
    }
    if (!st.isFile() && !st.isFIFO()) throw new UsageError(`--image-tar ${shown}: is ${fileKind(st)}, not an archive file`);
  }
  return withEngineErrors(io, async () => {
    const res = await inspectArchive(tarPath ?? engineFor(io).save(image as string));
    return {
      ref: image ?? escapeControls(tar as string),
      unresolved: res.report.linkage.unresolved.map((f) => ({ path: f.path.startsWith("/") ? f.path : `/${f.path}`, missing: f.unresolved })),
    };
  });
}
