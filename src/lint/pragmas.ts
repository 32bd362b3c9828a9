// In-file suppressions: `# slimstage ignore=ID[,ID]` and `# hadolint ignore=DL3008` for the next instruction,
// `# slimstage global ignore=…` / `# hadolint global ignore=…` for the whole file, and BuildKit's
// `# check=skip=A,B;error=true` parser directive.
import type { DockerfileTree } from "../syntax/types.js";

export interface Pragmas {
  /** Rule ids/aliases ignored everywhere in the file. */
  global: Set<string>;
  /** Rule ids/aliases ignored per line (every line of the instruction after the comment). */
  byLine: Map<number, Set<string>>;
  /** BuildKit checks skipped by `# check=skip=…` (`all` skips every BuildKit check). */
  checkSkip: Set<string>;
  /** `# check=error=true`: BuildKit checks fail the build. */
  checkError: boolean;
}

const pragma = /^(slimstage|hadolint)\s+(global\s+)?ignore\s*=\s*([A-Za-z0-9_,\s-]+)$/;

export function readPragmas(tree: DockerfileTree): Pragmas {
  const out: Pragmas = { global: new Set(), byLine: new Map(), checkSkip: new Set(), checkError: false };
  for (const d of tree.directives) {
    if (d.name !== "check") continue;
    for (const part of d.value.split(";")) {
      const [k, v = ""] = part.split("=", 2).map((s) => s.trim());
      if (k === "skip")
        for (const id of v
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean))
          out.checkSkip.add(id);
      if (k === "error") out.checkError = v.toLowerCase() === "true";
    }
  }
  let pending = new Set<string>();
  const visit = (text: string): void => {
    const m = pragma.exec(text.trim());
    if (!m) return;
    const ids = (m[3] as string).split(/[\s,]+/).filter(Boolean);
    for (const id of ids) (m[2] ? out.global : pending).add(id);
  };
  for (const item of tree.items) {
    if (item.type === "comment") visit(item.text);
    else if (item.type === "instruction") {
      if (pending.size) {
        for (let l = item.range.start.line; l <= item.range.end.line; l++) out.byLine.set(l, new Set([...(out.byLine.get(l) ?? []), ...pending]));
        pending = new Set();
      }
    }
  }
  return out;
}
